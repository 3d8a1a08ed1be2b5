"""The help page: what a Blueprint for Change is, for an officer meeting it for the first time."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def about(request):
    """Open to everyone, signed in or not: it explains the method, not anyone's data."""
    return render(request, "help/about.html")
