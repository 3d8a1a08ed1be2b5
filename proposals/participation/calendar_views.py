"""The workshop's invitation as an iCalendar file (``invitation.ics``).

Whoever may read the workshop page may download it (the province's members; strangers
404, OPDC 403 — the working copy's participation record is not theirs to read). The
event carries no one's name: only the workshop, its time, place and agenda.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from proposals import access, selectors
from proposals.participation import calendar
from proposals.participation.models import Workshop
from proposals.participation.notifications import absolute


@login_required
@require_GET
def workshop_ics(request, pk, workshop_pk):
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    access.require_live(rights)
    workshop = get_object_or_404(Workshop, pk=workshop_pk, blueprint=blueprint)
    workshop.blueprint = blueprint
    body = calendar.workshop_ics(workshop, url=absolute(workshop.get_absolute_url()))
    response = HttpResponse(body, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{calendar.filename(workshop)}"'
    return response
