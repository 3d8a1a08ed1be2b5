"""The comment box's ``@mention`` suggestions (JSON), for ``static/js/mentions.js``.

Access as the comment threads': whoever reads the working copy (strangers 404, OPDC
403). GET only; the answer names only people and agencies of the Blueprint's province.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from proposals import access, selectors
from proposals.participation import mentions


@login_required
@require_GET
def mention_suggestions(request, pk):
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    access.require_live(rights)
    found = mentions.suggestions(blueprint, request.GET.get("q", ""))
    response = JsonResponse(
        {
            "results": [
                {"token": s.token, "label": s.label, "detail": s.detail, "kind": s.kind}
                for s in found
            ]
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response
