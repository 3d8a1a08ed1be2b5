"""The day-before reminder of a workshop (run daily by ``manage.py send_workshop_reminders``).

Everyone invited by name who has not sent apologies is reminded, and for an
organisation invited as "a representative", the people of that agency — each once per
workshop and start date, whatever how often the command runs. A workshop moved to
another day is reminded again for its new date. A run missed the day before is caught
up on the day, until the workshop starts; the e-mail carries the workshop as an
iCalendar event.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from proposals.participation import notifications
from proposals.participation.models import Attendance, NotificationKind, Workshop

# Said they would not come: no reminder.
NOT_COMING = (Attendance.EXCUSED, Attendance.ABSENT)


def _recipients(workshop) -> list:
    people, agencies = {}, set()
    for invitee in workshop.invitees.all():
        if invitee.attendance in NOT_COMING:
            continue
        if invitee.user_id is not None:
            people.setdefault(invitee.user_id, invitee.user)
        elif not invitee.name and invitee.organisation_id:
            agencies.add(invitee.organisation_id)
    for user in notifications.members_of(agencies):
        people.setdefault(user.pk, user)
    return list(people.values())


@transaction.atomic
def workshop_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the invitees of every workshop starting between ``now`` and the end of
    tomorrow (local time). Returns the notifications written."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    end = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.max))
    workshops = (
        Workshop.objects.filter(starts_at__gt=now, starts_at__lte=end)
        .select_related("blueprint")
        .prefetch_related("invitees__user")
        .order_by("starts_at", "pk")
    )
    written = 0
    for workshop in workshops:
        starts = timezone.localtime(workshop.starts_at)
        blueprint = workshop.blueprint
        written += len(
            notifications.notify(
                recipients=_recipients(workshop),
                kind=NotificationKind.WORKSHOP_REMINDER,
                blueprint=blueprint,
                data={
                    "blueprint": blueprint.title,
                    "title": workshop.title,
                    "starts_at": starts.isoformat(),
                    "venue": workshop.venue,
                    "workshop_id": workshop.pk,
                },
                url=workshop.get_absolute_url(),
                dedupe_key=f"workshop-reminder:{workshop.pk}:{starts.date().isoformat()}",
            )
        )
    return written
