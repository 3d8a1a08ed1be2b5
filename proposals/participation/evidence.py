"""How much participation a Blueprint has on record — what the completeness check needs.

A Blueprint shows that it was drafted with the province's line agencies: OPDC asks for
the agencies that took part and the brainstorming workshops held with them. Without a
participating agency, or without a workshop at which anyone's attendance was recorded,
there is nothing to show, and the Blueprint cannot be approved or submitted
(:func:`blockers`, registered for :func:`proposals.completeness.find_blockers`).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from proposals.models import Blueprint
from proposals.participation.models import Attendance, Participant, WorkshopInvitee


@dataclass(frozen=True)
class ParticipationRecord:
    """Whether the Blueprint records participating agencies and a workshop attended."""

    has_participants: bool
    has_workshop_attended: bool

    @property
    def is_empty(self) -> bool:
        return not (self.has_participants or self.has_workshop_attended)


def participation_record(blueprint) -> ParticipationRecord:
    """The record's two facts, in one query."""
    row = (
        Blueprint.objects.filter(pk=blueprint.pk)
        .annotate(
            has_participants=Exists(Participant.objects.filter(blueprint=OuterRef("pk"))),
            has_workshop_attended=Exists(
                WorkshopInvitee.objects.filter(
                    workshop__blueprint=OuterRef("pk"), attendance=Attendance.ATTENDED
                )
            ),
        )
        .values("has_participants", "has_workshop_attended")
        .first()
    ) or {"has_participants": False, "has_workshop_attended": False}
    return ParticipationRecord(
        has_participants=bool(row["has_participants"]),
        has_workshop_attended=bool(row["has_workshop_attended"]),
    )


def blockers(document):
    """The checklist's blockers of the participation record (``document.features``)."""
    from proposals.completeness import PARTICIPATION

    record = document.features.get("participation")
    if record is None:
        return
    url = reverse("proposals:participation:hub", args=[document.blueprint.pk])
    if not record.has_participants:
        yield (
            PARTICIPATION,
            _(
                "No participating agency is recorded: add the line agencies that took "
                "part, each as lead or supporting agency."
            ),
            f"{url}#participants",
        )
    if not record.has_workshop_attended:
        yield (
            PARTICIPATION,
            _(
                "No brainstorming workshop with recorded attendance: record the "
                "workshops held with the agencies and who attended."
            ),
            f"{url}#workshops",
        )
