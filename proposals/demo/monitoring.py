"""Demo results for Chumphon's fiscal year 2548 (example data, ข้อมูลตัวอย่าง).

On top of the cascade demo and the review round (which leaves issue 1's plan approved and
submitted): the four quarters of 2548 opened by the strategy office, each agency's actual
values entered through the services at the time of each quarter — some ahead, some behind,
so every status shows — with evidence (a report as a PDF and links), project progress with
money committed and disbursed, one **agency that has not reported Q4** (overdue), and one
**target change** of 2550 with its reason, approved by the office.

:func:`load_monitoring_demo` is idempotent: nothing is done when Chumphon's 2548 periods
exist. Listed in ``settings.DEMO_LOADERS`` after the review demo.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from proposals.monitoring import services, status
from proposals.monitoring.models import (
    Evidence,
    IndicatorActual,
    ReportingPeriod,
)
from strategies import fiscal
from strategies.models import (
    Accumulation,
    Indicator,
    Organisation,
    OrganisationKind,
    Project,
    Role,
)

FISCAL_YEAR = 2548
# How far each indicator is from the expected line, quarter by quarter (cycled): on track,
# a little short (at risk), well short (off track).
PATTERNS = [
    (Decimal("1.05"), Decimal("1.02"), Decimal("1.00"), Decimal("1.04")),
    (Decimal("0.96"), Decimal("0.93"), Decimal("0.95"), Decimal("0.97")),
    (Decimal("1.00"), Decimal("0.85"), Decimal("0.80"), Decimal("0.78")),
]
NOTES = [
    "ข้อมูลจากทะเบียนของหน่วยงาน ณ สิ้นไตรมาส (ข้อมูลตัวอย่าง)",
    "ต่ำกว่าแผนเล็กน้อยเพราะฝนตกชุกช่วงเก็บเกี่ยว (ข้อมูลตัวอย่าง)",
    "ราคาผลผลิตตกต่ำ เกษตรกรชะลอการลงทุน (ข้อมูลตัวอย่าง)",
]


def _moment(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _people(province):
    User = get_user_model()
    office = (
        User.objects.filter(
            memberships__organisation=province, memberships__role=Role.EDITOR, is_active=True
        )
        .order_by("pk")
        .first()
    )
    contributors = {}
    for user_id, org_id in (
        User.objects.filter(
            memberships__organisation__province=province,
            memberships__role=Role.CONTRIBUTOR,
            is_active=True,
        )
        .order_by("pk")
        .values_list("pk", "memberships__organisation_id")
    ):
        contributors.setdefault(org_id, user_id)
    users = User.objects.in_bulk(contributors.values())
    return office, {org: users[pk] for org, pk in contributors.items()}


def _value(indicator, quarter, pattern, targets):
    """A plausible actual: the expected line of the indicator's rule, off by ``pattern``."""
    target = targets.get(FISCAL_YEAR)
    if target is None:
        return None
    factor = pattern[quarter - 1]
    if indicator.accumulation == Accumulation.CUMULATIVE:
        return (target / 4 * factor).quantize(Decimal("0.01"))
    start = targets.get(FISCAL_YEAR - 1, indicator.baseline)
    expected = status.expected_value(
        accumulation=indicator.accumulation, target=target, quarter=quarter, start=start
    )
    if indicator.direction == "lower":
        factor = 2 - factor  # short of a "lower is better" line means above it
    return (expected * factor).quantize(Decimal("0.01"))


