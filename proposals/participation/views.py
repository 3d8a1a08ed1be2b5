"""Views of participation. Thin: check access, call a service, redirect or render.

Access (decided in :mod:`proposals.access`, re-checked in the services):

- everyone who reads a Blueprint's working copy (the province's editors, viewers and
  line-agency contributors) sees its participation page, workshops, comment threads,
  activity feed and submitted inputs, and may comment; OPDC reviewers get 403 (they see
  only what was submitted) and strangers to the province 404;
- the strategy office (editors) manages participants and workshops and decides inputs;
- an agency's contributors draft and submit inputs to the sections assigned to it, and
  see their own drafts (others get 403);
- notifications and preferences belong to their person only (another's: 404).

Every change is POST-only with CSRF; an HTMX request gets the changed fragment back,
any other request a redirect, so everything works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proposals import access, history, page_cache
from proposals import selectors as blueprint_selectors
from proposals import services as blueprint_services
from proposals.attachments.views import panel_context
from proposals.forms import build_row_form
from proposals.models import CONTENT_SECTIONS, Section, SectionKey
from proposals.participation import comments as comment_services
from proposals.participation import inputs as input_services
from proposals.participation import notifications as notification_services
from proposals.participation import privacy, selectors
from proposals.participation import workshops as workshop_services
from proposals.participation.activity import feed
from proposals.participation.forms import (
    CommentEditForm,
    CommentForm,
    InviteForm,
    ParticipantForm,
    PointForm,
    PreferenceForm,
    PromoteForm,
    ReasonForm,
    SubmitInputForm,
    WorkshopForm,
)
from proposals.participation.models import (
    AgencyInput,
    Attendance,
    Comment,
    InputAction,
    InputItem,
    InputStatus,
    Notification,
    Participant,
    Workshop,
    WorkshopInvitee,
    WorkshopPoint,
)
from proposals.rows import KINDS, field_label, ordered_display_keys, serialize
from strategies import http

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


# --------------------------------------------------------------------------
# Inbox and notifications
# --------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    box = selectors.inbox(request.user)
    return render(request, "proposals/participation/inbox.html", {"box": box})


def _notifications_page(request):
    notifications = list(
        Notification.objects.filter(recipient=request.user).select_related("actor")[:100]
    )
    for notification in notifications:
        notification.text = notification_services.notification_text(notification)
    return notifications


@login_required
@require_GET
def notification_list(request):
    notifications = _notifications_page(request)
    preference = notification_services.preference_for(request.user)
    return render(
        request,
        "proposals/participation/notifications.html",
        {
            "notifications": notifications,
            "unread": sum(1 for n in notifications if n.is_unread),
            "preference_form": PreferenceForm(initial={"email_mode": preference.email_mode}),
        },
    )


@login_required
@require_GET
def notification_bell(request):
    """The bell's unread count (loaded by HTMX into every page's navigation)."""
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "proposals/participation/_bell.html", {"unread": unread, "loaded": True})


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read (or unread again with ``unread=1``); then open its link."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if request.POST.get("unread") == "1":
        notification_services.mark_unread(user=request.user, notification_id=notification.pk)
    else:
        notification_services.mark_read(user=request.user, notification_ids=[notification.pk])
    notification.refresh_from_db()
    if http.is_htmx(request):
        notification.text = notification_services.notification_text(notification)
        return render(request, "proposals/participation/_notification.html", {"n": notification})
    if request.POST.get("open") == "1" and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("proposals:participation:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = notification_services.mark_read(user=request.user)
    messages.success(request, _("%(count)s notification(s) marked read.") % {"count": count})
    return redirect("proposals:participation:notifications")


@login_required
@require_POST
def notification_settings(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        notification_services.preference_set(
            user=request.user, email_mode=form.cleaned_data["email_mode"]
        )
        messages.success(request, _("Your e-mail preference was saved."))
    else:
        messages.error(request, _("Choose how you want to be e-mailed."))
    return redirect("proposals:participation:notifications")


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
# Agency inputs
# --------------------------------------------------------------------------


def _input_or_404(blueprint, input_pk):
    return get_object_or_404(
        AgencyInput.objects.select_related(
            "section", "agency", "created_by", "submitted_by", "decided_by"
        ),
        pk=input_pk,
        blueprint=blueprint,
    )


def _require_input_read(rights, agency_input) -> None:
    """Drafts are the agency's own; submitted and decided inputs are open to the Blueprint."""
    if agency_input.status == InputStatus.DRAFT and agency_input.agency_id not in rights.agencies:
        raise PermissionDenied


