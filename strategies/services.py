"""Services that change the cascade. Every write goes through here, inside one transaction.

They take plain values — what a form cleaned, a row of the plan's Excel file — never a
form, and re-check the person's right on the stored row whatever the page checked before
(as :mod:`proposals.services` do). They refuse with ``PermissionDenied`` (no right to
change this plan), ``ValidationError`` (past a bound of :mod:`strategies.limits`, an
approved target) or :class:`StaleEdit` (someone saved first); nothing is written then.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from strategies import access, cascade, fiscal, limits
from strategies.models import (
    ActionPlan,
    Goal,
    Indicator,
    IndicatorTarget,
    Organisation,
    Project,
    ProjectBudget,
    StrategicIssue,
    Strategy,
)


class StaleEdit(Exception):
    """The element changed since the person loaded it; their save was refused."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


#: What each element of a plan hangs from, and its key in :data:`cascade.PLAN_PATH`.
PARENT_FIELD = {
    StrategicIssue: "plan",
    Goal: "issue",
    Indicator: "goal",
    Strategy: "issue",
    Project: "strategy",
}
_PATH_KEY = {
    ActionPlan: "plan",
    StrategicIssue: "issue",
    Goal: "goal",
    Indicator: "indicator",
    Strategy: "strategy",
    Project: "project",
}


def _stored(element):
    """The row as the database holds it now, with its path up to the plan (one query)."""
    model = type(element)
    return model.objects.select_related(*cascade.PLAN_PATH[_PATH_KEY[model]]).get(pk=element.pk)


def _require_edit(user, element) -> None:
    """``PermissionDenied`` unless ``user`` may change the plan ``element`` belongs to."""
    if user is None or not access.can_edit_plan(user, cascade.plan_of(element)):
        raise PermissionDenied


def _write(element, values: dict) -> None:
    """Apply ``values`` (model field names) to ``element`` and save it, many-to-many too."""
    many = {}
    for name, value in values.items():
        if element._meta.get_field(name).many_to_many:
            many[name] = value
        else:
            setattr(element, name, value)
    element.save()
    for name, value in many.items():
        getattr(element, name).set(value)


def _claim_version(instance, expected_version) -> None:
    """Move the row to the next version, or raise StaleEdit if someone got there first.

    ``expected_version`` None: the version of ``instance`` as read (no check beyond it)."""
    model = type(instance)
    if expected_version is None:
        expected_version = instance.version
    claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(model.objects.get(pk=instance.pk))
    instance.version = expected_version + 1


@transaction.atomic
def action_plan_create(
    *,
    user,
    organisation: Organisation,
    administration_plan,
    title: str,
    start_year: int,
    vision: str = "",
    missions: str = "",
) -> ActionPlan:
    """A 4-year action plan for ``organisation`` (a province the person edits)."""
    if user is None or not access.scope_for(user).can_edit(organisation.home_province_id):
        raise PermissionDenied
    return ActionPlan.objects.create(
        organisation=organisation,
        administration_plan=administration_plan,
        title=title,
        start_year=start_year,
        end_year=fiscal.plan_end_year(start_year),
        vision=vision,
        missions=missions,
    )


@transaction.atomic
def action_plan_update(*, user, plan: ActionPlan, values: dict, version: int | None) -> ActionPlan:
    """Change a plan's title, years, vision…; its organisation never changes (a plan
    belongs to its province). Refuses with :class:`StaleEdit` when it was saved since
    ``version`` was read."""
    stored = _stored(plan)
    _require_edit(user, stored)
    values = {name: value for name, value in values.items() if name != "organisation"}
    if "start_year" in values:
        values["end_year"] = fiscal.plan_end_year(values["start_year"])
    _claim_version(stored, version)
    _write(stored, values)
    return stored


@transaction.atomic
def element_create(
    *, user, model, parent, values: dict, targets: dict | None = None, budgets: dict | None = None
):
    """Add an issue, goal, indicator, strategy or project (``model``) under ``parent``,
    with an indicator's yearly ``targets`` or a project's ``budgets``; refuses
    (``ValidationError``) past the bounds of what a strategic issue may hold
    (:mod:`strategies.limits`)."""
    parent = _stored(parent)
    _require_edit(user, parent)
    issue_id = limits.issue_id_of(model, parent)
    if issue_id is not None:
        limits.check_room(model, issue_id)
    element = model(**{PARENT_FIELD[model]: parent})
    _write(element, values)
    _write_children(element, targets, budgets)
    return element


@transaction.atomic
def element_update(
    *,
    user,
    element,
    values: dict,
    version: int | None,
    targets: dict | None = None,
    budgets: dict | None = None,
):
    """Save an edited issue, goal, indicator, strategy or project.

    Refuses with :class:`StaleEdit` when the element was saved by someone else after
    ``version`` was read; nothing is written then."""
    stored = _stored(element)
    _require_edit(user, stored)
    values = {name: value for name, value in values.items() if name != PARENT_FIELD[type(stored)]}
    _claim_version(stored, version)
    _write(stored, values)
    _write_children(stored, targets, budgets)
    return stored


def _write_children(element, targets, budgets) -> None:
    if targets is not None:
        indicator_set_targets(indicator=element, targets=targets)
    if budgets is not None:
        project_set_budgets(project=element, budgets=budgets)


# Set once at start-up by the layer that knows when a plan's targets stand approved (the
# Blueprint workflow): ``guard(indicator=…, years=[…])`` raises ValidationError to refuse.
_target_guard = None


def register_target_guard(guard) -> None:
    """Let a higher layer refuse direct changes of a target (an approved plan's targets
    change only through a recorded target change)."""
    global _target_guard
    _target_guard = guard


@transaction.atomic
def indicator_set_targets(*, indicator, targets: dict) -> None:
    """Set the yearly targets: a value creates or updates, ``None`` removes.

    Refused (``ValidationError``) by the registered guard when a changed year's target is
    under change control."""
    existing = {target.fiscal_year: target for target in indicator.targets.all()}
    if _target_guard is not None:
        changed = [
            year
            for year, value in targets.items()
            if (existing[year].value if year in existing else None) != value
        ]
        if changed:
            _target_guard(indicator=indicator, years=changed)
    for year, value in targets.items():
        target = existing.get(year)
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            IndicatorTarget.objects.create(indicator=indicator, fiscal_year=year, value=value)
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])


@transaction.atomic
def project_set_budgets(*, project, budgets: dict) -> None:
    """Set the yearly budgets by source: an amount creates or updates, ``None`` removes."""
    existing = {(budget.fiscal_year, budget.source): budget for budget in project.budgets.all()}
    for (year, source), amount in budgets.items():
        budget = existing.get((year, source))
        if amount is None:
            if budget is not None:
                budget.delete()
        elif budget is None:
            ProjectBudget.objects.create(
                project=project, fiscal_year=year, source=source, amount=amount
            )
        elif budget.amount != amount:
            budget.amount = amount
            budget.save(update_fields=["amount"])


@transaction.atomic
def element_delete(*, user, element) -> None:
    """Delete an element and what hangs from it; ``ProtectedError`` when rows elsewhere
    (a Blueprint's) stand on it."""
    stored = _stored(element)
    _require_edit(user, stored)
    stored.delete()
