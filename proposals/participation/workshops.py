"""Workshops (การประชุมระดมสมอง): the services, and the attendance counts the log shows.

The strategy office records a workshop (date and time, venue, agenda), invites
organisations and people, takes attendance (attended / excused / absent), writes the
minutes and records the ideas and comments raised, each linked to a section. An idea
becomes a change proposal or a risk with one action: the row is created through the
ordinary row service (locked, checked, in the history) and keeps its link to the idea.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import access, services
from proposals.models import ChangeCategory, Level, SectionKey
from proposals.participation import notifications
from proposals.participation.activity import activity_record
from proposals.participation.models import (
    Attendance,
    NotificationKind,
    Participant,
    PointKind,
    PromotedTo,
    Workshop,
    WorkshopInvitee,
    WorkshopPoint,
)
from proposals.rows import KINDS
from strategies.models import OrganisationKind

WORKSHOP_FIELDS = ("title", "starts_at", "ends_at", "venue", "agenda", "minutes")


def _require_edit(user, blueprint) -> None:
    rights = access.rights_for(user, blueprint)
    access.require_live(rights)
    access.require_edit(rights)


def _check_times(values) -> None:
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_at": _("The end cannot come before the start.")})


@transaction.atomic
def workshop_create(*, user, blueprint, values: dict) -> Workshop:
    """Record a workshop of the Blueprint (planned or already held)."""
    _require_edit(user, blueprint)
    values = {name: value for name, value in values.items() if name in WORKSHOP_FIELDS}
    if not (values.get("title") or "").strip():
        raise ValidationError({"title": _("A workshop needs a title.")})
    _check_times(values)
    workshop = Workshop.objects.create(blueprint=blueprint, created_by=user, **values)
    activity_record(
        blueprint=blueprint,
        actor=user,
        verb="workshop_recorded",
        data={"title": workshop.title},
        url=workshop.get_absolute_url(),
    )
    return workshop


@transaction.atomic
def workshop_update(*, user, workshop: Workshop, values: dict, version) -> Workshop:
    """Save the workshop's details or minutes, unless someone saved them since ``version``."""
    _require_edit(user, workshop.blueprint)
    values = {name: value for name, value in values.items() if name in WORKSHOP_FIELDS}
    if "title" in values and not (values["title"] or "").strip():
        raise ValidationError({"title": _("A workshop needs a title.")})
    _check_times(values)
    updated = Workshop.objects.filter(pk=workshop.pk, version=version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise services.EditConflict(None, Workshop.objects.filter(pk=workshop.pk).first())
    workshop.refresh_from_db()
    activity_record(
        blueprint=workshop.blueprint,
        actor=user,
        verb="workshop_updated",
        data={"title": workshop.title},
        url=workshop.get_absolute_url(),
    )
    return workshop


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def workshop_invite(
    *,
    user,
    workshop: Workshop,
    organisation=None,
    other_organisation: str = "",
    person=None,
    name: str = "",
    position: str = "",
) -> WorkshopInvitee:
    """Invite a person (a user, or a name) or an organisation's representative.

    A person who is a user is told (if the workshop is still to come), with the
    workshop as an iCalendar event in the e-mail; their organisation is taken from their
    membership when none is given. A named person fills the seat of their
    organisation's unnamed representative if one is invited (keeping its attendance).
    """
    blueprint = workshop.blueprint
    _require_edit(user, blueprint)
    other_organisation = (other_organisation or "").strip()
    if person is not None:
        if not access.rights_for(person, blueprint).read_live:
            raise ValidationError({"person": _("This person does not take part in the province.")})
        if organisation is None and not other_organisation:
            membership = (
                person.memberships.filter(organisation__kind__in=_LOCAL_KINDS)
                .select_related("organisation")
                .first()
            )
            organisation = membership.organisation if membership else None
    if organisation is not None and organisation.home_province_id != blueprint.province_id:
        raise ValidationError({"organisation": _("Choose an organisation of this province.")})
    if organisation is None and not other_organisation:
        raise ValidationError({"organisation": _("Choose the organisation, or name it.")})
    name = (name or "").strip() or (_name(person) if person is not None else "")
    position = (position or "").strip()
    # A named person of an organisation whose unnamed representative is already invited
    # takes that seat: the placeholder and the person are the same one attendee, not one
    # present and one absent.
    placeholder = (
        workshop.invitees.filter(organisation=organisation, user__isnull=True, name="")
        .select_for_update()
        .order_by("pk")
        .first()
        if organisation is not None and (person is not None or name)
        else None
    )
    try:
        with transaction.atomic():
            if placeholder is not None:
                placeholder.user, placeholder.name, placeholder.position = person, name, position
                placeholder.save(update_fields=["user", "name", "position"])
                invitee = placeholder
            else:
                invitee = WorkshopInvitee.objects.create(
                    workshop=workshop,
                    organisation=organisation,
                    other_organisation="" if organisation is not None else other_organisation,
                    user=person,
                    name=name,
                    position=position,
                )
    except IntegrityError as error:
        raise ValidationError({"person": _("This person is invited already.")}) from error
    if person is not None and workshop.starts_at > timezone.now():
        notifications.notify(
            recipients=[person],
            kind=NotificationKind.WORKSHOP_INVITED,
            blueprint=blueprint,
            actor=user,
            data={
                "blueprint": blueprint.title,
                "title": workshop.title,
                "starts_at": timezone.localtime(workshop.starts_at).isoformat(),
                "venue": workshop.venue,
                "actor": _name(user),
                "workshop_id": workshop.pk,
            },
            url=workshop.get_absolute_url(),
        )
    return invitee


_LOCAL_KINDS = (OrganisationKind.PROVINCE, OrganisationKind.LINE_AGENCY)


@transaction.atomic
def workshop_invite_participants(*, user, workshop: Workshop) -> int:
    """Invite a representative of every participating agency not invited yet."""
    _require_edit(user, workshop.blueprint)
    invited = set(
        workshop.invitees.filter(organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    missing = [
        participant.organisation_id
        for participant in Participant.objects.filter(blueprint=workshop.blueprint)
        if participant.organisation_id not in invited
    ]
    WorkshopInvitee.objects.bulk_create(
        WorkshopInvitee(workshop=workshop, organisation_id=pk) for pk in missing
    )
    return len(missing)


@transaction.atomic
def invitee_set_attendance(*, user, invitee: WorkshopInvitee, attendance: str) -> WorkshopInvitee:
    """Record whether an invitee attended, was excused or was absent."""
    workshop = invitee.workshop
    _require_edit(user, workshop.blueprint)
    if attendance not in Attendance.values:
        raise ValidationError(_("Unknown attendance."))
    WorkshopInvitee.objects.filter(pk=invitee.pk).update(attendance=attendance)
    invitee.attendance = attendance
    return invitee


@transaction.atomic
def invitee_remove(*, user, invitee: WorkshopInvitee) -> None:
    _require_edit(user, invitee.workshop.blueprint)
    invitee.delete()


@transaction.atomic
def point_add(
    *, user, workshop: Workshop, kind: str, text: str, section: str = "", raised_by: str = ""
) -> WorkshopPoint:
    """Record an idea or a comment raised at the workshop, linked to a section."""
    _require_edit(user, workshop.blueprint)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what was raised.")})
    if kind not in PointKind.values:
        raise ValidationError({"kind": _("Choose idea or comment.")})
    if section and section not in SectionKey.values:
        raise ValidationError({"section": _("Choose a section.")})
    return WorkshopPoint.objects.create(
        workshop=workshop,
        kind=kind,
        text=text,
        section=section,
        raised_by=(raised_by or "").strip(),
        created_by=user,
    )


@transaction.atomic
def point_remove(*, user, point: WorkshopPoint) -> None:
    _require_edit(user, point.workshop.blueprint)
    if point.is_promoted:
        raise services.Refused(_("This idea became a row of the Blueprint: it stays recorded."))
    point.delete()


@transaction.atomic
def point_promote(*, user, point: WorkshopPoint, to: str, category: str = "") -> object:
    """Make an idea a change proposal (``to="change"``) or a risk (``to="risk"``).

    The strategy office does this (it runs the workshops); the new row is added through
    :func:`proposals.services.row_create` (locked, checked, kept in the history) and the
    idea keeps its link to it.
    """
    blueprint = point.workshop.blueprint
    _require_edit(user, blueprint)
    if point.kind != PointKind.IDEA:
        raise services.Refused(_("Only an idea can become a row of the Blueprint."))
    locked = WorkshopPoint.objects.filter(pk=point.pk, promoted_to="").update(
        promoted_to=to, promoted_by=user, promoted_at=timezone.now()
    )
    if not locked:
        raise services.Refused(_("This idea has already been taken into the Blueprint."))
    text = point.text.strip()
    first_line = text.splitlines()[0].strip()
    title = first_line if len(first_line) <= 500 else first_line[:499] + "…"
    try:
        if to == PromotedTo.CHANGE:
            if category not in ChangeCategory.values:
                category = ChangeCategory.QUALITY
            row = services.row_create(
                user=user,
                blueprint=blueprint,
                kind=KINDS["change"],
                values={
                    "category": category,
                    "title": title,
                    "gap": text if text != title else "",
                    "expected_result": "",
                },
            )
            WorkshopPoint.objects.filter(pk=point.pk).update(change_proposal=row)
        elif to == PromotedTo.RISK:
            row = services.row_create(
                user=user,
                blueprint=blueprint,
                kind=KINDS["risk"],
                values={
                    "description": text,
                    "likelihood": Level.MEDIUM,
                    "impact": Level.MEDIUM,
                    "mitigation": "",
                },
            )
            WorkshopPoint.objects.filter(pk=point.pk).update(risk=row)
        else:
            raise PermissionDenied
    except ValidationError as error:  # e.g. past what a Blueprint may hold (proposals.limits)
        raise services.Refused(" ".join(error.messages)) from error
    point.refresh_from_db()
    row_anchor = f"{'change' if to == PromotedTo.CHANGE else 'risk'}-{row.pk}"
    activity_record(
        blueprint=blueprint,
        actor=user,
        verb="point_promoted",
        data={
            "title": point.workshop.title,
            "to": to,
        },
        url=f"{blueprint.get_absolute_url()}#{row_anchor}",
    )
    return row


# --------------------------------------------------------------------------
# Attendance counts
# --------------------------------------------------------------------------


@dataclass
class OrgAttendance:
    organisation: str
    organisation_id: int | None = None
    attended: int = 0
    excused: int = 0
    absent: int = 0
    not_recorded: int = 0

    @property
    def invited(self) -> int:
        return self.attended + self.excused + self.absent + self.not_recorded


@dataclass
class WorkshopCounts:
    by_organisation: list[OrgAttendance] = field(default_factory=list)
    attended: int = 0
    excused: int = 0
    absent: int = 0
    not_recorded: int = 0

    @property
    def invited(self) -> int:
        return self.attended + self.excused + self.absent + self.not_recorded


def attendance_counts(workshop_ids) -> dict[int, WorkshopCounts]:
    """Per workshop, invitees by organisation and attendance — one query for all.

    An organisation's unnamed representative is left out where named people of the same
    organisation are invited to the workshop."""
    rows = list(
        WorkshopInvitee.objects.filter(workshop_id__in=list(workshop_ids))
        .annotate(
            placeholder=ExpressionWrapper(
                Q(user__isnull=True, name=""), output_field=BooleanField()
            )
        )
        .values(
            "workshop_id",
            "organisation_id",
            "organisation__name",
            "other_organisation",
            "attendance",
            "placeholder",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    # An organisation's unnamed representative stands for "someone from there": once
    # named people of it are invited, they are its attendees and the placeholder is not
    # counted (else one person would count as one present and one absent).
    named = {
        (row["workshop_id"], row["organisation_id"] or f"other:{row['other_organisation']}")
        for row in rows
        if not row["placeholder"]
    }
    grouped: dict[int, dict] = defaultdict(dict)
    for row in rows:
        if (
            row["placeholder"]
            and (
                row["workshop_id"],
                row["organisation_id"] or f"other:{row['other_organisation']}",
            )
            in named
        ):
            continue
        workshop_id, org_id, attendance, n = (
            row["workshop_id"], row["organisation_id"], row["attendance"], row["n"]
        )  # fmt: skip
        org_name, other = row["organisation__name"], row["other_organisation"]
        key = org_id or f"other:{other}"
        entry = grouped[workshop_id].setdefault(
            key, OrgAttendance(organisation=org_name or other, organisation_id=org_id)
        )
        name = "not_recorded" if attendance == Attendance.INVITED else attendance
        setattr(entry, name, getattr(entry, name) + n)
    result = {}
    for workshop_id in workshop_ids:
        entries = sorted(grouped.get(workshop_id, {}).values(), key=lambda e: e.organisation)
        counts = WorkshopCounts(by_organisation=entries)
        for entry in entries:
            counts.attended += entry.attended
            counts.excused += entry.excused
            counts.absent += entry.absent
            counts.not_recorded += entry.not_recorded
        result[workshop_id] = counts
    return result
