"""Views of workshops: invitees, attendance, the points raised and promoted to rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from proposals import access
from proposals import services as blueprint_services
from proposals.attachments.views import panel_context
from proposals.list_filters import WorkshopFilter
from proposals.participation import privacy, selectors
from proposals.participation import workshops as workshop_services
from proposals.participation.forms import (
    InviteForm,
    PointForm,
    PromoteForm,
    WorkshopForm,
)
from proposals.participation.models import (
    Attendance,
    Workshop,
    WorkshopInvitee,
    WorkshopPoint,
)
from proposals.participation.views.shared import GET_POST, _load, _post_data
from strategies import http

# --------------------------------------------------------------------------
# Workshops
# --------------------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request, pk):
    blueprint, rights = _load(request, pk)
    filters = WorkshopFilter(request.GET or None)
    now = timezone.now()
    workshops = selectors.workshops_of(blueprint, narrow=lambda q: filters.apply(q, now=now))
    return render(
        request,
        "proposals/participation/workshop_list.html",
        {"blueprint": blueprint, "rights": rights, "workshops": workshops, "filters": filters},
    )


def _workshop_or_404(blueprint, workshop_pk):
    return get_object_or_404(Workshop, pk=workshop_pk, blueprint=blueprint)


@login_required
@GET_POST
def workshop_create(request, pk):
    blueprint, rights = _load(request, pk)
    access.require_edit(rights)
    form = WorkshopForm(_post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            workshop = workshop_services.workshop_create(
                user=request.user, blueprint=blueprint, values=form.values()
            )
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("The workshop was recorded."))
            return redirect(workshop)
    return render(
        request,
        "proposals/participation/form.html",
        {"blueprint": blueprint, "form": form, "title": _("Record a workshop"),
         "cancel_url": reverse("proposals:participation:workshops", args=[blueprint.pk])},
    )  # fmt: skip


@login_required
@GET_POST
def workshop_edit(request, pk, workshop_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    access.require_edit(rights)
    form = WorkshopForm(_post_data(request), workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            workshop_services.workshop_update(
                user=request.user, workshop=workshop, values=form.values(),
                version=form.cleaned_data.get("version"),
            )  # fmt: skip
        except blueprint_services.EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else saved this workshop while you were editing. Copy your text, "
                    "reload the page and add it again."
                ),
            )
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(workshop)
    return render(
        request,
        "proposals/participation/form.html",
        {"blueprint": blueprint, "form": form, "title": workshop.title,
         "cancel_url": workshop.get_absolute_url()},
    )  # fmt: skip


ATTENDANCE_CHOICES = [a for a in Attendance if a != Attendance.INVITED]


def _workshop_context(request, blueprint, rights, workshop, **extra):
    invitees, points = selectors.workshop_detail(workshop)
    counts = workshop_services.attendance_counts([workshop.pk])[workshop.pk]
    return {
        "blueprint": blueprint,
        "rights": rights,
        "workshop": workshop,
        "invitees": invitees,
        "points": points,
        "counts": counts,
        "attendance_choices": ATTENDANCE_CHOICES,
        "can_edit": rights.edit,
        "can_promote": blueprint.is_editable,
        "promote_categories": PromoteForm.base_fields["category"].choices,
        **panel_context(request.user, rights, blueprint, workshop=workshop),
        "invite_form": InviteForm(blueprint=blueprint) if rights.edit else None,
        "point_form": PointForm() if rights.edit else None,
        **extra,
    }


@login_required
@require_GET
def workshop_detail(request, pk, workshop_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    return render(
        request,
        "proposals/participation/workshop_detail.html",
        _workshop_context(request, blueprint, rights, workshop),
    )


@login_required
@require_POST
def workshop_invite(request, pk, workshop_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    access.require_edit(rights)
    form = InviteForm(request.POST, blueprint=blueprint)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workshop_services.workshop_invite(
                user=request.user, workshop=workshop, organisation=data["organisation"],
                other_organisation=data["other_organisation"], person=data["person"],
                name=data["name"], position=data["position"],
            )  # fmt: skip
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Invited."))
            return redirect(f"{workshop.get_absolute_url()}#invitees")
    return render(
        request,
        "proposals/participation/workshop_detail.html",
        _workshop_context(request, blueprint, rights, workshop, invite_form=form),
        status=400,
    )


@login_required
@require_POST
def workshop_invite_participants(request, pk, workshop_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    access.require_edit(rights)
    count = workshop_services.workshop_invite_participants(user=request.user, workshop=workshop)
    messages.success(request, _("%(count)s agency(ies) invited.") % {"count": count})
    return redirect(f"{workshop.get_absolute_url()}#invitees")


def _invitee_or_404(workshop, invitee_pk):
    return get_object_or_404(
        WorkshopInvitee.objects.select_related("organisation", "user", "workshop"),
        pk=invitee_pk,
        workshop=workshop,
    )


@login_required
@require_POST
def invitee_attendance(request, pk, workshop_pk, invitee_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    invitee = _invitee_or_404(workshop, invitee_pk)
    access.require_edit(rights)
    attendance = request.POST.get("attendance", "")
    if attendance not in Attendance.values:
        return HttpResponse(_("Unknown attendance."), status=400)
    workshop_services.invitee_set_attendance(
        user=request.user, invitee=invitee, attendance=attendance
    )
    if http.is_htmx(request):
        counts = workshop_services.attendance_counts([workshop.pk])[workshop.pk]
        return render(
            request,
            "proposals/participation/_invitee_row.html",
            {
                "blueprint": blueprint,
                "workshop": workshop,
                "invitee": invitee,
                "can_edit": True,
                "attendance_choices": ATTENDANCE_CHOICES,
                "counts": counts,
                "oob_counts": True,
            },
        )
    return redirect(f"{workshop.get_absolute_url()}#invitee-{invitee.pk}")


@login_required
@require_POST
def invitee_remove(request, pk, workshop_pk, invitee_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    invitee = _invitee_or_404(workshop, invitee_pk)
    access.require_edit(rights)
    workshop_services.invitee_remove(user=request.user, invitee=invitee)
    return redirect(f"{workshop.get_absolute_url()}#invitees")


@login_required
@require_POST
def invitee_erase(request, pk, workshop_pk, invitee_pk):
    """A PDPA request: blank the person, keep their organisation and attendance."""
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    invitee = _invitee_or_404(workshop, invitee_pk)
    access.require_edit(rights)
    privacy.erase_invitees(actor=request.user, invitees=[invitee], request=request)
    messages.success(request, _("Personal data erased. The organisation and attendance are kept."))
    return redirect(f"{workshop.get_absolute_url()}#invitees")


@login_required
@require_POST
def point_add(request, pk, workshop_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    access.require_edit(rights)
    form = PointForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workshop_services.point_add(
                user=request.user, workshop=workshop, kind=data["kind"], text=data["text"],
                section=data["section"], raised_by=data["raised_by"],
            )  # fmt: skip
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect(f"{workshop.get_absolute_url()}#points")
    return render(
        request,
        "proposals/participation/workshop_detail.html",
        _workshop_context(request, blueprint, rights, workshop, point_form=form),
        status=400,
    )


def _point_or_404(workshop, point_pk):
    return get_object_or_404(
        WorkshopPoint.objects.select_related("workshop__blueprint"), pk=point_pk, workshop=workshop
    )


@login_required
@require_POST
def point_promote(request, pk, workshop_pk, point_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    point = _point_or_404(workshop, point_pk)
    access.require_edit(rights)
    form = PromoteForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose what the idea becomes."), status=400)
    to = form.cleaned_data["to"]
    try:
        row = workshop_services.point_promote(
            user=request.user, point=point, to=to, category=form.cleaned_data.get("category", "")
        )
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(f"{workshop.get_absolute_url()}#point-{point.pk}")
    messages.success(request, _("The idea is now a row of the Blueprint. Complete it there."))
    anchor = "change" if to == "change" else "risk"
    return redirect(f"{blueprint.get_absolute_url()}#{anchor}-{row.pk}")


@login_required
@require_POST
def point_remove(request, pk, workshop_pk, point_pk):
    blueprint, rights = _load(request, pk)
    workshop = _workshop_or_404(blueprint, workshop_pk)
    point = _point_or_404(workshop, point_pk)
    access.require_edit(rights)
    try:
        workshop_services.point_remove(user=request.user, point=point)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    return redirect(f"{workshop.get_absolute_url()}#points")
