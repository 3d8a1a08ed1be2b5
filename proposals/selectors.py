"""Reading a whole Blueprint at once, with a fixed number of queries whatever its size.

The Blueprint page, the completeness check and the submission snapshot all work
from one :class:`Document`, so they always agree on what the Blueprint contains.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from proposals import contributions
from proposals.models import (
    Blueprint,
    ChangeProposal,
    Diagnosis,
    ProjectActivity,
    ProjectMilestone,
    ReadinessItem,
    Revision,
    Risk,
    Section,
    SectionKey,
    SuccessFactor,
)
from strategies import cascade
from strategies.models import Indicator, Organisation, OrganisationKind


@dataclass
class Document:
    blueprint: Blueprint
    issue: object  # strategies.StrategicIssue with goals, strategies and projects prefetched
    sections: dict[str, Section]
    diagnosis: Diagnosis
    change_proposals: list[ChangeProposal]
    readiness_items: list[ReadinessItem]
    risks: list[Risk]
    success_factors: list[SuccessFactor]
    activities: dict[int, list[ProjectActivity]] = field(default_factory=dict)
    milestones: dict[int, list[ProjectMilestone]] = field(default_factory=dict)
    # What the features load with the document (proposals.contributions.add_document_part):
    # e.g. "participation" (the participation record), "unanswered_notes" (OPDC's comments
    # on the returned version still without the province's answer).
    features: dict = field(default_factory=dict)

    @property
    def plan(self):
        return self.blueprint.issue.plan

    @property
    def years(self) -> list[int]:
        return self.plan.years

    @property
    def national_strategies(self):
        return self.issue.national_strategies.all()

    @property
    def goals(self):
        return self.issue.goals.all()

    @property
    def strategies(self):
        return self.issue.strategies.all()

    @property
    def projects(self):
        """Every project of the issue, strategy by strategy, each with its Blueprint extras.

        Sets ``project.bp_activities`` and ``project.bp_milestones`` (no query).
        """
        projects = []
        for strategy in self.strategies:
            for project in strategy.projects.all():
                project.bp_activities = self.activities.get(project.pk, [])
                project.bp_milestones = self.milestones.get(project.pk, [])
                projects.append(project)
        return projects

    def readiness_by_capital(self):
        grouped = defaultdict(list)
        for item in self.readiness_items:
            grouped[item.capital].append(item)
        return grouped

    def row_count(self, key: str) -> int:
        """How many rows a section holds (the diagnosis counts its filled fields)."""
        if key == SectionKey.GOALS:
            return sum(1 + len(goal.indicators.all()) for goal in self.goals)
        if key == SectionKey.DIAGNOSIS:
            from proposals.rows import KINDS

            return sum(1 for name in KINDS["diagnosis"].fields if getattr(self.diagnosis, name))
        if key == SectionKey.CHANGES:
            return len(self.change_proposals)
        if key == SectionKey.READINESS:
            return len(self.readiness_items)
        if key == SectionKey.ACTION_PLAN:
            return sum(1 + len(p.bp_activities) + len(p.bp_milestones) for p in self.projects)
        if key == SectionKey.RISKS:
            return len(self.risks)
        if key == SectionKey.SUCCESS_FACTORS:
            return len(self.success_factors)
        return 0


def blueprint_queryset():
    return Blueprint.objects.select_related(
        "issue__plan__organisation",
        "issue__plan__administration_plan",
        "province",
        "cluster",
    )


def issue_tree(blueprint: Blueprint):
    """The Blueprint's strategic issue with its cascade prefetched: its national
    strategies, goals, indicators and targets, strategies, projects and budgets."""
    return (
        cascade.plan_tree(blueprint.issue.plan)
        .filter(pk=blueprint.issue_id)
        .prefetch_related("national_strategies__plan")
        .get()
    )


def load_document(blueprint: Blueprint, *, issue=None) -> Document:
    """Everything in the Blueprint, in a fixed number of queries (about fifteen);
    ``issue``: its :func:`issue_tree`, when the caller has it already."""
    if issue is None:
        issue = issue_tree(blueprint)
    sections = {
        section.key: section
        for section in Section.objects.filter(blueprint=blueprint).select_related("assignee")
    }
    try:
        diagnosis = Diagnosis.objects.get(blueprint=blueprint)
    except Diagnosis.DoesNotExist:
        diagnosis = Diagnosis(blueprint=blueprint)
    activities = defaultdict(list)
    for activity in ProjectActivity.objects.filter(blueprint=blueprint).select_related(
        "responsible_agency"
    ):
        activities[activity.project_id].append(activity)
    milestones = defaultdict(list)
    for milestone in ProjectMilestone.objects.filter(blueprint=blueprint).select_related(
        "indicator__goal"
    ):
        milestones[milestone.project_id].append(milestone)
    return Document(
        blueprint=blueprint,
        issue=issue,
        sections=sections,
        diagnosis=diagnosis,
        change_proposals=list(
            ChangeProposal.objects.filter(blueprint=blueprint).select_related(
                "indicator__goal", "responsible_agency"
            )
        ),
        readiness_items=list(ReadinessItem.objects.filter(blueprint=blueprint)),
        risks=list(Risk.objects.filter(blueprint=blueprint).select_related("owner")),
        success_factors=list(SuccessFactor.objects.filter(blueprint=blueprint)),
        activities=dict(activities),
        milestones=dict(milestones),
        features={name: load(blueprint) for name, load in contributions.document_parts.items()},
    )


def agencies_of(blueprint: Blueprint):
    """Who can own the Blueprint's rows (choices for "responsible"): the province, its line
    agencies, and its partners (``Organisation.objects.owners_for``)."""
    return Organisation.objects.owners_for(blueprint.province).order_by("kind", "name")


def line_agencies_of(blueprint: Blueprint):
    return Organisation.objects.filter(
        kind=OrganisationKind.LINE_AGENCY, province_id=blueprint.province_id
    ).order_by("name")


def indicators_of(blueprint: Blueprint):
    return (
        Indicator.objects.filter(goal__issue_id=blueprint.issue_id)
        .select_related("goal")
        .order_by("goal__number", "number")
    )


def section_revisions(blueprint: Blueprint, section: str):
    return (
        Revision.objects.filter(blueprint=blueprint, section=section)
        .select_related("author")
        .order_by("-number")
    )


def recent_revisions(blueprint: Blueprint, limit: int = 10):
    return (
        Revision.objects.filter(blueprint=blueprint)
        .select_related("author")
        .order_by("-number")[:limit]
    )


def snapshots_of(blueprint: Blueprint):
    return blueprint.snapshots.select_related("created_by").defer("data").order_by("-edition")


def transitions_of(blueprint: Blueprint):
    return blueprint.transitions.select_related("actor").order_by("-created_at", "-pk")