@transaction.atomic
def load_monitoring_demo():
    province = Organisation.objects.filter(code="chumphon", kind=OrganisationKind.PROVINCE).first()
    if province is None or services.plan_covering(province, FISCAL_YEAR) is None:
        return None
    if ReportingPeriod.objects.filter(province=province, fiscal_year=FISCAL_YEAR).exists():
        return None
    office, contributors = _people(province)
    if office is None:
        return None
    indicators = list(
        Indicator.objects.filter(
            goal__issue__plan__organisation=province,
            goal__issue__plan__start_year__lte=FISCAL_YEAR,
            goal__issue__plan__end_year__gte=FISCAL_YEAR,
        )
        .select_related("owner", "goal__issue")
        .prefetch_related("targets")
        .order_by("goal__issue__number", "goal__number", "number")
    )
    projects = list(
        Project.objects.filter(
            strategy__issue__plan__organisation=province,
            strategy__issue__plan__start_year__lte=FISCAL_YEAR,
            strategy__issue__plan__end_year__gte=FISCAL_YEAR,
        )
        .select_related("lead_agency")
        .prefetch_related("budgets")
        .order_by("strategy__issue__number", "strategy__number", "number")
    )
    # The agency that has not reported Q4: the owner of the last indicator that is not the
    # agriculture office's (whose contributor is the demo's agency user).
    owners = [ind.owner for ind in indicators if ind.owner is not None]
    late = next(
        (o for o in reversed(owners) if "agri" not in o.code), owners[-1] if owners else None
    )

    periods = []
    for quarter in fiscal.QUARTERS:
        _first, last = fiscal.quarter_bounds(FISCAL_YEAR, quarter)
        due = last + datetime.timedelta(days=15)
        period = services.period_open(
            user=office,
            province=province,
            fiscal_year=FISCAL_YEAR,
            quarter=quarter,
            due_date=due,
            grace_days=7,
        )
        ReportingPeriod.objects.filter(pk=period.pk).update(
            opened_at=_moment(last - datetime.timedelta(days=20))
        )
        periods.append((period, due))

    report_pdf = None
    for quarter, (period, due) in enumerate(periods, start=1):
        entered_on = due - datetime.timedelta(days=3)
        for index, indicator in enumerate(indicators):
            if quarter == 4 and late is not None and indicator.owner_id == late.pk:
                continue
            targets = {t.fiscal_year: t.value for t in indicator.targets.all()}
            value = _value(indicator, quarter, PATTERNS[index % len(PATTERNS)], targets)
            if value is None:
                continue
            user = contributors.get(indicator.owner_id, office)
            actual, _changed = services.actual_save(
                user=user,
                indicator=indicator,
                period=period,
                value=value,
                note=NOTES[index % len(NOTES)],
                on=entered_on,
                at=_moment(entered_on),
            )
            if index == 0:
                if report_pdf is None:
                    from proposals.demo.attachments import _pdf

                    report_pdf = _pdf(
                        "รายงานผลการดำเนินงานรายไตรมาส (ข้อมูลตัวอย่าง)",
                        [f"ตัวชี้วัด: {indicator.name}", f"ผลไตรมาส {quarter}: {value}"],
                    )
                services.evidence_add(
                    user=user,
                    actual=actual,
                    title=f"รายงานผลไตรมาส {quarter}/{FISCAL_YEAR} (ข้อมูลตัวอย่าง)",
                    filename=f"report-q{quarter}-{FISCAL_YEAR}.pdf",
                    content=report_pdf,
                    on=entered_on,
                )
            elif index % 2 == 1:
                services.evidence_add(
                    user=user,
                    actual=actual,
                    title="ฐานข้อมูลของหน่วยงาน (ข้อมูลตัวอย่าง)",
                    url="https://example.go.th/chumphon/results",
                    on=entered_on,
                )
        for index, project in enumerate(projects):
            if project.lead_agency_id is None:
                continue
            if quarter == 4 and late is not None and project.lead_agency_id == late.pk:
                continue
            factor = PATTERNS[index % len(PATTERNS)][quarter - 1]
            percent = min(Decimal(100), (Decimal(25) * quarter * factor).quantize(Decimal("0.01")))
            spending = {}
            for budget in project.budgets.all():
                if budget.fiscal_year != FISCAL_YEAR:
                    continue
                committed = (budget.amount * min(Decimal(1), Decimal("0.3") * quarter)).quantize(
                    Decimal("0.01")
                )
                spending[budget.source] = (
                    committed,
                    (committed * Decimal("0.8")).quantize(Decimal("0.01")),
                )
            services.progress_save(
                user=contributors.get(project.lead_agency_id, office),
                project=project,
                period=period,
                percent_complete=percent,
                milestones="ประชุมชี้แจงเกษตรกร\nจัดซื้อวัสดุ" if quarter >= 2 else "ประชุมชี้แจงเกษตรกร",
                spending=spending,
                on=entered_on,
                at=_moment(entered_on),
            )
        # History is written with its dates (it is append-only); evidence is not history.
        Evidence.objects.filter(actual__period=period).update(uploaded_at=_moment(entered_on))

    # A correction after Q1 locked: the office reopened it for the agriculture office.
    first_period = periods[0][0]
    first = next((i for i in indicators if i.owner and "agri" in i.owner.code), None)
    if first is not None:
        reopened_on = first_period.locks_after + datetime.timedelta(days=10)
        services.period_reopen(
            user=office,
            period=first_period,
            until=reopened_on + datetime.timedelta(days=7),
            reason="สำนักงานเกษตรจังหวัดพบข้อมูลทะเบียนเกษตรกรซ้ำซ้อน ขอแก้ไขผลไตรมาส 1 (ข้อมูลตัวอย่าง)",
            on=reopened_on,
            at=_moment(reopened_on),
        )
        actual = IndicatorActual.objects.get(indicator=first, period=first_period)
        services.actual_save(
            user=contributors.get(first.owner_id, office),
            indicator=first,
            period=first_period,
            value=(actual.value * Decimal("0.98")).quantize(Decimal("0.01")),
            note="แก้ไขหลังตัดข้อมูลซ้ำซ้อนในทะเบียนเกษตรกร (ข้อมูลตัวอย่าง)",
            version=actual.version,
            on=reopened_on,
            at=_moment(reopened_on, 14),
        )

    # A target change with its reason, once the plan of issue 1 stands approved.
    controlled = next(
        (i for i in indicators if services.targets_controlled(i.goal.issue_id) and i.owner_id),
        None,
    )
    if controlled is not None:
        targets = {t.fiscal_year: t.value for t in controlled.targets.all()}
        if targets.get(2550) is not None:
            change = services.target_change_request(
                user=contributors.get(controlled.owner_id, office),
                indicator=controlled,
                fiscal_year=2550,
                new_value=(targets[2550] * Decimal("0.9")).quantize(Decimal("0.01")),
                reason=(
                    "ผลปี 2548 ต่ำกว่าแผนจากราคาผลผลิตตกต่ำและภัยแล้ง จึงขอปรับค่าเป้าหมายปี 2550 "
                    "ให้สอดคล้องกับสถานการณ์ (ข้อมูลตัวอย่าง)"
                ),
                at=_moment(datetime.date(2005, 11, 2)),
            )
            services.target_change_decide(
                user=office,
                change=change,
                approve=True,
                note="เห็นชอบตามมติคณะทำงาน (ข้อมูลตัวอย่าง)",
                at=_moment(datetime.date(2005, 11, 9)),
            )
    return periods
