"""Reading a Blueprint back from its PDF (or its JSON) into a new draft Blueprint.

The data is the snapshot schema (:mod:`proposals.snapshot`), as attached to every
Blueprint PDF (:mod:`proposals.pdf.attach`) or downloaded as JSON. Everything is
written through the services, as the importing person (their rights are checked,
every row gets its revision), in one transaction: an import either completes or
leaves nothing behind.

What maps to what:

- The target strategic issue must exist: given, or found by the province's code,
  the plan's first fiscal year and the issue number.
- Goals, indicators (with targets), strategies and projects (with budgets) belong to
  the action plan and are shared: they are matched by number, and only missing ones
  are created. Existing cascade rows are never overwritten (a difference is reported).
- The Blueprint's own content — header, diagnosis, change proposals, readiness,
  activities and milestones, risks, key success factors — is created as in the data.
- Organisations are matched by code (then by Thai name); an unknown one is left empty
  and reported.
- The new Blueprint is a draft of edition 1: the workflow (approval, submission),
  section assignments and the participation record are not replayed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from proposals import services
from proposals.models import ChangeCategory
from proposals.rows import KINDS
from strategies.models import (
    Goal,
    Indicator,
    Organisation,
    Project,
    StrategicIssue,
    Strategy,
)

SUPPORTED_SCHEMA_VERSIONS = {1}
REQUIRED_KEYS = {"schema_version", "blueprint", "plan", "issue", "goals", "diagnosis"}


class ImportRefused(Exception):
    """The data cannot be imported; the message says why."""


@dataclass
class ImportResult:
    blueprint: object
    created: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def check_schema(data) -> None:
    """Refuse data that is not a Blueprint of a schema version this code reads."""
    if not isinstance(data, dict):
        raise ImportRefused("the data is not a JSON object")
    version = data.get("schema_version")
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise ImportRefused(
            f"schema_version {version!r} is not supported "
            f"(this version reads {sorted(SUPPORTED_SCHEMA_VERSIONS)})"
        )
    missing = sorted(REQUIRED_KEYS - set(data))
    if missing:
        raise ImportRefused(f"missing keys: {', '.join(missing)}")


def find_issue(data: dict) -> StrategicIssue:
    plan = data.get("plan") or {}
    organisation = (plan.get("organisation") or {}).get("code")
    number = (data.get("issue") or {}).get("number")
    issues = StrategicIssue.objects.filter(
        plan__organisation__code=organisation,
        plan__start_year=plan.get("start_year"),
        number=number,
    ).select_related("plan__organisation")
    issue = issues.first()
    if issue is None:
        raise ImportRefused(
            f"no strategic issue {number} in the {plan.get('start_year')} action plan of "
            f"{organisation!r}: give the target issue explicitly"
        )
    return issue


class _Orgs:
    def __init__(self, result: ImportResult):
        self.result = result
        self.cache: dict = {}

    def __call__(self, org: dict | None, where: str):
        if not org:
            return None
        key = (org.get("code"), org.get("name"))
        if key not in self.cache:
            found = Organisation.objects.filter(code=org.get("code")).first()
            if found is None and org.get("name"):
                found = Organisation.objects.filter(name=org["name"]).first()
            if found is None:
                self.result.warnings.append(
                    f"{where}: organisation {org.get('code')!r} ({org.get('name')}) "
                    "is unknown here and was left empty"
                )
            self.cache[key] = found
        return self.cache[key]


def _dec(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ImportRefused(f"not a number: {value!r}") from error


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _create(user, blueprint, kind_key, values, *, parent=None, extras=None):
    return services.row_create(
        user=user,
        blueprint=blueprint,
        kind=KINDS[kind_key],
        values=values,
        parent=parent,
        extras=extras,
    )


@transaction.atomic
def blueprint_import(
    *, user, data: dict, issue: StrategicIssue | None = None, fiscal_year: int | None = None
) -> ImportResult:
    """Create a draft Blueprint from snapshot ``data`` (see the module docstring)."""
    check_schema(data)
    issue = issue or find_issue(data)
    header = data["blueprint"]
    fiscal_year = fiscal_year or header.get("fiscal_year")
    result = ImportResult(blueprint=None)
    orgs = _Orgs(result)
    blueprint = services.blueprint_create(
        user=user,
        issue=issue,
        fiscal_year=fiscal_year,
        title=header.get("title", ""),
        cluster=orgs(header.get("cluster"), "cluster"),
        cluster_reference=header.get("cluster_reference", ""),
        cluster_url=header.get("cluster_url", ""),
    )
    result.blueprint = blueprint
    indicators = _import_goals(user, blueprint, issue, data, orgs, result)
    projects = _import_projects(user, blueprint, issue, data, orgs, result)
    _import_own_rows(user, blueprint, data, orgs, indicators, projects, result)
    if (header.get("approver") or {}).get("name"):
        result.warnings.append(
            "the governor's approval was not imported: approve the new draft again"
        )
    for key in ("participants", "workshops", "agency_inputs"):
        if data.get(key):
            result.warnings.append(f"{key} were not imported (not supported yet)")
    blueprint.refresh_from_db()
    return result


def _import_goals(user, blueprint, issue, data, orgs, result) -> dict:
    """Goals and indicators matched by number, missing ones created; returns
    ``{(goal number, indicator number): Indicator}``."""
    goals = {goal.number: goal for goal in Goal.objects.filter(issue=issue)}
    found = {
        (ind.goal.number, ind.number): ind
        for ind in Indicator.objects.filter(goal__issue=issue).select_related("goal")
    }
    for goal_data in data.get("goals", []):
        goal = goals.get(goal_data["number"])
        if goal is None:
            goal = _create(
                user,
                blueprint,
                "goal",
                {
                    "number": goal_data["number"],
                    "title": goal_data["title"],
                    "perspective": (goal_data.get("perspective") or {}).get("code", ""),
                },
            )
            goals[goal.number] = goal
            result.count("goals")
        elif goal.title != goal_data["title"]:
            result.warnings.append(
                f"goal {goal.number} exists with another title: kept the existing one"
            )
        for ind_data in goal_data.get("indicators", []):
            key = (goal.number, ind_data["number"])
            if key in found:
                continue
            targets = {t["fiscal_year"]: _dec(t["value"]) for t in ind_data.get("targets", [])}
            indicator = _create(
                user,
                blueprint,
                "indicator",
                {
                    "number": ind_data["number"],
                    "name": ind_data["name"],
                    "unit": ind_data.get("unit", ""),
                    "formula": ind_data.get("formula", ""),
                    "data_source": ind_data.get("data_source", ""),
                    "baseline": _dec(ind_data.get("baseline")),
                    "baseline_year": ind_data.get("baseline_year"),
                    "weight": _dec(ind_data.get("weight")),
                    "owner": orgs(ind_data.get("owner"), f"indicator {key}"),
                },
                parent=goal,
                extras={"targets": targets},
            )
            found[key] = indicator
            result.count("indicators")
    return found


def _import_projects(user, blueprint, issue, data, orgs, result) -> dict:
    """Strategies and projects matched by number, missing ones created; returns
    ``{(strategy number, project number): Project}``."""
    strategies = {s.number: s for s in Strategy.objects.filter(issue=issue)}
    found = {
        (p.strategy.number, p.number): p
        for p in Project.objects.filter(strategy__issue=issue).select_related("strategy")
    }
    for project_data in (data.get("action_plan") or {}).get("projects", []):
        strategy_data = project_data["strategy"]
        strategy = strategies.get(strategy_data["number"])
        if strategy is None:
            # Strategies are not rows of a Blueprint: created plainly, in the cascade.
            strategy = Strategy.objects.create(
                issue=issue, number=strategy_data["number"], title=strategy_data["title"]
            )
            strategies[strategy.number] = strategy
            result.count("strategies")
        key = (strategy.number, project_data["number"])
        if key in found:
            continue
        budgets = {
            (b["fiscal_year"], b["source"]["code"]): _dec(b["amount"])
            for b in project_data.get("budgets", [])
        }
        supporting = [
            org
            for org in (
                orgs(o, f"project {key}") for o in project_data.get("supporting_agencies", [])
            )
            if org is not None
        ]
        found[key] = _create(
            user,
            blueprint,
            "project",
            {
                "strategy": strategy,
                "number": project_data["number"],
                "title": project_data["title"],
                "objective": project_data.get("objective", ""),
                "lead_agency": orgs(project_data.get("lead_agency"), f"project {key}"),
            },
            extras={"budgets": budgets, "supporting_agencies": supporting},
        )
        result.count("projects")
    return found


def _import_own_rows(user, blueprint, data, orgs, indicators, projects, result) -> None:
    diagnosis_data = data.get("diagnosis") or {}
    swot = diagnosis_data.get("swot") or {}
    values = {
        "current_situation": diagnosis_data.get("current_situation", ""),
        "desired_state": diagnosis_data.get("desired_state", ""),
        "gap": diagnosis_data.get("gap", ""),
        "root_causes": diagnosis_data.get("root_causes", ""),
        "strengths": swot.get("strengths", ""),
        "weaknesses": swot.get("weaknesses", ""),
        "opportunities": swot.get("opportunities", ""),
        "threats": swot.get("threats", ""),
    }
    if any(values.values()):
        diagnosis = blueprint.diagnosis
        diagnosis.refresh_from_db()
        services.row_update(
            user=user,
            blueprint=blueprint,
            kind=KINDS["diagnosis"],
            obj=diagnosis,
            values=values,
            version=diagnosis.version,
        )
        result.count("diagnosis")
    for change in data.get("change_proposals", []):
        linked = change.get("indicator")
        indicator = None
        if linked:
            indicator = indicators.get((linked.get("goal_number"), linked.get("number")))
        category = (change.get("category") or {}).get("code")
        if category not in ChangeCategory.values:
            raise ImportRefused(f"unknown change category {category!r}")
        _create(
            user,
            blueprint,
            "change",
            {
                "category": category,
                "title": change["title"],
                "gap": change.get("gap", ""),
                "expected_result": change.get("expected_result", ""),
                "indicator": indicator,
                "responsible_agency": orgs(change.get("responsible_agency"), "change proposal"),
                "start_year": change.get("start_year"),
                "end_year": change.get("end_year"),
            },
        )
        result.count("change proposals")
    for item in data.get("readiness", []):
        _create(
            user,
            blueprint,
            "readiness",
            {
                "capital": (item.get("capital") or {}).get("code"),
                "requirement": item["requirement"],
                "current_level": item.get("current_level", ""),
                "gap": item.get("gap", ""),
                "action": item.get("action", ""),
            },
        )
        result.count("readiness items")
    for project_data in (data.get("action_plan") or {}).get("projects", []):
        project = projects.get((project_data["strategy"]["number"], project_data["number"]))
        for activity in project_data.get("activities", []):
            _create(
                user,
                blueprint,
                "activity",
                {
                    "title": activity["title"],
                    "start_date": _date(activity.get("start_date")),
                    "end_date": _date(activity.get("end_date")),
                    "responsible_agency": orgs(activity.get("responsible_agency"), "activity"),
                },
                parent=project,
            )
            result.count("activities")
        for milestone in project_data.get("milestones", []):
            _create(
                user,
                blueprint,
                "milestone",
                {"title": milestone["title"], "due_date": _date(milestone.get("due_date"))},
                parent=project,
            )
            result.count("milestones")
    for risk in data.get("risks", []):
        _create(
            user,
            blueprint,
            "risk",
            {
                "description": risk["description"],
                "likelihood": (risk.get("likelihood") or {}).get("code"),
                "impact": (risk.get("impact") or {}).get("code"),
                "mitigation": risk.get("mitigation", ""),
                "owner": orgs(risk.get("owner"), "risk"),
            },
        )
        result.count("risks")
    for factor in data.get("success_factors", []):
        _create(user, blueprint, "factor", {"text": factor["text"]})
        result.count("success factors")
