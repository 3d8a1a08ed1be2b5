"""Services that change results: periods, actual values and evidence, project progress,
target changes. Keyword-only, one transaction each, rights re-checked on the stored rows
(:mod:`proposals.monitoring.access`) before any posted value is applied.

Errors: :class:`Refused` (the period is locked, the element is not the province's…; its
``message`` is for people), :class:`EditConflict` (someone saved since the person loaded the
form; nothing written, ``current`` is the row as saved now), ``ValidationError`` for bad
values, ``PermissionDenied`` / ``Http404`` from the access rules.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.attachments.services import _clean_name, check_file, sha256_of
from proposals.monitoring import access
from proposals.monitoring.models import (
    NOTE_MAX_LENGTH,
    ActualRevision,
    Evidence,
    EvidenceKind,
    IndicatorActual,
    PeriodReopening,
    ProgressRevision,
    ProjectProgress,
    ProjectSpend,
    ReportingPeriod,
    TargetChange,
    TargetChangeStatus,
)
from strategies import fiscal
from strategies.models import ActionPlan, BudgetSource, IndicatorTarget
from strategies.templatetags.thai_dates import format_be_date, num

MAX_GRACE_DAYS = 90


class Refused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class EditConflict(Exception):
    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def today() -> datetime.date:
    return timezone.localdate()


# --------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------


def plan_covering(province, fiscal_year):
    """The province's own 4-year action plan that covers ``fiscal_year``, or ``None``."""
    return ActionPlan.objects.filter(
        organisation=province, start_year__lte=fiscal_year, end_year__gte=fiscal_year
    ).first()


def _check_period_values(*, fiscal_year, quarter, due_date, grace_days) -> None:
    starts_on, _ends_on = fiscal.quarter_bounds(fiscal_year, quarter)
    if due_date < starts_on:
        raise ValidationError(
            {
                "due_date": _("The due date cannot come before the quarter starts (%(date)s).")
                % {"date": format_be_date(starts_on)}
            }
        )
    if grace_days is None or not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise ValidationError(
            {"grace_days": _("The grace period is 0 to %(max)s days.") % {"max": MAX_GRACE_DAYS}}
        )


@transaction.atomic
def period_open(
    *, user, province, fiscal_year: int, quarter: int, due_date, grace_days: int = 7
) -> ReportingPeriod:
    """Open ``quarter`` of ``fiscal_year`` for the province's agencies to report in."""
    access.rights_for(user, province).require_office()
    if quarter not in fiscal.QUARTERS:
        raise ValidationError({"quarter": _("The quarter is 1 to 4.")})
    if plan_covering(province, fiscal_year) is None:
        raise ValidationError(
            {
                "fiscal_year": _("The province has no 4-year action plan for fiscal year %(year)s.")
                % {"year": fiscal_year}
            }
        )
    _check_period_values(
        fiscal_year=fiscal_year, quarter=quarter, due_date=due_date, grace_days=grace_days
    )
    if ReportingPeriod.objects.filter(
        province=province, fiscal_year=fiscal_year, quarter=quarter
    ).exists():
        raise ValidationError(
            {
                "quarter": _("Quarter %(quarter)s of fiscal year %(year)s is open already.")
                % {"quarter": quarter, "year": fiscal_year}
            }
        )
    return ReportingPeriod.objects.create(
        province=province,
        fiscal_year=fiscal_year,
        quarter=quarter,
        due_date=due_date,
        grace_days=grace_days,
        opened_by=user,
    )


def _claim(model, pk, version):
    """Move row ``pk`` to its next version, or :class:`EditConflict` if it moved on."""
    if not model.objects.filter(pk=pk, version=version).update(version=F("version") + 1):
        raise EditConflict(model.objects.filter(pk=pk).first())


@transaction.atomic
def period_update(*, user, period, due_date, grace_days: int, version: int) -> ReportingPeriod:
    """Move a period's due date or grace period (the office)."""
    period = ReportingPeriod.objects.select_related("province").get(pk=period.pk)
    access.rights_for(user, period.province).require_office()
    _check_period_values(
        fiscal_year=period.fiscal_year,
        quarter=period.quarter,
        due_date=due_date,
        grace_days=grace_days,
    )
    _claim(ReportingPeriod, period.pk, version)
    ReportingPeriod.objects.filter(pk=period.pk).update(due_date=due_date, grace_days=grace_days)
    period.refresh_from_db()
    return period


