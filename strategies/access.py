"""The one place that decides who may see and change what.

Everything is derived from :class:`~strategies.models.Membership` rows:

- a **strategy-office editor** of a province reads and changes that province's
  plans (and, in ``proposals``, its Blueprints);
- a **viewer** of a province reads them;
- a **line-agency contributor** reads the plans of the province the agency
  serves in (what they may change in a Blueprint is decided in
  ``proposals.access``, on top of this);
- an **OPDC reviewer** reads a province's action plan only where the province has
  submitted work to OPDC (below), and every plan that belongs to no province (a
  cluster's, a ministry's: reference for the review);
- a superuser does everything.

A stranger to a province gets 404 (they must not learn it exists); a member
without the right to change gets 403. Views call :func:`plan_for`,
:func:`require_element` (or the ``require_*`` helpers) and lists call
``ActionPlan.objects.visible_to(user)`` / ``StrategicIssue.objects.visible_to(user)``.

What OPDC reads of a province's action plan
-------------------------------------------

A province's goals, indicators and targets, strategies, projects and budgets are
also the content of its Blueprints: the province drafts them through the Blueprint
of their strategic issue, while OPDC may read a Blueprint only once it has been
submitted (the Blueprint layer's access rules). The rule, per **strategic issue**:

- An OPDC reviewer reads a strategic issue of a province's plan, and everything
  under it, only once at least one Blueprint of that issue has been submitted to
  OPDC (it is submitted, returned or accepted: it has a ``submitted_at``). From then
  on the issue is part of what the province has filed with OPDC and its live rows
  are the plan OPDC reviews against; what OPDC reads of the *Blueprint* itself stays
  the submitted snapshot (the review pages).
- Before that, OPDC is a stranger to the issue: its pages (and those of everything
  under it) answer 404, and no plan page, plan list, cascade check, national page
  or Excel export shows it or anything under it.
- Once filed, an issue stays readable (a returned Blueprint is still what the
  province filed): while the province revises it, OPDC sees the issue's live plan
  rows change — the plan is not frozen, the Blueprint snapshots are. The stricter
  rule ("OPDC reads only submitted editions, never live rows") would take the plan
  pages from OPDC altogether; the snapshots already carry the submitted rows.
- A plan is listed to, and opens for, OPDC only when at least one of its issues is
  readable; its header (title, years, vision, missions) then shows with those
  issues only. Plans of organisations outside any province are read as before.
- OPDC's review dashboard (a layer above) is the register of every province's
  issues (number, title, where the Blueprint stands) that OPDC follows deadlines
  on: it shows no content of an unsubmitted issue, and its search matches only the
  province, the issue's title and submitted text.

Which issues have a submission is the Blueprint workflow's fact, and that layer
sits above this one (``strategies`` never names it). It tells this module at
start-up through :func:`register_submitted_issues`: one source of truth — the same
``submitted_at`` that decides what OPDC reads of a Blueprint — so the two rules can
never disagree, and no copy of the fact has to be kept in step by the submission,
the seeders or a restore. Until something registers, no issue counts as submitted
(OPDC reads no province's plan): the rule fails closed.

Every reader goes through :func:`issues_q` (the filter) or :func:`can_read_issue`
(the same rule for one issue already loaded, without a query for members).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from strategies import visibility
from strategies.models import (
    ActionPlan,
    Goal,
    Indicator,
    Project,
    StrategicIssue,
    Strategy,
)

# The person's scope and the list filters live below the models (strategies.visibility);
# they are given here too, with the object checks, as the one place to ask.
from strategies.visibility import EMPTY_SCOPE as EMPTY_SCOPE
from strategies.visibility import Scope as Scope
from strategies.visibility import issues_q as issues_q
from strategies.visibility import register_submitted_issues as register_submitted_issues
from strategies.visibility import scope_for as scope_for
from strategies.visibility import submitted_issue_ids as submitted_issue_ids


def province_id_of_org(org) -> int | None:
    return org.home_province_id


def plan_province_id(plan: ActionPlan) -> int | None:
    """The province a plan belongs to (its organisation's province)."""
    return plan.organisation.home_province_id


def require_read(user, province_id) -> None:
    """404 unless the person may read this province."""
    if not scope_for(user).can_read(province_id):
        raise Http404


def require_edit(user, province_id) -> None:
    """404 for strangers, 403 for members who may only read."""
    require_read(user, province_id)
    if not scope_for(user).can_edit(province_id):
        raise PermissionDenied


def plan_for(user, pk, *, edit: bool = False) -> ActionPlan:
    """The action plan ``pk`` if the person may read it (or change it, with ``edit``).

    404 when they may not read it (a stranger, or OPDC before any of its issues was
    submitted), 403 with ``edit`` for a reader who may not change it."""
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(user).select_related("organisation"), pk=pk
    )
    if edit:
        require_edit(user, plan_province_id(plan))
    return plan


# --------------------------------------------------------------------------
# Strategic issues: what OPDC reads of a province's plan (see the module docstring)
# --------------------------------------------------------------------------


def plans_q(user) -> Q | None:
    """The action plans this person may open (:func:`strategies.visibility.plans_q`)."""
    return visibility.plans_q(user, StrategicIssue.objects)


def reads_whole_plan(user, plan: ActionPlan) -> bool:
    """Whether :func:`issues_q` lets the person read every issue of ``plan`` (no query)."""
    scope = scope_for(user)
    province_id = plan_province_id(plan)
    return scope.edit_all or province_id in scope.read or (scope.reviewer and province_id is None)


def can_read_issue(user, issue: StrategicIssue) -> bool:
    """:func:`issues_q` for one issue (its ``plan__organisation`` selected): no query
    for members; one for OPDC on a province's issue."""
    if reads_whole_plan(user, issue.plan):
        return True
    if not scope_for(user).reviewer:
        return False
    return StrategicIssue.objects.filter(pk=issue.pk, id__in=submitted_issue_ids()).exists()


def issue_of(element) -> StrategicIssue:
    """The strategic issue a goal, indicator, strategy or project (or issue) belongs to."""
    if isinstance(element, StrategicIssue):
        return element
    if isinstance(element, Goal | Strategy):
        return element.issue
    if isinstance(element, Indicator):
        return element.goal.issue
    if isinstance(element, Project):
        return element.strategy.issue
    raise TypeError(f"Not an element under a strategic issue: {element!r}")


def require_element(user, element, *, edit: bool = False) -> None:
    """404 unless the person may read ``element`` (an issue or anything under one);
    with ``edit``, 403 for a reader who may not change it."""
    issue = issue_of(element)
    if not can_read_issue(user, issue):
        raise Http404
    if edit:
        require_edit(user, plan_province_id(issue.plan))


def can_edit_plan(user, plan: ActionPlan) -> bool:
    return scope_for(user).can_edit(plan_province_id(plan))
