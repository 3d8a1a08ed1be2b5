"""What still blocks a Blueprint from going to the governor and on to OPDC.

:func:`find_blockers` reads a loaded :class:`~proposals.selectors.Document` only
(no query of its own) and returns each blocker with a message and a link to
the place where it is fixed. :func:`find_warnings` does the same for advice: what a
careful reviewer would question, which does not stop the submission.

Blockers are OPDC's rules: every part of the Blueprint filled, a record of
participation (the agencies that took part and a workshop held with them — what a
Blueprint exists to show), and dates true to the document (a Blueprint plans from its
own fiscal year to the end of its action plan: an activity or a milestone before
that, or after, is a mistake of fact). Warnings are advice: indicator weights are
optional, and when given the weights of a strategic issue's indicators add up to 100;
the signed approval page is asked for once the governor has approved; a plan year gone by
has its result (proposals.monitoring.results).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from proposals import contributions
from proposals.models import Capital, SectionKey
from proposals.rows import KINDS
from strategies import fiscal
from strategies.fiscal import fiscal_year_of
from strategies.templatetags.thai_dates import format_be_date

# The participation record is not a section of the document, but the checklist lists it
# after the sections (it is fixed on the Blueprint's participation page).
PARTICIPATION = "participation"
ORDER = [*SectionKey.values, PARTICIPATION]


@dataclass(frozen=True)
class Blocker:
    section: str
    message: str
    url: str

    @property
    def section_label(self):
        if self.section == PARTICIPATION:
            return _("Participation")
        return SectionKey(self.section).label


# Diagnosis fields that must be filled; the four SWOT fields are checked together.
REQUIRED_DIAGNOSIS = ("current_situation", "desired_state", "gap", "root_causes")
SWOT = ("strengths", "weaknesses", "opportunities", "threats")


def _row_url(blueprint, kind, pk) -> str:
    return reverse("proposals:row_edit", args=[blueprint.pk, kind, pk])


def _section_url(blueprint, key) -> str:
    return f"{blueprint.get_absolute_url()}#section-{key}"


def _new_url(blueprint, kind, parent=None) -> str:
    url = reverse("proposals:row_create", args=[blueprint.pk, kind])
    return f"{url}?parent={parent}" if parent else url


def find_blockers(document) -> list:
    """Every blocker, in document order. An empty list means ready to submit."""
    blueprint = document.blueprint
    blockers: list[Blocker] = []

    def add(section, message, url):
        blockers.append(Blocker(section, message, url))

    # Header: alignment and vision come from the action plan, so the fix is there.
    issue = document.issue
    if not issue.national_strategies.all():
        add(
            SectionKey.HEADER,
            _("The strategic issue is aligned to no national strategy."),
            reverse("strategies:issue_edit", args=[issue.pk]),
        )
    if not document.plan.vision.strip():
        add(
            SectionKey.HEADER,
            _("The action plan has no vision."),
            reverse("strategies:plan_edit", args=[document.plan.pk]),
        )

    # Goals, indicators and a target for every fiscal year of the plan.
    goals = list(document.goals)
    if not goals:
        add(SectionKey.GOALS, _("The strategic issue has no goal."), _new_url(blueprint, "goal"))
    years = document.years
    for goal in goals:
        indicators = goal.indicators.all()
        if not indicators:
            add(
                SectionKey.GOALS,
                _("Goal %(goal)s has no indicator.") % {"goal": goal},
                _new_url(blueprint, "indicator", goal.pk),
            )
        for indicator in indicators:
            have = {target.fiscal_year for target in indicator.targets.all()}
            missing = [year for year in years if year not in have]
            if missing:
                add(
                    SectionKey.GOALS,
                    _("Indicator %(indicator)s has no target for fiscal year %(years)s.")
                    % {"indicator": indicator, "years": ", ".join(str(y) for y in missing)},
                    _row_url(blueprint, "indicator", indicator.pk),
                )

    # Diagnosis.
    diagnosis = document.diagnosis
    diagnosis_url = _row_url(blueprint, "diagnosis", diagnosis.pk)
    fields = KINDS["diagnosis"].model._meta
    for name in REQUIRED_DIAGNOSIS:
        if not getattr(diagnosis, name).strip():
            add(
                SectionKey.DIAGNOSIS,
                _("The diagnosis has no “%(field)s”.")
                % {"field": fields.get_field(name).verbose_name},
                diagnosis_url,
            )
    missing_swot = [
        str(fields.get_field(name).verbose_name)
        for name in SWOT
        if not getattr(diagnosis, name).strip()
    ]
    if missing_swot:
        add(
            SectionKey.DIAGNOSIS,
            _("The SWOT analysis is missing: %(parts)s.") % {"parts": ", ".join(missing_swot)},
            diagnosis_url,
        )

    # Change proposals.
    if not document.change_proposals:
        add(
            SectionKey.CHANGES,
            _("There is no change proposal yet."),
            _new_url(blueprint, "change"),
        )
    for change in document.change_proposals:
        if change.responsible_agency_id is None:
            add(
                SectionKey.CHANGES,
                _("Change proposal “%(change)s” has no responsible agency.") % {"change": change},
                _row_url(blueprint, "change", change.pk),
            )

    # Strategic readiness in the three capitals.
    by_capital = document.readiness_by_capital()
    for capital in Capital:
        if not by_capital.get(capital):
            add(
                SectionKey.READINESS,
                _("The readiness assessment says nothing about %(capital)s.")
                % {"capital": capital.label},
                f"{_new_url(blueprint, 'readiness')}?capital={capital.value}",
            )

    # Action plan: projects with a lead agency and a budget.
    projects = document.projects
    if not projects:
        add(
            SectionKey.ACTION_PLAN,
            _("The action plan has no project."),
            _new_url(blueprint, "project"),
        )
    for project in projects:
        if project.lead_agency_id is None:
            add(
                SectionKey.ACTION_PLAN,
                _("Project %(project)s has no lead agency.") % {"project": project},
                _row_url(blueprint, "project", project.pk),
            )
        if not any(budget.amount > 0 for budget in project.budgets.all()):
            add(
                SectionKey.ACTION_PLAN,
                _("Project %(project)s has no budget.") % {"project": project},
                _row_url(blueprint, "project", project.pk),
            )

    # Risks and key success factors.
    if not document.risks:
        add(SectionKey.RISKS, _("No risk has been identified."), _new_url(blueprint, "risk"))
    for risk in document.risks:
        if not risk.mitigation.strip():
            add(
                SectionKey.RISKS,
                _("Risk “%(risk)s” has no mitigation.") % {"risk": risk},
                _row_url(blueprint, "risk", risk.pk),
            )
    if not document.success_factors:
        add(
            SectionKey.SUCCESS_FACTORS,
            _("No key success factor has been named."),
            _new_url(blueprint, "factor"),
        )

    # Assignments handed to agencies but not yet merged.
    for key in SectionKey.values:
        section = document.sections.get(key)
        if section is not None and section.is_unresolved_assignment:
            add(
                key,
                _("“%(section)s” is assigned to %(agency)s and not accepted yet (%(status)s).")
                % {
                    "section": section.get_key_display(),
                    "agency": section.assignee,
                    "status": section.get_status_display(),
                },
                # The section on the Blueprint page: the agency hands it in there and the
                # office accepts it there (the assign form is the office's alone).
                f"{blueprint.get_absolute_url()}#section-{key}",
            )
    # Dates true to the Blueprint's years.
    for section, message, url in _dates_out_of_range(document):
        add(section, message, url)

    # What the features add (proposals.contributions): the record of participation,
    # the answers to OPDC's comments on a returned version.
    for check in contributions.blocker_checks:
        for section, message, url in check(document):
            add(section, message, url)

    blockers.sort(key=lambda blocker: ORDER.index(blocker.section))
    return blockers


def plan_span(document) -> tuple[datetime.date, datetime.date, int, int]:
    """The first and last day a Blueprint's dates may fall on — from the start of its
    fiscal year to the end of its action plan (or of its fiscal year, if later) — and
    those two fiscal years (B.E.)."""
    first = document.blueprint.fiscal_year
    last = max(document.plan.end_year, first)
    return (
        fiscal.fiscal_year_bounds(first)[0],
        fiscal.fiscal_year_bounds(last)[1],
        first,
        last,
    )


def _dates_out_of_range(document):
    """``(section, message, url)`` for every date or year of the Blueprint outside its span."""
    blueprint = document.blueprint
    start, end, first, last = plan_span(document)
    span = {
        "first": first,
        "last": last,
        "start": format_be_date(start),
        "end": format_be_date(end),
    }
    for project in document.projects:
        for activity in project.bp_activities:
            for value in (activity.start_date, activity.end_date):
                if value is not None and not start <= value <= end:
                    yield (
                        SectionKey.ACTION_PLAN,
                        _(
                            "Activity “%(title)s” of project %(project)s has the date %(date)s, "
                            "outside fiscal years %(first)s–%(last)s (%(start)s – %(end)s)."
                        )
                        % {
                            **span,
                            "title": activity.title,
                            "project": project,
                            "date": format_be_date(value),
                        },
                        _row_url(blueprint, "activity", activity.pk),
                    )
                    break
        for milestone in project.bp_milestones:
            value = milestone.due_date
            if value is not None and not start <= value <= end:
                yield (
                    SectionKey.ACTION_PLAN,
                    _(
                        "Milestone “%(title)s” of project %(project)s is due on %(date)s, "
                        "outside fiscal years %(first)s–%(last)s (%(start)s – %(end)s)."
                    )
                    % {
                        **span,
                        "title": milestone.title,
                        "project": project,
                        "date": format_be_date(value),
                    },
                    _row_url(blueprint, "milestone", milestone.pk),
                )
    for change in document.change_proposals:
        years = [y for y in (change.start_year, change.end_year) if y is not None]
        if any(not first <= year <= last for year in years):
            yield (
                SectionKey.CHANGES,
                _(
                    "Change proposal “%(title)s” runs %(from)s–%(to)s, outside fiscal years "
                    "%(first)s–%(last)s of this Blueprint."
                )
                % {
                    **span,
                    "title": change.title,
                    "from": change.start_year or "",
                    "to": change.end_year or "",
                },
                _row_url(blueprint, "change", change.pk),
            )


def find_warnings(document, *, signed_approval=None) -> list[Blocker]:
    """Advice that does not block approval or submission (same shape as blockers).

    - The weights of the strategic issue's indicators add up to 100 (an indicator's
      weight is its share of the issue's score): a warning, since weights are optional.
    - The signed approval page (a scan, :func:`proposals.attachments.services.signed_approval_for`
      passed as ``signed_approval``) is asked for once the governor has approved: it is the
      evidence of the approval OPDC receives with the submission. A warning, not a
      blocker: the page exists only after the governor signed, so it cannot block the
      approval step; OPDC sees in the submission's list of attachments whether it came.
    """
    from proposals.models import BlueprintStatus

    blueprint = document.blueprint
    warnings: list[Blocker] = []
    indicators = [indicator for goal in document.goals for indicator in goal.indicators.all()]
    weights = [indicator.weight for indicator in indicators]
    if any(weight is not None for weight in weights):
        total = sum((weight or Decimal(0) for weight in weights), Decimal(0))
        if total != 100:
            warnings.append(
                Blocker(
                    SectionKey.GOALS,
                    _(
                        "The weights of the indicators of strategic issue %(issue)s add up "
                        "to %(total)s, not 100."
                    )
                    % {"issue": document.issue.number, "total": f"{total.normalize():f}"},
                    _row_url(blueprint, "indicator", indicators[0].pk),
                )
            )
    warnings += _milestones_against_targets(document, indicators)
    # What the features add (proposals.contributions): results of the years gone by.
    for check in contributions.warning_checks:
        warnings += [Blocker(*found) for found in check(document)]
    if blueprint.status == BlueprintStatus.APPROVED and signed_approval is None:
        warnings.append(
            Blocker(
                SectionKey.HEADER,
                _("The signed approval page is not attached yet (a scan, PDF or image)."),
                reverse("proposals:attachment_upload", args=[blueprint.pk])
                + "?kind=signed_approval",
            )
        )
    return warnings


def _milestones_against_targets(document, indicators) -> list[Blocker]:
    """The rule for a milestone's value: the last milestone of a fiscal year that gives a
    value for an indicator states where the indicator stands at the end of that year, so
    it reaches that year's target — exactly the target. A warning (advice, the target may
    be revised), one per indicator and year, naming both figures."""
    by_pk = {indicator.pk: indicator for indicator in indicators}
    last: dict[tuple[int, int], object] = {}
    for project in document.projects:
        for milestone in project.bp_milestones:
            if milestone.value is None or milestone.due_date is None:
                continue
            if milestone.indicator_id not in by_pk:
                continue
            key = (milestone.indicator_id, fiscal_year_of(milestone.due_date))
            if key not in last or milestone.due_date >= last[key].due_date:
                last[key] = milestone
    warnings = []
    for (indicator_pk, year), milestone in sorted(last.items(), key=lambda item: item[0]):
        indicator = by_pk[indicator_pk]
        targets = {target.fiscal_year: target.value for target in indicator.targets.all()}
        target = targets.get(year)
        if target is None or milestone.value == target:
            continue
        warnings.append(
            Blocker(
                SectionKey.ACTION_PLAN,
                _(
                    "Milestone “%(title)s” gives %(value)s for indicator %(indicator)s, the "
                    "last of fiscal year %(year)s, but that year's target is %(target)s."
                )
                % {
                    "title": milestone.title,
                    "value": f"{milestone.value.normalize():f}",
                    "indicator": f"{indicator.goal.number}.{indicator.number}",
                    "year": year,
                    "target": f"{target.normalize():f}",
                },
                _row_url(document.blueprint, "milestone", milestone.pk),
            )
        )
    return warnings


def blockers_by_section(blockers) -> dict[str, list[Blocker]]:
    grouped: dict[str, list[Blocker]] = {}
    for blocker in blockers:
        grouped.setdefault(blocker.section, []).append(blocker)
    return grouped
