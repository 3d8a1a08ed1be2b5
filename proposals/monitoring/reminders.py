"""Reminders before a period's due date, and the office told when it is overdue — each sent
once (``manage.py send_results_reminders``, run daily like ``send_deadline_reminders``).

- **Reminder**: from :data:`REMIND_DAYS` days before the due date until the due date, the
  people of each agency that still has something to report in the period (an indicator it
  owns without a value, a project it leads without progress) get one notification per
  period and due date (moving the due date reminds again).
- **Escalation**: the day after the due date, the strategy office's editors get one
  notification per period listing the agencies still missing — if the run is missed, the
  next run catches up, for :data:`ESCALATE_WITHIN_DAYS` days (older periods are not dug up).

Notifications go through :func:`proposals.participation.notifications.notify`: stored, then
e-mailed according to each person's preference (immediately or in the daily digest).
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from proposals.monitoring.models import ReportingPeriod
from proposals.participation import notifications
from proposals.participation.models import NotificationKind
from strategies.models import Indicator, Organisation, Project

REMIND_DAYS = 3
ESCALATE_WITHIN_DAYS = 30


def missing_by_agency(period) -> dict[int, int]:
    """Agency id → how many of its entries the period still lacks. Two queries."""
    year = period.fiscal_year
    plan = {
        "plan__organisation_id": period.province_id,
        "plan__start_year__lte": year,
        "plan__end_year__gte": year,
    }
    missing: dict[int, int] = {}
    for owner_id in (
        Indicator.objects.filter(
            owner__isnull=False, **{f"goal__issue__{k}": v for k, v in plan.items()}
        )
        .exclude(actuals__period=period)
        .values_list("owner_id", flat=True)
    ):
        missing[owner_id] = missing.get(owner_id, 0) + 1
    for lead_id in (
        Project.objects.filter(
            lead_agency__isnull=False, **{f"strategy__issue__{k}": v for k, v in plan.items()}
        )
        .exclude(progress__period=period)
        .values_list("lead_agency_id", flat=True)
    ):
        missing[lead_id] = missing.get(lead_id, 0) + 1
    return missing


def _url(period) -> str:
    return (
        reverse("proposals:monitoring:board", args=[period.province_id])
        + f"?year={period.fiscal_year}"
    )


@transaction.atomic
def results_reminders_send(*, today: datetime.date | None = None) -> int:
    """Write the reminders and escalations due ``today``; returns how many were written."""
    today = today or timezone.localdate()
    written = 0
    upcoming = ReportingPeriod.objects.filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=REMIND_DAYS)
    )
    for period in upcoming:
        missing = missing_by_agency(period)
        agencies = Organisation.objects.in_bulk(list(missing))
        for agency_id, count in sorted(missing.items()):
            written += len(
                notifications.notify(
                    recipients=notifications.members_of([agency_id]),
                    kind=NotificationKind.RESULTS_DUE,
                    data={
                        "agency": agencies[agency_id].name,
                        "quarter": period.quarter,
                        "year": period.fiscal_year,
                        "due": period.due_date.isoformat(),
                        "days": (period.due_date - today).days,
                        "count": count,
                    },
                    url=_url(period),
                    dedupe_key=f"results-due:{period.pk}:{agency_id}:{period.due_date.isoformat()}",
                )
            )
    overdue = ReportingPeriod.objects.filter(
        due_date__lt=today,
        due_date__gte=today - datetime.timedelta(days=ESCALATE_WITHIN_DAYS),
    )
    for period in overdue:
        missing = missing_by_agency(period)
        if not missing:
            continue
        names = sorted(Organisation.objects.filter(pk__in=missing).values_list("name", flat=True))
        written += len(
            notifications.notify(
                recipients=notifications.editors_of(period.province_id),
                kind=NotificationKind.RESULTS_OVERDUE,
                data={
                    "quarter": period.quarter,
                    "year": period.fiscal_year,
                    "due": period.due_date.isoformat(),
                    "count": sum(missing.values()),
                    "agencies": ", ".join(names)[:400],
                },
                url=_url(period),
                dedupe_key=f"results-overdue:{period.pk}:{period.due_date.isoformat()}",
            )
        )
    return written