def _require_input_agency(rights, agency_input) -> None:
    if agency_input.agency_id not in rights.agencies:
        raise PermissionDenied


@login_required
@require_POST
def input_start(request, pk, key):
    blueprint, rights = _load(request, pk)
    if key not in CONTENT_SECTIONS:
        raise Http404
    section = get_object_or_404(
        Section.objects.select_related("blueprint", "assignee"), blueprint=blueprint, key=key
    )
    if section.assignee_id is None or section.assignee_id not in rights.agencies:
        raise PermissionDenied
    try:
        agency_input = input_services.input_start(user=request.user, section=section)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(blueprint)
    return redirect(agency_input)


def _item_rows(blueprint, agency_input, items):
    """Each proposed change beside the row it changes: the row as it is now while the input
    is open (what the office decides on), the row as it was when proposed once decided."""
    is_open = agency_input.status in (InputStatus.DRAFT, InputStatus.SUBMITTED)
    current = selectors.section_rows(blueprint, agency_input.section.key) if is_open else {}
    result = []
    for item in items:
        kind = KINDS.get(item.kind)
        if kind is None:
            continue
        mine = history.readable(kind, item)
        row = (
            current.get((item.kind, item.target_id))
            if item.action == InputAction.CHANGE and is_open
            else None
        )
        theirs = {}
        if row is not None:
            _data, theirs = serialize(kind, row)
            theirs = history.readable(kind, _Saved(_data, theirs))
        elif item.action == InputAction.CHANGE:
            theirs = item.base_display or {}
        fields = []
        for name in ordered_display_keys(kind, mine, theirs):
            old, new = str(theirs.get(name, "")), str(mine.get(name, ""))
            if not old and not new:
                continue
            fields.append(history.FieldDiff(field_label(kind, name), old, new, _diff(old, new)))
        result.append(
            {
                "item": item,
                "kind": kind,
                "row": row,
                "fields": fields,
                "removed": is_open and item.action == InputAction.CHANGE and row is None,
                "changed_since": (
                    row is not None
                    and item.target_version is not None
                    and row.version != item.target_version
                ),
            }
        )
    return result


class _Saved:
    """Looks like a revision to :func:`proposals.history.readable`."""

    def __init__(self, data, display):
        self.data, self.display = data, display


def _diff(old, new):
    from proposals.diffing import diff_html

    return diff_html(old, new)


def _proposable(blueprint, agency_input):
    """What the agency may propose: new rows per kind (with their parents) and changes."""
    rows = selectors.section_rows(blueprint, agency_input.section.key)
    kinds = input_services.kinds_for_section(agency_input.section.key)
    add, change = [], []
    for kind in kinds:
        if kind.single:
            continue
        if kind.asks_parent:
            parents = [obj for (k, _pk), obj in rows.items() if k == kind.parent]
        else:
            parents = [None]
        for parent in parents:
            add.append({"kind": kind, "parent": parent})
    for (kind_key, _pk), obj in rows.items():
        change.append({"kind": KINDS[kind_key], "row": obj, "label": KINDS[kind_key].label_of(obj)})
    return add, change


