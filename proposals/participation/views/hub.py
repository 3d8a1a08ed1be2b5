"""Views of a Blueprint's participation page: the hub, its participants, the activity feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from proposals import access
from proposals import services as blueprint_services
from proposals.participation import inputs as input_services
from proposals.participation import selectors
from proposals.participation.activity import feed
from proposals.participation.forms import (
    ParticipantForm,
)
from proposals.participation.models import (
    Participant,
)
from proposals.participation.views.shared import GET_POST, _hub_url, _load, _post_data
from strategies import http

# --------------------------------------------------------------------------
# A Blueprint's participation page, participants
# --------------------------------------------------------------------------


@login_required
@require_GET
def hub(request, pk):
    blueprint, rights = _load(request, pk)
    return render(
        request,
        "proposals/participation/hub.html",
        {
            "blueprint": blueprint,
            "rights": rights,
            "participants": list(selectors.participants_of(blueprint)),
            "sections": selectors.sections_of(blueprint),
            "inputs": list(selectors.inputs_of(blueprint, rights)),
            "workshops": selectors.workshops_of(blueprint),
            "comment_counts": selectors.comment_counts(blueprint),
        },
    )


@login_required
@GET_POST
def participant_add(request, pk):
    blueprint, rights = _load(request, pk)
    access.require_edit(rights)
    form = ParticipantForm(_post_data(request), blueprint=blueprint)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            input_services.participant_add(
                user=request.user, blueprint=blueprint, organisation=data["organisation"],
                role=data["role"], contact_name=data["contact_name"],
                contact_position=data["contact_position"], contact_phone=data["contact_phone"],
                contact_email=data["contact_email"], contact_consent=data["contact_consent"],
            )  # fmt: skip
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("The agency was invited."))
            return redirect(_hub_url(blueprint, "participants"))
    return render(
        request,
        "proposals/participation/form.html",
        {"blueprint": blueprint, "form": form, "title": _("Invite an agency"),
         "cancel_url": _hub_url(blueprint, "participants")},
    )  # fmt: skip


def _participant_or_404(blueprint, participant_pk):
    return get_object_or_404(
        Participant.objects.select_related("organisation"), pk=participant_pk, blueprint=blueprint
    )


@login_required
@GET_POST
def participant_edit(request, pk, participant_pk):
    blueprint, rights = _load(request, pk)
    participant = _participant_or_404(blueprint, participant_pk)
    access.require_edit(rights)
    form = ParticipantForm(_post_data(request), instance=participant, blueprint=blueprint)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields if name != "organisation"}
        try:
            input_services.participant_update(
                user=request.user, participant=participant, values=values
            )
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_hub_url(blueprint, "participants"))
    return render(
        request,
        "proposals/participation/form.html",
        {"blueprint": blueprint, "form": form, "title": participant.organisation.name,
         "cancel_url": _hub_url(blueprint, "participants")},
    )  # fmt: skip


@login_required
@require_POST
def participant_remove(request, pk, participant_pk):
    blueprint, rights = _load(request, pk)
    participant = _participant_or_404(blueprint, participant_pk)
    access.require_edit(rights)
    try:
        input_services.participant_remove(user=request.user, participant=participant)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The agency no longer takes part."))
    return redirect(_hub_url(blueprint, "participants"))


# --------------------------------------------------------------------------
# Activity
# --------------------------------------------------------------------------


@login_required
@require_GET
def activity(request, pk):
    blueprint, rights = _load(request, pk)
    return render(
        request,
        "proposals/participation/activity.html",
        {"blueprint": blueprint, "rights": rights, "items": feed(blueprint, limit=100)},
    )
