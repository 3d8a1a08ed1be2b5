"""What still blocks a Blueprint from going to the governor and on to OPDC.

:func:`find_blockers` reads a loaded :class:`~proposals.selectors.Document` only
(no query of its own) and returns each blocker with a message and a link to
the place where it is fixed. :func:`find_warnings` names what the checklist asks for
without blocking a step (the signed approval page).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from proposals.models import Capital, SectionKey
from proposals.rows import KINDS


@dataclass(frozen=True)
class Blocker:
    section: str
    message: str
    url: str

    @property
    def section_label(self):
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
    order = SectionKey.values
    blockers.sort(key=lambda blocker: order.index(blocker.section))
    return blockers


def find_warnings(blueprint, *, signed_approval) -> list[Blocker]:
    """What the readiness checklist asks for without blocking a step.

    The signed approval page (a scan, :func:`proposals.attachments.services.signed_approval_for`
    passed as ``signed_approval``) is asked for once the governor has approved: it is the
    evidence of the approval OPDC receives with the submission. A warning, not a blocker:
    the page exists only after the governor signed, so it cannot block the approval step,
    and blocking submission on it would make an upload the one thing a province with a
    signed paper (and a scanner out of order) cannot submit without; OPDC sees in the
    submission's list of attachments whether it came.
    """
    from proposals.models import BlueprintStatus

    warnings = []
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


def blockers_by_section(blockers) -> dict[str, list[Blocker]]:
    grouped: dict[str, list[Blocker]] = {}
    for blocker in blockers:
        grouped.setdefault(blocker.section, []).append(blocker)
    return grouped
