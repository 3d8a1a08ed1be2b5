"""What participation adds to the Blueprint's own services, called explicitly from
:mod:`proposals.workflow` (no signals): a section assigned to an agency invites the
agency and tells its people; a workflow step tells everyone on the Blueprint.

This module must not import :mod:`proposals.workflow` (which imports it).
"""

from django.urls import reverse

from proposals.participation import notifications
from proposals.participation.activity import activity_record
from proposals.participation.models import NotificationKind, Participant, ParticipantRole


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def participant_ensure(*, user, blueprint, organisation) -> Participant:
    """The agency's participation, created (supporting) when a section is assigned to it."""
    participant = Participant.objects.filter(blueprint=blueprint, organisation=organisation).first()
    if participant is None:
        participant = Participant.objects.create(
            blueprint=blueprint,
            organisation=organisation,
            role=ParticipantRole.SUPPORTING,
            invited_by=user,
        )
        activity_record(
            blueprint=blueprint,
            actor=user,
            verb="participant_added",
            data={"agency": organisation.name, "role": participant.role},
            url=reverse("proposals:participation:hub", args=[blueprint.pk]),
        )
    return participant


def on_section_assigned(*, user, section, previous_assignee_id) -> None:
    """A section was (re)assigned: invite the agency and tell its people."""
    if section.assignee_id is None or section.assignee_id == previous_assignee_id:
        return
    blueprint = section.blueprint
    agency = section.assignee
    participant_ensure(user=user, blueprint=blueprint, organisation=agency)
    url = f"{blueprint.get_absolute_url()}#section-{section.key}"
    data = {
        "blueprint": blueprint.title,
        "section": section.key,
        "agency": agency.name,
        "due": section.due_date.isoformat() if section.due_date else "",
        "actor": _name(user),
    }
    notifications.notify(
        recipients=notifications.members_of([agency.pk]),
        kind=NotificationKind.ASSIGNED,
        blueprint=blueprint,
        actor=user,
        data=data,
        url=url,
    )
    activity_record(blueprint=blueprint, actor=user, verb="assigned", data=data, url=url)


def on_transition(*, user, blueprint, transition) -> None:
    """The Blueprint moved a workflow step: tell everyone on it (and OPDC on submission)."""
    recipients = notifications.people_of_blueprint(blueprint)
    if transition.to_status == "submitted":
        recipients += notifications.reviewers()
    notifications.notify(
        recipients=recipients,
        kind=NotificationKind.STATE_CHANGED,
        blueprint=blueprint,
        actor=user,
        data={
            "blueprint": blueprint.title,
            "status": transition.to_status,
            "from": transition.from_status,
            "reason": transition.reason[:300],
            "actor": _name(user),
        },
        url=blueprint.get_absolute_url(),
    )
