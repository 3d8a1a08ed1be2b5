"""Services that change the cascade. Every write goes through here, inside one transaction."""

from django.db import transaction
from django.db.models import F

from strategies import limits
from strategies.forms import IndicatorForm, ProjectForm
from strategies.models import ActionPlan, IndicatorTarget, ProjectBudget


class StaleEdit(Exception):
    """The element changed since the person loaded it; their save was refused."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


@transaction.atomic
def action_plan_create(*, user, data: dict) -> ActionPlan:
    start = data["start_year"]
    return ActionPlan.objects.create(
        organisation=data["organisation"],
        administration_plan=data["administration_plan"],
        title=data["title"],
        start_year=start,
        end_year=start + 3,
        vision=data.get("vision", ""),
        missions=data.get("missions", ""),
    )


def _claim_version(instance, expected_version) -> None:
    """Move the row to the next version, or raise StaleEdit if someone got there first."""
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
def element_save(*, user, form):
    """Save an edited element (plan, issue, goal, indicator, strategy, project).

    Refuses with :class:`StaleEdit` when the element was saved by someone else
    after this form was loaded; nothing is written then.
    """
    instance = form.instance
    if instance.pk:
        _claim_version(instance, form.cleaned_data.get("version"))
    element = form.save()
    _save_children(form, element)
    return element


@transaction.atomic
def element_create(*, user, form, parent_field: str, parent):
    """Add an element under ``parent``; refuses (``ValidationError``) past the bounds of
    what a strategic issue may hold (:mod:`strategies.limits`)."""
    model = type(form.instance)
    issue_id = limits.issue_id_of(model, parent)
    if issue_id is not None:
        limits.check_room(model, issue_id)
    setattr(form.instance, parent_field, parent)
    element = form.save()
    _save_children(form, element)
    return element


def _save_children(form, element) -> None:
    if isinstance(form, IndicatorForm):
        indicator_set_targets(indicator=element, targets=form.targets())
    elif isinstance(form, ProjectForm):
        project_set_budgets(project=element, budgets=form.budgets())


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
    element.delete()
