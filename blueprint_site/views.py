"""Site-wide views that belong to no app: the language switch, the help page, the bench's
baseline."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from strategies.models import Profile


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the profile of a signed-in person."""
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        Profile.objects.update_or_create(user=request.user, defaults={"language": language})
    return django_set_language(request)


@require_GET
def help_page(request):
    """What a Blueprint for Change is, for an officer meeting it for the first time. Open
    to everyone, signed in or not: it explains the method, not anyone's data."""
    return render(request, "help/about.html")


@require_GET
def bench_ping(request):
    """The cheapest Django response (full middleware, no database, no template): the
    baseline `bench/run.py` compares page throughput with. Routed only when
    ``DJANGO_BENCH=1``."""
    return HttpResponse("ok", content_type="text/plain")