@transaction.atomic
def period_reopen(*, user, period, until, reason: str, on=None, at=None) -> PeriodReopening:
    """Let late entries in until ``until``, with the reason recorded (the office).
    ``on``/``at``: as :func:`actual_save`."""
    period = (
        ReportingPeriod.objects.select_for_update().select_related("province").get(pk=period.pk)
    )
    access.rights_for(user, period.province).require_office()
    on = on or today()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the period is reopened.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("At most 500 characters.")})
    if on <= period.locks_after:
        raise Refused(
            _("The period is still open until %(date)s; it needs no reopening.")
            % {"date": format_be_date(period.locks_after)}
        )
    if until < on:
        raise ValidationError({"until": _("The reopening must last until today or later.")})
    if until > on + datetime.timedelta(days=MAX_GRACE_DAYS):
        raise ValidationError(
            {"until": _("A reopening lasts at most %(max)s days.") % {"max": MAX_GRACE_DAYS}}
        )
    period.reopened_until = until
    period.version += 1
    period.save(update_fields=["reopened_until", "version"])
    return PeriodReopening.objects.create(
        period=period, reason=reason, until=until, by=user, at=at or timezone.now()
    )


def _require_open(period, on) -> None:
    if period.is_locked(on):
        raise Refused(
            _(
                "Quarter %(quarter)s of fiscal year %(year)s locked on %(date)s. Ask the "
                "strategy office to reopen it for a late entry."
            )
            % {
                "quarter": period.quarter,
                "year": period.fiscal_year,
                "date": format_be_date(period.locks_after),
            }
        )


def _require_in_province(element_province_id, period, plan_years) -> None:
    if element_province_id != period.province_id:
        raise Refused(_("This is not an element of the province's plan."))
    if period.fiscal_year not in plan_years:
        raise Refused(
            _("The plan of this element does not cover fiscal year %(year)s.")
            % {"year": period.fiscal_year}
        )


# --------------------------------------------------------------------------
# Actual values
# --------------------------------------------------------------------------


def _clean_note(note) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("At most %(max)s characters.") % {"max": NOTE_MAX_LENGTH}})
    return note


def _clean_amount(value, field="value") -> Decimal:
    if value is None:
        raise ValidationError({field: _("Enter a number.")})
    value = Decimal(value)
    if abs(value) >= Decimal("1e14") or value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: _("A number with at most 14 digits and 2 decimals.")})
    return value


