"""The cascade's news to the layers above it: which strategic issues changed.

``strategies`` knows nothing of what is built on the cascade. Whatever keeps derived
figures from cascade rows (OPDC's dashboard digests: completeness, search text) listens
to :data:`cascade_changed` and refreshes them. The signal is for derived data only;
no business rule may hang on it.

It is sent from Django's model signals of every cascade table, so every path that
writes the cascade announces its change: the action-plan pages, Excel imports, the
admin, restores. It is sent inside the writing transaction; a receiver that refreshes
should defer its work to ``transaction.on_commit``.
"""

from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import Signal

from strategies.models import (
    ActionPlan,
    Goal,
    Indicator,
    IndicatorTarget,
    Project,
    ProjectBudget,
    StrategicIssue,
    Strategy,
)

#: Sent with ``issue_ids``: a frozenset of the ids of the strategic issues whose
#: cascade rows (the issue, its goals, indicators and targets, strategies, projects and
#: budgets, or its plan's vision and missions) were written.
cascade_changed = Signal()


def issue_ids_of(instance) -> frozenset[int]:
    """The strategic issues a cascade row belongs to (one query at most)."""
    if isinstance(instance, StrategicIssue):
        ids = [instance.pk]
    elif isinstance(instance, Goal | Strategy):
        ids = [instance.issue_id]
    elif isinstance(instance, Indicator):
        ids = Goal.objects.filter(pk=instance.goal_id).values_list("issue_id", flat=True)
    elif isinstance(instance, IndicatorTarget):
        ids = Indicator.objects.filter(pk=instance.indicator_id).values_list(
            "goal__issue_id", flat=True
        )
    elif isinstance(instance, Project):
        ids = Strategy.objects.filter(pk=instance.strategy_id).values_list("issue_id", flat=True)
    elif isinstance(instance, ProjectBudget):
        ids = Project.objects.filter(pk=instance.project_id).values_list(
            "strategy__issue_id", flat=True
        )
    elif isinstance(instance, ActionPlan):
        ids = StrategicIssue.objects.filter(plan_id=instance.pk).values_list("pk", flat=True)
    else:
        ids = []
    return frozenset(pk for pk in ids if pk is not None)


def _announce(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:  # fixtures being loaded; nothing saved yet
        return
    issue_ids = issue_ids_of(instance)
    if issue_ids:
        cascade_changed.send(sender=sender, issue_ids=issue_ids)


def _announce_agencies(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Project):
        _announce(Project, instance)


CASCADE_MODELS = (
    ActionPlan,
    StrategicIssue,
    Goal,
    Indicator,
    IndicatorTarget,
    Strategy,
    Project,
    ProjectBudget,
)


def connect() -> None:
    """Announce every write of a cascade table (called once, from the app's ``ready``)."""
    for model in CASCADE_MODELS:
        uid = f"strategies_cascade_changed_{model._meta.model_name}"
        post_save.connect(_announce, sender=model, dispatch_uid=uid + "_save")
        pre_delete.connect(_announce, sender=model, dispatch_uid=uid + "_delete")
    m2m_changed.connect(
        _announce_agencies,
        sender=Project.supporting_agencies.through,
        dispatch_uid="strategies_cascade_changed_agencies",
    )
