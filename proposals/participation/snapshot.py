"""The participation record in the submission snapshot (keys ``participants`` and
``workshops``; the schema is documented in :mod:`proposals.snapshot`)."""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from proposals.participation.models import Attendance, Participant, Workshop, WorkshopInvitee


def _org(org):
    if org is None:
        return None
    return {"id": org.pk, "code": org.code, "name": org.name, "name_en": org.name_en}


def _datetime(value):
    return None if value is None else timezone.localtime(value).isoformat()


def participation_data(blueprint) -> dict:
    """``{"participants": [...], "workshops": [...]}`` of a Blueprint, three queries."""
    participants = [
        {
            "organisation": _org(p.organisation),
            "role": {"code": p.role, "label": str(p.get_role_display())},
            "contact": {
                "name": p.contact_name,
                "position": p.contact_position,
                "phone": p.contact_phone,
                "email": p.contact_email,
            },
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
    for invitee in WorkshopInvitee.objects.filter(workshop__in=workshops).select_related(
        "organisation"
    ):
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
                "ideas_count": workshop.ideas,
            }
        )
    return {"participants": participants, "workshops": result}