@transaction.atomic
def actual_save(
    *,
    user,
    indicator,
    period,
    value,
    note: str = "",
    version: int | None = None,
    source: str = "web",
    on=None,
    at=None,
) -> tuple[IndicatorActual, bool]:
    """Enter or correct the actual value of ``indicator`` in ``period``.

    ``version`` is the version the person saw (``None``: they saw no value yet). Returns the
    row and whether anything changed: the same value and note again write nothing (no
    revision, no version bump). Every change writes an :class:`ActualRevision`. ``on`` and
    ``at`` (the day and the moment it happens, now by default) let the demo seed a past year:
    history is append-only in the database, so its dates are written once, right."""
    at = at or timezone.now()
    period = ReportingPeriod.objects.select_related("province").get(pk=period.pk)
    rights = access.rights_for(user, period.province)
    indicator = (
        type(indicator)
        .objects.select_related("goal__issue__plan__organisation")
        .get(pk=indicator.pk)
    )
    plan = indicator.goal.issue.plan
    _require_in_province(plan.organisation.home_province_id, period, plan.years)
    rights.require_indicator(indicator)
    _require_open(period, on or today())
    value = _clean_amount(value)
    note = _clean_note(note)
    actual = IndicatorActual.objects.filter(indicator=indicator, period=period).first()
    if actual is None:
        if version is not None:
            raise EditConflict(None)
        try:
            with transaction.atomic():
                actual = IndicatorActual.objects.create(
                    indicator=indicator,
                    period=period,
                    value=value,
                    note=note,
                    entered_by=user,
                    entered_at=at,
                )
        except IntegrityError as error:  # someone entered it a moment ago
            raise EditConflict(
                IndicatorActual.objects.filter(indicator=indicator, period=period).first()
            ) from error
    else:
        if version is None or version != actual.version:
            raise EditConflict(actual)
        if actual.value == value and actual.note == note:
            return actual, False
        _claim(IndicatorActual, actual.pk, version)
        actual.value, actual.note = value, note
        actual.entered_by, actual.entered_at = user, at
        actual.version = version + 1
        actual.save(update_fields=["value", "note", "entered_by", "entered_at"])
    number = (actual.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    ActualRevision.objects.create(
        actual=actual,
        number=number,
        value=value,
        note=note,
        author=user,
        source=source,
        created_at=at,
    )
    return actual, True


@transaction.atomic
def evidence_add(
    *,
    user,
    actual,
    title: str,
    url: str = "",
    filename: str = "",
    content: bytes = b"",
    on=None,
) -> Evidence:
    """Attach a file (PDF, PNG, JPEG) or a link to an actual value, while its period is open."""
    actual = IndicatorActual.objects.select_related("period__province", "indicator").get(
        pk=actual.pk
    )
    rights = access.rights_for(user, actual.period.province)
    rights.require_indicator(actual.indicator)
    _require_open(actual.period, on or today())
    title = (title or "").strip()[:255]
    if content:
        content_type = check_file(filename, content)
        return Evidence.objects.create(
            actual=actual,
            kind=EvidenceKind.FILE,
            title=title or _clean_name(filename),
            filename=_clean_name(filename),
            content_type=content_type,
            size=len(content),
            sha256=sha256_of(content),
            content=content,
            uploaded_by=user,
        )
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")):
        raise ValidationError({"url": _("Attach a file or give a link starting with https://.")})
    return Evidence.objects.create(
        actual=actual, kind=EvidenceKind.LINK, title=title or url[:255], url=url, uploaded_by=user
    )


def evidence_content(evidence) -> bytes:
    """The stored bytes of a file, after checking they still hash to their SHA-256."""
    content = bytes(Evidence.objects.values_list("content", flat=True).get(pk=evidence.pk))
    if sha256_of(content) != evidence.sha256:
        raise Refused(_("The stored file no longer matches its fingerprint."))
    return content


# --------------------------------------------------------------------------
# Project progress
# --------------------------------------------------------------------------


@transaction.atomic
def progress_save(
    *,
    user,
    project,
    period,
    percent_complete,
    milestones: str = "",
    note: str = "",
    spending: dict | None = None,
    version: int | None = None,
    on=None,
    at=None,
) -> tuple[ProjectProgress, bool]:
    """Enter or correct a project's progress in ``period``; ``spending`` maps a budget source
    to ``(committed, disbursed)`` (``None`` removes the source). ``on``/``at``: as
    :func:`actual_save`."""
    at = at or timezone.now()
    period = ReportingPeriod.objects.select_related("province").get(pk=period.pk)
    rights = access.rights_for(user, period.province)
    project = (
        type(project)
        .objects.select_related("strategy__issue__plan__organisation")
        .get(pk=project.pk)
    )
    plan = project.strategy.issue.plan
    _require_in_province(plan.organisation.home_province_id, period, plan.years)
    rights.require_project(project)
    _require_open(period, on or today())
    percent = _clean_amount(percent_complete, "percent_complete")
    if not 0 <= percent <= 100:
        raise ValidationError({"percent_complete": _("Per cent complete is 0 to 100.")})
    milestones = (milestones or "").strip()
    if len(milestones) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"milestones": _("At most %(max)s characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    note = _clean_note(note)
    spending = {
        source: amounts for source, amounts in (spending or {}).items() if amounts is not None
    }
    for source, (committed, disbursed) in spending.items():
        if source not in BudgetSource.values:
            raise ValidationError({"spending": _("Unknown budget source.")})
        committed = _clean_amount(committed, "spending")
        disbursed = _clean_amount(disbursed, "spending")
        if disbursed < 0 or committed < disbursed:
            raise ValidationError(
                {
                    "spending": _(
                        "%(source)s: disbursed cannot be negative or more than committed."
                    )
                    % {"source": BudgetSource(source).label}
                }
            )
        spending[source] = (committed, disbursed)
    progress = ProjectProgress.objects.filter(project=project, period=period).first()
    if progress is None:
        if version is not None:
            raise EditConflict(None)
        try:
            with transaction.atomic():
                progress = ProjectProgress.objects.create(
                    project=project,
                    period=period,
                    percent_complete=percent,
                    milestones=milestones,
                    note=note,
                    entered_by=user,
                    entered_at=at,
                )
        except IntegrityError as error:
            raise EditConflict(
                ProjectProgress.objects.filter(project=project, period=period).first()
            ) from error
    else:
        if version is None or version != progress.version:
            raise EditConflict(progress)
        before = _spending_of(progress)
        if (
            progress.percent_complete == percent
            and progress.milestones == milestones
            and progress.note == note
            and before == spending
        ):
            return progress, False
        _claim(ProjectProgress, progress.pk, version)
        progress.percent_complete, progress.milestones, progress.note = percent, milestones, note
        progress.entered_by, progress.entered_at = user, at
        progress.version = version + 1
        progress.save(
            update_fields=["percent_complete", "milestones", "note", "entered_by", "entered_at"]
        )
        progress.spending.all().delete()
    ProjectSpend.objects.bulk_create(
        ProjectSpend(progress=progress, source=source, committed=c, disbursed=d)
        for source, (c, d) in sorted(spending.items())
    )
    number = (progress.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    ProgressRevision.objects.create(
        progress=progress,
        number=number,
        author=user,
        created_at=at,
        data={
            "percent_complete": str(percent),
            "milestones": milestones,
            "note": note,
            "spending": {s: [str(c), str(d)] for s, (c, d) in sorted(spending.items())},
        },
    )
    return progress, True


def _spending_of(progress) -> dict:
    return {s.source: (s.committed, s.disbursed) for s in progress.spending.all()}


# --------------------------------------------------------------------------
# Target changes
# --------------------------------------------------------------------------

# A strategic issue's targets are under change control while a Blueprint of it stands
# approved (approved by the governor, submitted, returned by OPDC, or accepted). A Blueprint
# revised back to a draft goes through approval again, so its targets are edited directly.
CONTROLLED_STATUSES = ("approved", "submitted", "returned", "accepted")


def targets_controlled(issue_id) -> bool:
    from proposals.models import Blueprint

    return Blueprint.objects.filter(issue_id=issue_id, status__in=CONTROLLED_STATUSES).exists()


def target_guard(*, indicator, years) -> None:
    """Refuse a direct change of an approved plan's targets (registered with
    :func:`strategies.services.register_target_guard`)."""
    if years and targets_controlled(indicator.goal.issue_id):
        raise ValidationError(
            _(
                "The plan of this indicator is approved: its yearly targets change only "
                "through a target change with a reason, approved by the strategy office "
                "(Results → Change a target)."
            )
        )


@transaction.atomic
def target_change_request(
    *, user, indicator, fiscal_year: int, new_value, reason: str, at=None
) -> TargetChange:
    """Ask for ``indicator``'s target of ``fiscal_year`` to become ``new_value``, with a reason.

    Who may enter the indicator's values may ask (its agency, the office). The office
    decides (:func:`target_change_decide`)."""
    from proposals.participation import notifications
    from proposals.participation.models import NotificationKind

    indicator = (
        type(indicator)
        .objects.select_related("goal__issue__plan__organisation")
        .get(pk=indicator.pk)
    )
    plan = indicator.goal.issue.plan
    province = plan.organisation
    rights = access.rights_for(user, province)
    rights.require_indicator(indicator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the target should change.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("At most 1000 characters.")})
    if fiscal_year not in plan.years:
        raise ValidationError(
            {
                "fiscal_year": _("Fiscal year %(year)s is not a year of the plan.")
                % {"year": fiscal_year}
            }
        )
    new_value = _clean_amount(new_value, "new_value")
    if not targets_controlled(indicator.goal.issue_id):
        raise Refused(
            _(
                "The plan is not approved yet: change the target directly in the plan or "
                "the Blueprint."
            )
        )
    current = IndicatorTarget.objects.filter(indicator=indicator, fiscal_year=fiscal_year).first()
    old_value = current.value if current else None
    if old_value == new_value:
        raise ValidationError({"new_value": _("This is the target already.")})
    if TargetChange.objects.filter(
        indicator=indicator, fiscal_year=fiscal_year, status=TargetChangeStatus.PENDING
    ).exists():
        raise Refused(_("A change of this target is already waiting for the office's decision."))
    change = TargetChange.objects.create(
        indicator=indicator,
        fiscal_year=fiscal_year,
        old_value=old_value,
        new_value=new_value,
        reason=reason,
        requested_by=user,
        requested_at=at or timezone.now(),
    )
    from django.urls import reverse

    notifications.notify(
        recipients=notifications.editors_of(province.pk),
        kind=NotificationKind.TARGET_CHANGE,
        actor=user,
        data={
            "actor": user.get_full_name() or user.get_username(),
            "title": f"{indicator.name} ({fiscal_year})",
            "reason": reason[:200],
            "excerpt": f"{num(old_value) or '—'} → {num(new_value)}",
        },
        url=reverse("proposals:monitoring:board", args=[province.pk]) + "#target-changes",
    )
    return change


@transaction.atomic
def target_change_decide(*, user, change, approve: bool, note: str = "", at=None) -> TargetChange:
    """The office approves (the target becomes the new value) or refuses a request, once
    (``at``: the moment, now by default)."""
    change = TargetChange.objects.select_for_update().get(pk=change.pk)
    indicator = change.indicator
    province = indicator.goal.issue.plan.organisation
    access.rights_for(user, province).require_office()
    if change.status != TargetChangeStatus.PENDING:
        raise Refused(_("This request was decided already."))
    note = (note or "").strip()[:500]
    if not approve and not note:
        raise ValidationError({"decision_note": _("Say why the change is refused.")})
    change.status = TargetChangeStatus.APPROVED if approve else TargetChangeStatus.REFUSED
    change.decided_by, change.decided_at, change.decision_note = user, at or timezone.now(), note
    if approve:
        target = IndicatorTarget.objects.filter(
            indicator=indicator, fiscal_year=change.fiscal_year
        ).first()
        # What it was when decided: another change may have been approved since the request.
        change.old_value = target.value if target else None
        # Saved (not updated in bulk) so that the cascade announces the change to what is
        # derived from it (strategies.signals), and the indicator's version moves on.
        if target is None:
            IndicatorTarget.objects.create(
                indicator=indicator, fiscal_year=change.fiscal_year, value=change.new_value
            )
        else:
            target.value = change.new_value
            target.save(update_fields=["value"])
        _claim(type(indicator), indicator.pk, indicator.version)
    change.save()
    return change


# --------------------------------------------------------------------------
# Year-end results as the next Blueprint's baseline
# --------------------------------------------------------------------------

# While a Blueprint of the issue waits on the governor's approval or on OPDC, the plan rows
# it was approved on stay as they are.
BASELINE_FROZEN_STATUSES = ("approved", "submitted")


@transaction.atomic
def baseline_from_results(*, user, province, fiscal_year: int) -> dict[str, int]:
    """Make each indicator's result of ``fiscal_year`` its baseline (and ``fiscal_year`` its
    baseline year), for the next Blueprint: the office's step once the year is reported.

    Indicators without a result, or whose issue has a Blueprint approved or submitted and
    not yet decided, are left as they are. Returns ``{"updated": n, "skipped": m}``."""
    from proposals.models import Blueprint
    from proposals.monitoring.selectors import year_results
    from strategies.models import Indicator

    access.rights_for(user, province).require_office()
    indicators = list(
        Indicator.objects.filter(
            goal__issue__plan__organisation=province,
            goal__issue__plan__start_year__lte=fiscal_year,
            goal__issue__plan__end_year__gte=fiscal_year,
        ).select_related("goal")
    )
    results = year_results(indicators, fiscal_year)
    frozen = set(
        Blueprint.objects.filter(
            issue__plan__organisation=province, status__in=BASELINE_FROZEN_STATUSES
        ).values_list("issue_id", flat=True)
    )
    updated = skipped = 0
    for indicator in indicators:
        value = results.get(indicator.pk)
        if value is None or indicator.goal.issue_id in frozen:
            skipped += 1
            continue
        if indicator.baseline == value and indicator.baseline_year == fiscal_year:
            continue
        _claim(Indicator, indicator.pk, indicator.version)
        indicator.baseline, indicator.baseline_year = value, fiscal_year
        indicator.version += 1
        indicator.save(update_fields=["baseline", "baseline_year"])
        updated += 1
    return {"updated": updated, "skipped": skipped}
