"""The participation record of a submitted version, as OPDC's review page shows it.

Reads the snapshot only (keys ``participants``, ``workshops``, ``agency_inputs`` of
:mod:`proposals.snapshot`); a snapshot taken before those keys existed shows nothing.
What it holds of people is already within :mod:`proposals.participation.privacy`:
attendance counted per organisation, a contact named only with their consent.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from proposals.models import SectionKey
from proposals.participation.models import InputStatus, ParticipantRole, PromotedTo
from strategies.templatetags.thai_dates import format_be_date

OUTCOMES = {
    PromotedTo.CHANGE: _("Became a change proposal"),
    PromotedTo.RISK: _("Became a risk"),
    "removed": _("Taken into the Blueprint, since removed"),
    "open": _("Not taken up"),
}


@dataclass
class Participation:
    participants: list = field(default_factory=list)
    workshops: list = field(default_factory=list)
    inputs: list = field(default_factory=list)
    recorded: bool = False  # the snapshot carries the record at all

    @property
    def empty(self) -> bool:
        return not (self.participants or self.workshops or self.inputs)


def _label(choices, coded) -> str:
    code = (coded or {}).get("code") if isinstance(coded, dict) else coded
    try:
        return str(choices(code).label)
    except ValueError:
        return (coded or {}).get("label", "") if isinstance(coded, dict) else str(coded or "")


def _when(value, *, with_time=False) -> str:
    if not value:
        return ""
    try:
        if with_time and "T" in str(value):
            moment = datetime.datetime.fromisoformat(str(value))
            return format_be_date(moment, with_time=True)
        return format_be_date(datetime.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _section(value) -> str:
    key = (value or {}).get("key") if isinstance(value, dict) else None
    if key in SectionKey.values:
        return str(SectionKey(key).label)
    return (value or {}).get("label", "") if isinstance(value, dict) else ""


def participation_of(data: dict) -> Participation:
    """What the review page lists of the version's participation."""
    data = data or {}
    result = Participation(
        recorded=any(key in data for key in ("participants", "workshops", "agency_inputs"))
    )
    for item in data.get("participants") or []:
        contact = item.get("contact") or {}
        result.participants.append(
            {
                "organisation": (item.get("organisation") or {}).get("name", ""),
                "role": _label(ParticipantRole, item.get("role")),
                "contact": ", ".join(
                    part for part in (contact.get("name"), contact.get("position")) if part
                ),
            }
        )
    for workshop in data.get("workshops") or []:
        points = []
        for point in workshop.get("points") or []:
            outcome = point.get("outcome") or None
            row = (outcome or {}).get("row") or {}
            points.append(
                {
                    "idea": ((point.get("kind") or {}).get("code")) == "idea",
                    "text": point.get("text", ""),
                    "section": _section(point.get("section")),
                    "outcome": str(OUTCOMES.get((outcome or {}).get("code"), ""))
                    if outcome
                    else "",
                    "row": row.get("title", ""),
                }
            )
        result.workshops.append(
            {
                "id": workshop.get("id"),
                "title": workshop.get("title", ""),
                "when": _when(workshop.get("starts_at") or workshop.get("held_on"), with_time=True),
                "venue": workshop.get("venue") or workshop.get("place") or "",
                "agenda": workshop.get("agenda", ""),
                "minutes": workshop.get("minutes", ""),
                "attendance": [
                    {
                        "organisation": (row.get("organisation") or {}).get("name", ""),
                        "attended": row.get("attended", row.get("count", 0)),
                        "excused": row.get("excused", 0),
                        "absent": row.get("absent", 0),
                    }
                    for row in workshop.get("attendance") or []
                ],
                "total": workshop.get("attendance_total", 0),
                "points": points,
            }
        )
    for item in data.get("agency_inputs") or []:
        result.inputs.append(
            {
                "agency": (item.get("agency") or {}).get("name", ""),
                "section": _section(item.get("section")),
                "status": _label(InputStatus, item.get("status")),
                "code": (item.get("status") or {}).get("code", ""),
                "decided": _when(item.get("decided_at") or item.get("submitted_at")),
                "items": item.get("items_count"),
                "reason": item.get("return_reason", ""),
            }
        )
    return result
