"""Deadline reminders: a notification to an agency's people when a section assigned to it
is due within three days (run daily by ``manage.py send_deadline_reminders``)."""

import datetime

from django.db import transaction
from django.utils import timezone

from proposals.models import EDITABLE_STATUSES, Section, SectionStatus
from proposals.participation import notifications
from proposals.participation.models import NotificationKind

REMIND_DAYS = 3


@transaction.atomic
def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the people of each agency whose section is due within :data:`REMIND_DAYS`.

    Each person is reminded once per section and due date, however often this runs
    (a missed day is caught up the next). Sections handed in or accepted, and
    Blueprints no longer editable, are left alone. Returns the notifications written.
    """
    today = today or timezone.localdate()
    sections = (
        Section.objects.filter(
            assignee__isnull=False,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=REMIND_DAYS),
            blueprint__status__in=EDITABLE_STATUSES,
        )
        .exclude(status__in=[SectionStatus.SUBMITTED, SectionStatus.ACCEPTED])
        .select_related("blueprint", "assignee")
    )
    written = 0
    for section in sections:
        blueprint = section.blueprint
        written += len(
            notifications.notify(
                recipients=notifications.members_of([section.assignee_id]),
                kind=NotificationKind.DEADLINE,
                blueprint=blueprint,
                data={
                    "blueprint": blueprint.title,
                    "section": section.key,
                    "agency": section.assignee.name,
                    "due": section.due_date.isoformat(),
                    "days": (section.due_date - today).days,
                },
                url=f"{blueprint.get_absolute_url()}#section-{section.key}",
                dedupe_key=f"deadline:{section.pk}:{section.due_date.isoformat()}",
            )
        )
    return written
