"""How many goals, indicators and projects one strategic issue may hold.

They are the rows a Blueprint for Change shows and prints (its goals section and its
action plan), so the bounds are the same whether they are added on the action-plan
pages, by the plan's Excel import (:func:`strategies.services.element_create`) or from
a Blueprint (whose own bounds read them from here).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from strategies.models import Goal, Indicator, Project

# Per strategic issue.
MAX_GOALS = 30
MAX_INDICATORS = 150
MAX_PROJECTS = 100

PER_ISSUE = {Goal: MAX_GOALS, Indicator: MAX_INDICATORS, Project: MAX_PROJECTS}
_ISSUE_LOOKUP = {Goal: "issue_id", Indicator: "goal__issue_id", Project: "strategy__issue_id"}


def rows_of(model, issue_id):
    """The rows of ``model`` (goals, indicators or projects) of one strategic issue."""
    return model.objects.filter(**{_ISSUE_LOOKUP[model]: issue_id})


def too_many(model, limit: int) -> ValidationError:
    return ValidationError(
        _("A strategic issue holds at most %(max)s “%(kind)s”. Merge or remove some first.")
        % {"max": f"{limit:,}", "kind": model._meta.verbose_name_plural}
    )


def check_room(model, issue_id, *, adding: int = 1) -> None:
    """Refuse adding ``adding`` rows of ``model`` to the issue past its bound (other
    models are not bounded here)."""
    limit = PER_ISSUE.get(model)
    if limit is not None and rows_of(model, issue_id).count() + adding > limit:
        raise too_many(model, limit)


def issue_id_of(model, parent) -> int | None:
    """The strategic issue a new row of ``model`` under ``parent`` belongs to."""
    if model is Goal:
        return parent.pk
    if model is Indicator:
        return parent.issue_id
    if model is Project:
        return parent.issue_id
    return None
