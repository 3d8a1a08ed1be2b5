"""What the participation views share: loading a Blueprint with the person's rights,
the hub's address, GET/POST."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from proposals import access
from proposals import selectors as blueprint_selectors

GET_POST = require_http_methods(["GET", "POST"])


def _post_data(request):
    return request.POST if request.method == "POST" else None


def _load(request, pk):
    """The Blueprint and the person's rights: 404 for strangers, 403 for OPDC reviewers."""
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=blueprint_selectors.blueprint_queryset()
    )
    access.require_live(rights)
    return blueprint, rights


def _hub_url(blueprint, anchor=""):
    url = reverse("proposals:participation:hub", args=[blueprint.pk])
    return f"{url}#{anchor}" if anchor else url
