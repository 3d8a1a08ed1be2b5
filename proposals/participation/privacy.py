"""Personal data of workshop attendees (Thailand's PDPA).

What is kept about an attendee is the least the record needs: a name and position as typed
by the strategy office (or the linked account), their organisation, and whether they came.
Only members of the province see it (the workshop page); what goes to OPDC — the snapshot
and the PDF — carries attendance counts per organisation, never names.

Erasure on request blanks the person (name, position, the link to their account, and the
name they are credited with on points raised at the workshop) and keeps the organisation and
the attendance, so the workshop's counts and the submitted snapshots stay true. Each erasure
is written to the audit log without the erased data.
"""

from django.db import transaction
from django.db.models import Q

from proposals.participation.models import WorkshopInvitee, WorkshopPoint
from strategies.audit import audit_record
from strategies.models import AuditAction


def _names_of(invitee) -> set[str]:
    names = {invitee.name.strip()}
    if invitee.user_id:
        names |= {invitee.user.get_full_name().strip(), invitee.user.get_username()}
    return {name for name in names if name}


@transaction.atomic
def erase_invitees(*, actor, invitees, request=None) -> int:
    """Blank the personal data of these invitations; return how many were erased."""
    invitees = list(
        WorkshopInvitee.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk__in=[invitee.pk for invitee in invitees])
    )
    for invitee in invitees:
        names = _names_of(invitee)
        if names:
            points = WorkshopPoint.objects.filter(workshop_id=invitee.workshop_id)
            points.filter(raised_by__in=names).update(raised_by="")
        WorkshopInvitee.objects.filter(pk=invitee.pk).update(name="", position="", user=None)
        audit_record(
            actor=actor,
            action=AuditAction.PERSONAL_DATA_ERASED,
            target=invitee.workshop,
            details={"invitee": invitee.pk, "attendance": invitee.attendance},
            request=request,
        )
    return len(invitees)


def invitees_of_person(*, user=None, name: str = ""):
    """Every invitation naming this account or this name, across all workshops."""
    condition = Q(pk__in=[])
    if user is not None:
        condition |= Q(user=user)
    if name.strip():
        condition |= Q(name__iexact=name.strip())
    return WorkshopInvitee.objects.filter(condition)
