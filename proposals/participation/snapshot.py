"""The participation record in the submission snapshot (keys ``participants``,
``workshops`` and ``agency_inputs``; the schema is documented in :mod:`proposals.snapshot`).

What goes to OPDC of people follows :mod:`proposals.participation.privacy`: attendance
is counted per organisation, never named; a participating agency's contact person is
named (name and position only) when they agreed (``Participant.contact_consent``);
telephone numbers, e-mail addresses and who raised an idea stay with the province.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from proposals.models import SectionKey
from proposals.participation.models import (
    AgencyInput,
    Attendance,
    InputStatus,
    Participant,
    PointKind,
    PromotedTo,
    Workshop,
    WorkshopInvitee,
    WorkshopPoint,
)

# What became of an idea raised at a workshop (labels in Thai, as every snapshot label).
OUTCOMES = {
    "change": "นำไปเป็นประเด็นการเปลี่ยนแปลง",
    "risk": "นำไปเป็นความเสี่ยง",
    "removed": "เคยนำไปใช้ ภายหลังถูกลบออก",
    "open": "ยังไม่ได้นำไปใช้",
}


def _org(org):
    if org is None:
        return None
    return {"id": org.pk, "code": org.code, "name": org.name, "name_en": org.name_en}


def _datetime(value):
    return None if value is None else timezone.localtime(value).isoformat()


def _coded(obj, name):
    return {"code": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


def _section(key):
    if not key:
        return None
    return {"key": key, "label": str(SectionKey(key).label)}


def _contact(participant):
    """The contact person as OPDC may see them: only with their consent, name and position."""
    if not participant.contact_consent or not participant.contact_name.strip():
        return None
    return {"name": participant.contact_name, "position": participant.contact_position}


def _outcome(point):
    """``{code, label, row}``: what an idea became (``row`` is ``{kind, id, title}``)."""
    if point.kind != PointKind.IDEA:
        return None
    if point.change_proposal_id:
        change = point.change_proposal
        row = {"kind": "change", "id": change.pk, "title": change.title}
        return {"code": "change", "label": OUTCOMES["change"], "row": row}
    if point.risk_id:
        row = {"kind": "risk", "id": point.risk_id, "title": point.risk.description}
        return {"code": "risk", "label": OUTCOMES["risk"], "row": row}
    if point.promoted_to in PromotedTo.values:
        return {"code": "removed", "label": OUTCOMES["removed"], "row": None}
    return {"code": "open", "label": OUTCOMES["open"], "row": None}


def _points(workshops) -> dict[int, list]:
    points = defaultdict(list)
    for point in (
        WorkshopPoint.objects.filter(workshop__in=workshops)
        .select_related("change_proposal", "risk")
        .order_by("workshop_id", "pk")
    ):
        points[point.workshop_id].append(
            {
                "id": point.pk,
                "kind": _coded(point, "kind"),
                "section": _section(point.section),
                "text": point.text,
                "outcome": _outcome(point),
            }
        )
    return points


def _agency_inputs(blueprint) -> list:
    """Inputs the agencies handed in, with the office's decision (drafts are the agency's own)."""
    return [
        {
            "id": item.pk,
            "agency": _org(item.agency),
            "section": _section(item.section.key),
            "status": _coded(item, "status"),
            "submitted_at": _datetime(item.submitted_at),
            "decided_at": _datetime(item.decided_at),
            "items_count": item.items_count,
            "note": item.note,
            "return_reason": item.return_reason,
        }
        for item in AgencyInput.objects.filter(blueprint=blueprint)
        .exclude(status=InputStatus.DRAFT)
        .select_related("agency", "section")
        .annotate(items_count=Count("items"))
        .order_by("submitted_at", "pk")
    ]


def participation_data(blueprint) -> dict:
    """``{"participants", "workshops", "agency_inputs"}`` of a Blueprint, five queries."""
    participants = [
        {
            "organisation": _org(p.organisation),
            "role": {"code": p.role, "label": str(p.get_role_display())},
            "contact": _contact(p),
        }
        for p in Participant.objects.filter(blueprint=blueprint)
        .select_related("organisation")
        .order_by("role", "organisation__name", "pk")
    ]
    workshops = list(
        Workshop.objects.filter(blueprint=blueprint)
        .annotate(ideas=Count("points", filter=Q(points__kind="idea")))
        .order_by("starts_at", "pk")
    )
    tallies = defaultdict(dict)
    invitees = list(
        WorkshopInvitee.objects.filter(workshop__in=workshops).select_related("organisation")
    )

    def seat(invitee):
        return invitee.workshop_id, invitee.organisation_id or (
            f"other:{invitee.other_organisation}"
        )

    def placeholder(invitee) -> bool:
        return invitee.user_id is None and not invitee.name

    # As on the workshop page (workshops.attendance_counts): an organisation's unnamed
    # representative beside named people of it is one of them, not one more attendee.
    named = {seat(invitee) for invitee in invitees if not placeholder(invitee)}
    for invitee in invitees:
        if placeholder(invitee) and seat(invitee) in named:
            continue
        if invitee.organisation_id:
            key, org = invitee.organisation_id, _org(invitee.organisation)
        else:
            key = f"other:{invitee.other_organisation}"
            org = {"id": None, "code": "", "name": invitee.other_organisation, "name_en": ""}
        row = tallies[invitee.workshop_id].setdefault(
            key, {"organisation": org, "attended": 0, "excused": 0, "absent": 0}
        )
        if invitee.attendance != Attendance.INVITED:
            row[invitee.attendance] += 1
    points = _points(workshops)
    result = []
    for workshop in workshops:
        attendance = sorted(
            tallies.get(workshop.pk, {}).values(), key=lambda row: row["organisation"]["name"]
        )
        for row in attendance:
            row["count"] = row["attended"]
        starts = timezone.localtime(workshop.starts_at)
        result.append(
            {
                "id": workshop.pk,
                "title": workshop.title,
                "starts_at": _datetime(workshop.starts_at),
                "ends_at": _datetime(workshop.ends_at),
                "held_on": starts.date().isoformat(),
                "venue": workshop.venue,
                "place": workshop.venue,
                "agenda": workshop.agenda,
                "minutes": workshop.minutes,
                "attendance": attendance,
                "attendance_total": sum(row["attended"] for row in attendance),
                "organisations_attended": sum(1 for row in attendance if row["attended"]),
                "ideas_count": workshop.ideas,
                "points": points.get(workshop.pk, []),
            }
        )
    return {
        "participants": participants,
        "workshops": result,
        "agency_inputs": _agency_inputs(blueprint),
    }
