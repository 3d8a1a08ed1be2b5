"""Participants and agency inputs: the services.

An agency is invited into a Blueprint as a :class:`Participant` (lead or supporting,
with a contact person); assigning a section to an agency invites it too. A
contributor of an agency drafts an :class:`AgencyInput` to a section assigned to it:
new rows and changes to rows, written with the same forms as the Blueprint itself and
kept in the format of the history (``Revision.data``). Once submitted, the strategy
office sees it against the current section and either accepts it — every row is
written through the ordinary row services, so it is locked, checked and kept in the
history, and those revisions are attributed to the agency's author — or returns it
with a reason. Either way the agency is notified.

All functions are keyword-only, atomic, and check the person's rights themselves.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import access, history, limits, services
from proposals.models import Blueprint, Revision, Section, SectionStatus
from proposals.participation import notifications
from proposals.participation.activity import activity_record
from proposals.participation.models import (
    AgencyInput,
    InputAction,
    InputItem,
    InputStatus,
    NotificationKind,
    Participant,
    ParticipantRole,
)
from proposals.rows import KINDS, SECTION_KINDS, serialize, values_from_data
from strategies.models import OrganisationKind
from strategies.templatetags.thai_dates import num

Refused = services.Refused

# What the strategy office chooses for a row changed in the Blueprint after the agency
# proposed its change: the agency's text, or what the Blueprint holds now.
TAKE_AGENCY = "agency"
KEEP_CURRENT = "current"


class InputConflict(Refused):
    """Rows of the input were saved in the Blueprint after the agency read them: the office
    must choose, for each, which text to keep (``items``), before anything is merged."""

    def __init__(self, message, items):
        super().__init__(message)
        self.items = items


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --------------------------------------------------------------------------
# Participants
# --------------------------------------------------------------------------


def _check_agency(blueprint, organisation) -> None:
    if (
        organisation.kind != OrganisationKind.LINE_AGENCY
        or organisation.province_id != blueprint.province_id
    ):
        raise ValidationError({"organisation": _("Choose a line agency of this province.")})


@transaction.atomic
def participant_add(
    *,
    user,
    blueprint: Blueprint,
    organisation,
    role: str = ParticipantRole.SUPPORTING,
    contact_name: str = "",
    contact_position: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    contact_consent: bool = False,
) -> Participant:
    """Invite a line agency of the province into the Blueprint."""
    access.require_edit(access.rights_for(user, blueprint))
    _check_agency(blueprint, organisation)
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if Participant.objects.filter(blueprint=blueprint, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This agency already takes part.")})
    participant = Participant.objects.create(
        blueprint=blueprint,
        organisation=organisation,
        role=role,
        contact_name=contact_name.strip(),
        contact_position=contact_position.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        contact_consent=bool(contact_consent),
        invited_by=user,
    )
    activity_record(
        blueprint=blueprint,
        actor=user,
        verb="participant_added",
        data={"agency": organisation.name, "role": participant.role},
        url=_participation_url(blueprint),
    )
    return participant


@transaction.atomic
def participant_update(*, user, participant: Participant, values: dict) -> Participant:
    """Change a participant's role or contact person."""
    access.require_edit(access.rights_for(user, participant.blueprint))
    allowed = {
        "role",
        "contact_name",
        "contact_position",
        "contact_phone",
        "contact_email",
        "contact_consent",
    }
    values = {name: value for name, value in values.items() if name in allowed}
    if "role" in values and values["role"] not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    Participant.objects.filter(pk=participant.pk).update(**values)
    participant.refresh_from_db()
    activity_record(
        blueprint=participant.blueprint,
        actor=user,
        verb="participant_changed",
        data={"agency": participant.organisation.name, "role": participant.role},
        url=_participation_url(participant.blueprint),
    )
    return participant