@login_required
@require_GET
def input_detail(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_read(rights, agency_input)
    items = list(agency_input.items.order_by("pk"))
    is_agency = agency_input.agency_id in rights.agencies
    editable = is_agency and agency_input.status == InputStatus.DRAFT and blueprint.is_editable
    decidable = rights.edit and agency_input.status == InputStatus.SUBMITTED
    add, change = _proposable(blueprint, agency_input) if editable else ([], [])
    return render(
        request,
        "proposals/participation/input_detail.html",
        {
            "blueprint": blueprint,
            "rights": rights,
            "input": agency_input,
            "items": _item_rows(blueprint, agency_input, items),
            "editable": editable,
            "decidable": decidable and blueprint.is_editable,
            "can_return": decidable,
            "can_rework": is_agency
            and agency_input.status == InputStatus.RETURNED
            and blueprint.is_editable,
            "head": history.latest_number(blueprint, agency_input.section.key),
            "add": add,
            "change": change,
            "submit_form": SubmitInputForm(initial={"note": agency_input.note}),
            "return_form": ReasonForm(),
        },
    )


def _item_form_page(request, blueprint, agency_input, kind, form, *, target=None, parent=None):
    return render(
        request,
        "proposals/participation/input_item_form.html",
        {
            "blueprint": blueprint,
            "input": agency_input,
            "kind": kind,
            "form": form,
            "target": target,
            "parent": parent,
            "title": (
                _("Propose a change: %(row)s") % {"row": kind.label_of(target) or kind.verbose_name}
                if target is not None
                else _("Propose a new row: %(kind)s") % {"kind": kind.verbose_name}
            ),
        },
    )


def _input_for_items(request, pk, input_pk, kind_key):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    kind = KINDS.get(kind_key)
    if kind is None or kind.is_header or kind.section != agency_input.section.key:
        raise Http404
    return blueprint, rights, agency_input, kind


def _save_item(
    request, blueprint, agency_input, kind, form, *, target=None, parent=None, base=None
):
    data, display = input_services.item_payload(kind, form, parent=parent)
    try:
        input_services.input_item_add(
            user=request.user, agency_input=agency_input, kind=kind, data=data, display=display,
            target=target, target_version=form.cleaned_data.get("version") if target else None,
            parent=parent, base_display=base,
        )  # fmt: skip
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    except ValidationError as error:  # past what a Blueprint may hold (proposals.limits)
        http.add_errors(form, error)
        return _item_form_page(
            request, blueprint, agency_input, kind, form, target=target, parent=parent
        )
    else:
        messages.success(request, _("Added to your input."))
    return redirect(agency_input)


@login_required
@GET_POST
def input_item_add(request, pk, input_pk, kind):
    blueprint, rights, agency_input, kind = _input_for_items(request, pk, input_pk, kind)
    if kind.single:
        raise Http404
    parent = None
    if kind.asks_parent:
        raw = request.GET.get("parent") or request.POST.get("parent")
        if not str(raw or "").isdigit():
            raise Http404
        parent = input_services.parent_row(blueprint, kind, raw)
        if parent is None:
            raise Http404
    if agency_input.status != InputStatus.DRAFT:
        messages.error(request, _("This input has been submitted already."))
        return redirect(agency_input)
    form = build_row_form(kind, blueprint, data=_post_data(request), parent=parent, rights=rights)
    if request.method == "POST" and form.is_valid():
        return _save_item(request, blueprint, agency_input, kind, form, parent=parent)
    return _item_form_page(request, blueprint, agency_input, kind, form, parent=parent)


@login_required
@GET_POST
def input_item_change(request, pk, input_pk, kind, row_pk):
    blueprint, rights, agency_input, kind = _input_for_items(request, pk, input_pk, kind)
    target = input_services.target_row(blueprint, kind, row_pk)
    if target is None or (kind.single and target.pk != row_pk):
        raise Http404
    # An agency proposes changes to the rows it could change itself, decided on the
    # row as stored (before the form copies the posted values onto it).
    access.require_owner(rights, kind, target)
    if agency_input.status != InputStatus.DRAFT:
        messages.error(request, _("This input has been submitted already."))
        return redirect(agency_input)
    _data, base = serialize(kind, target)  # before the form changes the instance
    form = build_row_form(kind, blueprint, data=_post_data(request), instance=target, rights=rights)
    if request.method == "POST" and form.is_valid():
        return _save_item(request, blueprint, agency_input, kind, form, target=target, base=base)
    return _item_form_page(request, blueprint, agency_input, kind, form, target=target)


@login_required
@require_POST
def input_item_remove(request, pk, input_pk, item_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    item = get_object_or_404(InputItem, pk=item_pk, input=agency_input)
    try:
        input_services.input_item_remove(user=request.user, item=item)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    if http.is_htmx(request):
        return HttpResponse("")
    return redirect(agency_input)


@login_required
@require_POST
def input_submit(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    form = SubmitInputForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        input_services.input_submit(user=request.user, agency_input=agency_input, note=note)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Submitted to the strategy office."))
    return redirect(agency_input)


@login_required
@require_POST
def input_discard(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    try:
        input_services.input_discard(user=request.user, agency_input=agency_input)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(agency_input)
    messages.success(request, _("The draft was discarded."))
    return redirect(f"{blueprint.get_absolute_url()}#section-{agency_input.section.key}")


@login_required
@require_POST
def input_rework(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    try:
        draft = input_services.input_rework(user=request.user, agency_input=agency_input)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(agency_input)
    return redirect(draft)


@login_required
@require_POST
def input_accept(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    access.require_edit(rights)
    head = request.POST.get("head", "")
    choices = {
        item_pk: request.POST.get(f"choice-{item_pk}", "")
        for item_pk in agency_input.items.values_list("pk", flat=True)
    }
    try:
        input_services.input_accept(
            user=request.user,
            agency_input=agency_input,
            head=int(head) if head.isdigit() else -1,
            choices=choices,
        )
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(agency_input)
    messages.success(request, _("The input was merged into the Blueprint."))
    return redirect(f"{blueprint.get_absolute_url()}#section-{agency_input.section.key}")


@login_required
@GET_POST
def input_return(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    access.require_edit(rights)
    form = ReasonForm(_post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            input_services.input_return(
                user=request.user, agency_input=agency_input, reason=form.cleaned_data["reason"]
            )
        except blueprint_services.Refused as error:
            messages.error(request, error.message)
            return redirect(agency_input)
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("The input was returned to the agency."))
            return redirect(agency_input)
    return render(
        request,
        "proposals/participation/form.html",
        {"blueprint": blueprint, "form": form, "title": _("Return the input"),
         "cancel_url": agency_input.get_absolute_url(), "submit_label": _("Return")},
    )  # fmt: skip


# --------------------------------------------------------------------------
# Workshops
# --------------------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request, pk):
    blueprint, rights = _load(request, pk)
    return render(
        request,
        "proposals/participation/workshop_list.html",
        {"blueprint": blueprint, "rights": rights, "workshops": selectors.workshops_of(blueprint)},
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


INVITEE_ROW = "proposals/participation/_invitee_row.html"
POINT_ROW = "proposals/participation/_point_row.html"
ATTENDANCE_CHOICES = [a for a in Attendance if a != Attendance.INVITED]


def _invitee_rows(request, blueprint, workshop, invitees, can_edit) -> None:
    """Set ``invitee.html``: each invitee's row, rendered once for what it shows (the
    invitation's fields, the person's and organisation's names, the reader's rights)."""
    context = {
        "blueprint": blueprint,
        "workshop": workshop,
        "can_edit": can_edit,
        "attendance_choices": ATTENDANCE_CHOICES,
    }
    for invitee in invitees:
        values = (
            page_cache.fields_of(invitee),
            invitee.display_name,
            invitee.organisation_name,
            blueprint.pk,
            can_edit,
        )
        invitee.html = page_cache.fragment(
            request, INVITEE_ROW, {**context, "invitee": invitee}, values
        )


def _point_rows(request, blueprint, workshop, points, can_edit) -> None:
    """Set ``point.html``: each idea or comment raised, rendered once for what it shows
    (the point's fields, what it became and who promoted it, the reader's rights, whether
    the Blueprint can still take a promoted idea)."""
    can_promote = blueprint.is_editable
    context = {
        "blueprint": blueprint,
        "workshop": workshop,
        "can_edit": can_edit,
        "can_promote": can_promote,
        "promote_categories": PromoteForm.base_fields["category"].choices,
    }
    for point in points:
        promoted_by = point.promoted_by
        values = (
            page_cache.fields_of(point),
            point.change_proposal.title if point.change_proposal_id else None,
            point.risk.description if point.risk_id else None,
            (promoted_by.get_full_name(), promoted_by.username) if promoted_by else None,
            blueprint.pk,
            can_edit,
            can_promote,
        )
        point.html = page_cache.fragment(request, POINT_ROW, {**context, "p": point}, values)


def _workshop_context(request, blueprint, rights, workshop, **extra):
    invitees, points = selectors.workshop_detail(workshop)
    _invitee_rows(request, blueprint, workshop, invitees, rights.edit)
    _point_rows(request, blueprint, workshop, points, rights.edit)
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


# --------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------


def _section_param(request, blueprint=None) -> str:
    """The section asked for; without one, the first section with an open thread (so the
    page does not open on an empty section while others wait for an answer)."""
    key = request.GET.get("section") or request.POST.get("section")
    if not key and blueprint is not None:
        open_sections = set(
            blueprint.comments.filter(parent=None, resolved_at=None).values_list(
                "section", flat=True
            )
        )
        key = next((value for value in SectionKey.values if value in open_sections), None)
    key = key or SectionKey.GOALS
    if key not in SectionKey.values:
        raise Http404
    return key


def _parse_row(raw: str, rows: dict):
    """``(kind, row)`` from the form's "kind:pk" choice, checked to be of the section."""
    if not raw:
        return "", None
    kind_key, _sep, pk = raw.partition(":")
    if not pk.isdigit() or (kind_key, int(pk)) not in rows:
        raise Http404
    return kind_key, rows[(kind_key, int(pk))]


def _thread_context(
    request, blueprint, rights, section, *, form=None, only_row=None, first=False, focus=None
):
    """The section's threads, a page of them: ``?page=N``, or the page of ``?thread=ID``
    or of ``focus`` (where a notification or a redirect points), or the first page when
    ``first``."""
    rows = selectors.section_rows(blueprint, section)
    show_resolved = request.GET.get("resolved") != "0"
    ids = selectors.thread_ids(
        blueprint, section=section, row=only_row, show_resolved=show_resolved
    )
    number = 1 if first else request.GET.get("page")
    wanted = str(focus) if focus else request.GET.get("thread", "")
    if not first and wanted.isdigit() and int(wanted) in ids:
        number = ids.index(int(wanted)) // selectors.THREADS_PER_PAGE + 1
    page = Paginator(ids, selectors.THREADS_PER_PAGE).get_page(number)
    thread_list = selectors.threads(blueprint, list(page.object_list))
    selectors.annotate_versions(thread_list, rows)
    for root in thread_list:
        _decorate(request.user, rights, root)
    query = {"section": section}
    if only_row:
        query["row"] = f"{only_row[0]}:{only_row[1]}"
    if not show_resolved:
        query["resolved"] = "0"
    return {
        "blueprint": blueprint,
        "rights": rights,
        "section": section,
        "section_label": SectionKey(section).label,
        "sections": [(key.value, key.label) for key in SectionKey],
        "counts": selectors.comment_counts(blueprint),
        "threads": thread_list,
        "page": page,
        "query_without_page": urlencode(query),
        "form": form or CommentForm(rows=selectors.row_choices(rows)),
        "only_row": only_row,
        "show_resolved": show_resolved,
        "workshop_points": list(
            WorkshopPoint.objects.filter(workshop__blueprint=blueprint, section=section)
            .select_related("workshop")
            .order_by("-workshop__starts_at", "pk")
        ),
    }


def _decorate(user, rights, root):
    root.can_resolve = comment_services.can_resolve(user, rights, root)
    for comment in [root, *root.reply_list]:
        comment.html = comment_services.render_body(comment, comment.mention_list)
        comment.can_edit = comment_services.can_edit(user, comment)


@login_required
@GET_POST
def comment_threads(request, pk):
    """The threads of one section (or one row of it); POST starts a thread."""
    blueprint, rights = _load(request, pk)
    section = _section_param(request, blueprint)
    only_row = None
    raw_row = request.GET.get("row", "")
    if raw_row:
        kind_key, _sep, row_pk = raw_row.partition(":")
        if not row_pk.isdigit():
            raise Http404
        only_row = (kind_key, int(row_pk))
    form = None
    status = 200
    if request.method == "POST":
        rows = selectors.section_rows(blueprint, section)
        form = CommentForm(request.POST, rows=selectors.row_choices(rows))
        status = 400
        if form.is_valid():
            row_kind, row = _parse_row(form.cleaned_data.get("row", ""), rows)
            try:
                comment = comment_services.comment_post(
                    user=request.user, blueprint=blueprint, body=form.cleaned_data["body"],
                    section=section, row_kind=row_kind, row=row,
                )  # fmt: skip
            except ValidationError as error:
                http.add_errors(form, error)
                status = _refused_status(error)
            else:
                if http.is_htmx(request):
                    # The threads with the new comment, and an empty form (out of band).
                    context = _thread_context(
                        request, blueprint, rights, section, only_row=only_row, first=True
                    )
                    context["oob_form"] = True
                    return render(request, "proposals/participation/_threads.html", context)
                messages.success(request, _("Comment posted."))
                return redirect(comment.get_absolute_url())
    context = _thread_context(request, blueprint, rights, section, form=form, only_row=only_row)
    if http.is_htmx(request):
        context["oob_form"] = form is not None  # the form again, with its errors
        return render(request, "proposals/participation/_threads.html", context)
    return render(request, "proposals/participation/comments.html", context, status=status)


def _refused_status(error: ValidationError) -> int:
    """429 when the person is writing too fast (they may retry later), else 400."""
    return 429 if isinstance(error, comment_services.RateLimited) else 400


def _comment_or_404(blueprint, comment_pk):
    return get_object_or_404(
        Comment.objects.select_related("author", "parent", "blueprint"),
        pk=comment_pk,
        blueprint=blueprint,
    )


def _render_thread(request, blueprint, rights, root_pk, section, *, reply=None, status=200):
    """The thread alone (HTMX); ``reply`` a refused reply form, shown with what was typed."""
    rows = selectors.section_rows(blueprint, section)
    thread_list = selectors.threads(blueprint, [root_pk])
    if not thread_list:
        raise Http404
    selectors.annotate_versions(thread_list, rows)
    _decorate(request.user, rights, thread_list[0])
    thread_list[0].reply_form = reply
    return render(
        request,
        "proposals/participation/_thread.html",
        {"blueprint": blueprint, "rights": rights, "thread": thread_list[0], "section": section},
        status=status,
    )


@login_required
@require_POST
def comment_reply(request, pk, comment_pk):
    blueprint, rights = _load(request, pk)
    parent = _comment_or_404(blueprint, comment_pk)
    form = CommentEditForm(request.POST)
    root_pk = parent.parent_id or parent.pk
    if form.is_valid():
        try:
            comment_services.comment_post(
                user=request.user, blueprint=blueprint, body=form.cleaned_data["body"],
                parent=parent,
            )  # fmt: skip
        except ValidationError as error:
            # Refused (too fast, too many mentions): the thread again, the reply kept.
            http.add_errors(form, error)
            if http.is_htmx(request):
                return _render_thread(
                    request, blueprint, rights, root_pk, parent.section, reply=form
                )
            context = _thread_context(request, blueprint, rights, parent.section, focus=root_pk)
            for thread in context["threads"]:
                if thread.pk == root_pk:
                    thread.reply_form = form
            return render(
                request,
                "proposals/participation/comments.html",
                context,
                status=_refused_status(error),
            )
        if http.is_htmx(request):
            return _render_thread(request, blueprint, rights, root_pk, parent.section)
        messages.success(request, _("Reply posted."))
    else:
        messages.error(request, _("Write a reply."))
    return redirect(parent.get_absolute_url())


@login_required
@GET_POST
def comment_edit(request, pk, comment_pk):
    blueprint, rights = _load(request, pk)
    comment = _comment_or_404(blueprint, comment_pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    form = CommentEditForm(_post_data(request), initial={"body": comment.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_edit(
                user=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except blueprint_services.Refused as error:
            messages.error(request, error.message)
            return redirect(comment.get_absolute_url())
        except ValidationError as error:
            http.add_errors(form, error)
            status = _refused_status(error)
        else:
            if http.is_htmx(request):
                return _render_thread(
                    request, blueprint, rights, comment.parent_id or comment.pk, comment.section
                )
            messages.success(request, _("Saved."))
            return redirect(comment.get_absolute_url())
    if not comment_services.can_edit(request.user, comment):
        messages.error(request, _("A comment can only be edited in the first 15 minutes."))
        return redirect(comment.get_absolute_url())
    if http.is_htmx(request):
        response = render(
            request,
            "proposals/participation/_comment_edit.html",
            {"blueprint": blueprint, "comment": comment, "form": form},
        )
        if form.errors:  # the form again, with its errors, in place of itself
            response["HX-Retarget"] = f"#comment-{comment.pk}"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(
        request,
        "proposals/participation/comment_edit.html",
        {"blueprint": blueprint, "comment": comment, "form": form},
        status=status,
    )


@login_required
@require_POST
def comment_resolve(request, pk, comment_pk):
    blueprint, rights = _load(request, pk)
    comment = _comment_or_404(blueprint, comment_pk)
    if comment.parent_id is not None:
        raise Http404
    if not comment_services.can_resolve(request.user, rights, comment):
        raise PermissionDenied
    resolved = request.POST.get("resolved") != "0"
    comment_services.comment_set_resolved(user=request.user, comment=comment, resolved=resolved)
    if http.is_htmx(request):
        return _render_thread(request, blueprint, rights, comment.pk, comment.section)
    return redirect(comment.get_absolute_url())


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