@transaction.atomic
def participant_remove(*, user, participant: Participant) -> None:
    """Take an agency off the Blueprint (not while a section is still assigned to it)."""
    blueprint = participant.blueprint
    access.require_edit(access.rights_for(user, blueprint))
    if Section.objects.filter(blueprint=blueprint, assignee=participant.organisation_id).exists():
        raise Refused(_("A section is still assigned to this agency: assign it elsewhere first."))
    name = participant.organisation.name
    participant.delete()
    activity_record(
        blueprint=blueprint,
        actor=user,
        verb="participant_removed",
        data={"agency": name},
        url=_participation_url(blueprint),
    )


def _participation_url(blueprint) -> str:
    from django.urls import reverse

    return reverse("proposals:participation:hub", args=[blueprint.pk])


# --------------------------------------------------------------------------
# Agency inputs
# --------------------------------------------------------------------------


def kinds_for_section(section_key: str) -> list:
    """The row kinds an agency may propose in a section (every kind of row but the header)."""
    return [KINDS[key] for key in SECTION_KINDS.get(section_key, []) if not KINDS[key].is_header]


def _require_agency(user, blueprint, agency_id) -> None:
    rights = access.rights_for(user, blueprint)
    access.require_live(rights)
    if agency_id not in rights.agencies:
        raise PermissionDenied


def _lock_draft(agency_input: AgencyInput) -> None:
    """Lock the input for this transaction; it must still be a draft."""
    locked = AgencyInput.objects.filter(pk=agency_input.pk, status=InputStatus.DRAFT).update(
        version=F("version") + 1
    )
    if not locked:
        raise Refused(_("This input has been submitted already and can no longer be changed."))


def _still_assigned(agency_input: AgencyInput) -> None:
    assignee = Section.objects.values_list("assignee_id", flat=True).get(pk=agency_input.section_id)
    if assignee != agency_input.agency_id:
        raise Refused(_("This section is no longer assigned to your agency."))


@transaction.atomic
def input_start(*, user, section: Section) -> AgencyInput:
    """Open a draft input of the agency the section is assigned to (or its current draft)."""
    blueprint = section.blueprint
    if section.assignee_id is None:
        raise PermissionDenied
    _require_agency(user, blueprint, section.assignee_id)
    if not blueprint.is_editable:
        raise services.Locked(services.locked_message(blueprint))
    existing = AgencyInput.objects.filter(
        section=section, agency_id=section.assignee_id, status=InputStatus.DRAFT
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return AgencyInput.objects.create(
                blueprint=blueprint, section=section, agency_id=section.assignee_id,
                created_by=user,
            )  # fmt: skip
    except IntegrityError:  # someone of the agency opened one at the same moment
        return AgencyInput.objects.get(
            section=section, agency_id=section.assignee_id, status=InputStatus.DRAFT
        )


def item_payload(kind, form, *, parent=None) -> tuple[dict, dict]:
    """``(data, display)`` of a valid row form, in the format of ``Revision.data``."""
    from proposals.forms import form_values

    _values, extras = form_values(kind, form)
    data, display = serialize(kind, form.instance, extras=False)
    if kind.parent and parent is not None:
        data[kind.parent] = parent.pk
    if "targets" in extras:
        data["targets"] = {
            str(year): str(value) for year, value in extras["targets"].items() if value is not None
        }
        for year, value in sorted(extras["targets"].items()):
            if value is not None:
                display[f"target_{year}"] = num(value)
    if "budgets" in extras:
        budgets = {key: value for key, value in extras["budgets"].items() if value is not None}
        data["budgets"] = {
            f"{year}:{source}": str(value) for (year, source), value in budgets.items()
        }
        for (year, source), value in sorted(budgets.items()):
            display[f"budget_{year}_{source}"] = num(value)
    if "supporting_agencies" in extras:
        agencies = sorted(extras["supporting_agencies"], key=lambda org: org.name)
        data["supporting_agencies"] = sorted(org.pk for org in agencies)
        display["supporting_agencies"] = ", ".join(org.name for org in agencies)
    return data, display


def _check_owner(user, blueprint, kind, data: dict, target) -> None:
    """An agency proposes only what it could do itself: changes to rows its agency owns
    (decided on the row as stored, not on ``target``, which a form may have filled with
    posted values), and no row given to another agency."""
    if kind.owner_field is None:
        return
    rights = access.rights_for(user, blueprint)
    if target is not None:
        stored = target_row(blueprint, kind, target.pk)
        if stored is None:
            raise Refused(_("Someone else had already removed it."))
        access.require_owner(rights, kind, stored)
    attname = kind.model._meta.get_field(kind.owner_field).attname
    if (target is None or attname in data) and not rights.may_set_owner(kind, data.get(attname)):
        raise PermissionDenied


@transaction.atomic
def input_item_add(
    *,
    user,
    agency_input: AgencyInput,
    kind,
    data: dict,
    display: dict,
    target=None,
    target_version=None,
    parent=None,
    base_display=None,
) -> InputItem:
    """Add a proposed row to a draft: a new row, or (with ``target``) new text for a row."""
    _require_agency(user, agency_input.blueprint, agency_input.agency_id)
    if kind.section != agency_input.section.key or kind.is_header:
        raise PermissionDenied
    _check_owner(user, agency_input.blueprint, kind, data, target)
    _lock_draft(agency_input)
    _still_assigned(agency_input)
    limits.check_text(kind, data)
    if target is not None:
        # A second change to the same row replaces the first (or a proposed removal of it).
        InputItem.objects.filter(
            input=agency_input,
            kind=kind.key,
            target_id=target.pk,
            action__in=(InputAction.CHANGE, InputAction.REMOVE),
        ).delete()
    return InputItem.objects.create(
        input=agency_input,
        action=InputAction.CHANGE if target is not None else InputAction.ADD,
        kind=kind.key,
        target_id=target.pk if target is not None else None,
        target_version=target_version if target is not None else None,
        target_label=kind.label_of(target)[:500] if target is not None else "",
        parent_id=parent.pk if parent is not None else None,
        data=data,
        display=display,
        base_display=base_display or {},
    )


@transaction.atomic
def input_item_propose_removal(
    *, user, agency_input: AgencyInput, kind, target, target_version=None
) -> InputItem:
    """Propose removing ``target``, a row the agency owns in its section: like a change,
    it waits in the draft, and the office sees the row and decides. The row as it is now is
    kept on the proposal (what the agency saw), and its version: if the row is saved in the
    Blueprint after this, the office chooses between removing it and keeping it."""
    blueprint = agency_input.blueprint
    _require_agency(user, blueprint, agency_input.agency_id)
    if kind.section != agency_input.section.key or kind.is_header or kind.single:
        raise PermissionDenied
    _check_owner(user, blueprint, kind, {}, target)
    _lock_draft(agency_input)
    _still_assigned(agency_input)
    stored = target_row(blueprint, kind, target.pk)
    data, display = serialize(kind, stored)
    InputItem.objects.filter(
        input=agency_input,
        kind=kind.key,
        target_id=stored.pk,
        action__in=(InputAction.CHANGE, InputAction.REMOVE),
    ).delete()  # removing a row replaces a change proposed to it
    readable = history.readable(kind, _Shown(data, display))
    return InputItem.objects.create(
        input=agency_input,
        action=InputAction.REMOVE,
        kind=kind.key,
        target_id=stored.pk,
        target_version=target_version if target_version is not None else stored.version,
        target_label=kind.label_of(stored)[:500],
        data=data,
        display=display,
        base_display=readable,
    )


class _Shown:
    """Looks like a revision to :func:`proposals.history.readable`."""

    def __init__(self, data, display):
        self.data, self.display = data, display


@transaction.atomic
def input_item_remove(*, user, item: InputItem) -> None:
    agency_input = item.input
    _require_agency(user, agency_input.blueprint, agency_input.agency_id)
    _lock_draft(agency_input)
    InputItem.objects.filter(pk=item.pk).delete()


@transaction.atomic
def input_discard(*, user, agency_input: AgencyInput) -> None:
    """Throw a draft away (nothing was shown to the strategy office yet)."""
    _require_agency(user, agency_input.blueprint, agency_input.agency_id)
    _lock_draft(agency_input)
    agency_input.delete()


def _set_section_status(section_id, status) -> None:
    Section.objects.filter(pk=section_id).update(status=status, version=F("version") + 1)


def _agency_people(agency_input) -> list:
    people = notifications.members_of([agency_input.agency_id])
    return people


def _input_data(agency_input, user, **extra) -> dict:
    return {
        "blueprint": agency_input.blueprint.title,
        "section": agency_input.section.key,
        "agency": agency_input.agency.name,
        "actor": _name(user),
        **extra,
    }


@transaction.atomic
def input_submit(*, user, agency_input: AgencyInput, note: str = "") -> AgencyInput:
    """Hand the draft to the strategy office; the section becomes "submitted for merge"."""
    blueprint = agency_input.blueprint
    _require_agency(user, blueprint, agency_input.agency_id)
    if not agency_input.items.exists():
        raise Refused(_("Add at least one row before submitting."))
    services._lock_editable(blueprint)
    _still_assigned(agency_input)
    now = timezone.now()
    moved = AgencyInput.objects.filter(pk=agency_input.pk, status=InputStatus.DRAFT).update(
        status=InputStatus.SUBMITTED,
        note=(note or "").strip(),
        submitted_by=user,
        submitted_at=now,
        version=F("version") + 1,
    )
    if not moved:
        raise Refused(_("This input has been submitted already."))
    agency_input.refresh_from_db()
    _set_section_status(agency_input.section_id, SectionStatus.SUBMITTED)
    url = agency_input.get_absolute_url()
    data = _input_data(agency_input, user)
    notifications.notify(
        recipients=notifications.editors_of(blueprint.province_id),
        kind=NotificationKind.INPUT_SUBMITTED,
        blueprint=blueprint,
        actor=user,
        data=data,
        url=url,
    )
    activity_record(blueprint=blueprint, actor=user, verb="input_submitted", data=data, url=url)
    return agency_input


def _decide(user, agency_input, status, **changes) -> None:
    access.require_edit(access.rights_for(user, agency_input.blueprint))
    moved = AgencyInput.objects.filter(pk=agency_input.pk, status=InputStatus.SUBMITTED).update(
        status=status,
        decided_by=user,
        decided_at=timezone.now(),
        version=F("version") + 1,
        **changes,
    )
    if not moved:
        raise Refused(_("This input is not waiting for a decision (any more)."))


def _other_submitted(agency_input) -> bool:
    return (
        AgencyInput.objects.filter(section_id=agency_input.section_id, status=InputStatus.SUBMITTED)
        .exclude(pk=agency_input.pk)
        .exists()
    )


@transaction.atomic
def input_return(*, user, agency_input: AgencyInput, reason: str) -> AgencyInput:
    """Send the input back to the agency with a reason; nothing of it is merged."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the agency will see it.")})
    _decide(user, agency_input, InputStatus.RETURNED, return_reason=reason)
    agency_input.refresh_from_db()
    blueprint = agency_input.blueprint
    if blueprint.is_editable and not _other_submitted(agency_input):
        Section.objects.filter(pk=agency_input.section_id, status=SectionStatus.SUBMITTED).update(
            status=SectionStatus.IN_PROGRESS, version=F("version") + 1
        )
    url = agency_input.get_absolute_url()
    data = _input_data(agency_input, user, reason=reason[:300])
    notifications.notify(
        recipients=_agency_people(agency_input),
        kind=NotificationKind.INPUT_RETURNED,
        blueprint=blueprint,
        actor=user,
        data=data,
        url=url,
    )
    activity_record(blueprint=blueprint, actor=user, verb="input_returned", data=data, url=url)
    return agency_input


def target_row(blueprint, kind, pk):
    """The row ``pk`` of ``kind`` if it belongs to this Blueprint (or its issue), else None
    (the one row of a single kind, the diagnosis, whatever ``pk``)."""
    rows = kind.rows_of(blueprint)
    return rows.first() if kind.single else rows.filter(pk=pk).first()


def parent_row(blueprint, kind, pk):
    """The row a new row of ``kind`` hangs from, checked to be of this Blueprint's issue."""
    return kind.parent_of(blueprint, pk)


def _values_for_update(kind, data) -> dict:
    """Field values by field name (related rows fetched) for ``row_update``."""
    values = {}
    raw = values_from_data(kind, data)
    for name in kind.fields:
        model_field = kind.model._meta.get_field(name)
        if model_field.attname not in raw:
            continue
        value = raw[model_field.attname]
        if model_field.is_relation and value is not None:
            value = model_field.related_model._default_manager.filter(pk=value).first()
        values[name] = value
    return values


def _merge(user, blueprint, item: InputItem) -> None:
    kind = KINDS[item.kind]
    extras = services._extras_from_data(kind, item.data, blueprint.issue.plan.years)
    if "targets" in kind.extra and "targets" not in item.data:
        extras.pop("targets", None)
    if item.action == InputAction.ADD:
        values = values_from_data(kind, item.data)
        parent = None
        if kind.parent_issue_lookup:  # hangs from a row (not from the issue itself)
            if kind.parent_in_fields:
                parent_id = item.data.get(kind.parent)
            else:
                parent_id = item.parent_id or item.data.get(kind.parent)
            parent = parent_row(blueprint, kind, parent_id)
            if parent is None:
                raise Refused(_("A proposed row belongs to something that no longer exists."))
            values.pop(f"{kind.parent}_id", None)
            if kind.parent_in_fields:
                values[kind.parent] = parent
        values.pop("position", None)
        services.row_create(
            user=user, blueprint=blueprint, kind=kind, values=values, extras=extras, parent=parent
        )
        return
    current = target_row(blueprint, kind, item.target_id)
    if item.action == InputAction.REMOVE:
        if current is not None:  # already gone: what the agency asked for holds
            services.row_delete(
                user=user, blueprint=blueprint, kind=kind, obj=current, version=current.version
            )
        return
    if current is None:
        raise Refused(
            _("“%(row)s” was removed after the agency proposed a change to it.")
            % {"row": item.target_label or kind.verbose_name}
        )
    services.row_update(
        user=user, blueprint=blueprint, kind=kind, obj=current,
        values=_values_for_update(kind, item.data), version=current.version, extras=extras,
    )  # fmt: skip


def input_conflicts(agency_input: AgencyInput) -> list[InputItem]:
    """The proposed changes to rows that were saved in the Blueprint after the agency read
    them (the row's version is no longer the one the agency changed)."""
    blueprint = agency_input.blueprint
    conflicts = []
    changes = (InputAction.CHANGE, InputAction.REMOVE)
    for item in agency_input.items.filter(action__in=changes).order_by("pk"):
        kind = KINDS.get(item.kind)
        current = target_row(blueprint, kind, item.target_id) if kind else None
        if (
            current is not None
            and item.target_version is not None
            and current.version != item.target_version
        ):
            conflicts.append(item)
    return conflicts


@transaction.atomic
def input_accept(
    *, user, agency_input: AgencyInput, head: int, choices: dict | None = None
) -> AgencyInput:
    """Merge the input into the Blueprint, row by row, attributed to the agency's author.

    ``head`` is the section's latest revision the editor saw when comparing: if the
    section changed since, nothing is merged (:class:`Refused`) — look again first.
    A newer value is never overwritten silently: for every row saved in the Blueprint
    after the agency proposed its change, ``choices`` (item id → :data:`TAKE_AGENCY` or
    :data:`KEEP_CURRENT`) must say which text to keep, else nothing is merged
    (:class:`InputConflict`). All rows are merged or none.
    """
    blueprint = Blueprint.objects.select_related("issue__plan").get(pk=agency_input.blueprint_id)
    _decide(user, agency_input, InputStatus.ACCEPTED)
    section = agency_input.section
    if history.latest_number(blueprint, section.key) != head:
        raise Refused(
            _("The section changed after you opened this input. Look at it again, then accept.")
        )
    choices = {int(key): value for key, value in (choices or {}).items()}
    conflicts = input_conflicts(agency_input)
    undecided = [
        item for item in conflicts if choices.get(item.pk) not in (TAKE_AGENCY, KEEP_CURRENT)
    ]
    if undecided:
        raise InputConflict(
            _(
                "%(count)s row(s) were changed in the Blueprint after the agency proposed its "
                "change. Nothing was merged: compare both texts and choose, for each row, "
                "which one to keep."
            )
            % {"count": num(len(undecided))},
            undecided,
        )
    kept = {item.pk for item in conflicts if choices.get(item.pk) == KEEP_CURRENT}
    before = Blueprint.objects.values_list("revision_count", flat=True).get(pk=blueprint.pk)
    try:
        for item in agency_input.items.order_by("pk"):
            if item.pk not in kept:
                _merge(user, blueprint, item)
    except services.EditConflict as error:
        raise Refused(
            _("Someone saved this section while the input was being merged. Look again.")
        ) from error
    except ValidationError as error:
        raise Refused(
            _("The input cannot be merged as it is: %(reason)s")
            % {"reason": " ".join(error.messages)}
        ) from error
    after = Blueprint.objects.values_list("revision_count", flat=True).get(pk=blueprint.pk)
    author = agency_input.submitted_by
    if author is not None and after > before:
        # The words are the agency's: its author is named in the history, not the editor
        # (who is recorded as the one who accepted, on the input and in the feed).
        Revision.objects.filter(
            blueprint=blueprint, number__gt=before, number__lte=after, author=user
        ).update(author=author)
    AgencyInput.objects.filter(pk=agency_input.pk).update(
        merged_first=before + 1 if after > before else None,
        merged_last=after if after > before else None,
    )
    if not _other_submitted(agency_input):
        _set_section_status(section.pk, SectionStatus.ACCEPTED)
    agency_input.refresh_from_db()
    url = agency_input.get_absolute_url()
    data = _input_data(agency_input, user, count=after - before, kept_current=len(kept))
    notifications.notify(
        recipients=_agency_people(agency_input),
        kind=NotificationKind.INPUT_ACCEPTED,
        blueprint=blueprint,
        actor=user,
        data=data,
        url=url,
    )
    activity_record(blueprint=blueprint, actor=user, verb="input_accepted", data=data, url=url)
    return agency_input


@transaction.atomic
def input_rework(*, user, agency_input: AgencyInput) -> AgencyInput:
    """Start a new draft from a returned input (its rows copied), to fix and submit again."""
    if agency_input.status != InputStatus.RETURNED:
        raise Refused(_("Only a returned input can be reworked."))
    draft = input_start(user=user, section=agency_input.section)
    if draft.items.exists():
        return draft
    InputItem.objects.bulk_create(
        InputItem(
            input=draft,
            action=item.action,
            kind=item.kind,
            target_id=item.target_id,
            target_version=item.target_version,
            target_label=item.target_label,
            parent_id=item.parent_id,
            data=item.data,
            display=item.display,
            base_display=item.base_display,
        )
        for item in agency_input.items.order_by("pk")
    )
    return draft
