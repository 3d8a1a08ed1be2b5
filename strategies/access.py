"""The one place that decides who may see and change what.

Everything is derived from :class:`~strategies.models.Membership` rows:

- a **strategy-office editor** of a province reads and changes that province's
  plans (and, in ``proposals``, its Blueprints);
- a **viewer** of a province reads them;
- a **line-agency contributor** reads the plans of the province the agency
  serves in (what they may change in a Blueprint is decided in
  ``proposals.access``, on top of this);
- an **OPDC reviewer** reads every province;
- a superuser does everything.

A stranger to a province gets 404 (they must not learn it exists); a member
without the right to change gets 403. Views call :func:`plan_for` (or the
``require_*`` helpers) and lists call ``.visible_to(user)``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from strategies.models import ActionPlan, Membership, OrganisationKind, Role


@dataclass(frozen=True)
class Scope:
    """What one person may read and change, by province id."""

    read: frozenset[int] = field(default_factory=frozenset)
    edit: frozenset[int] = field(default_factory=frozenset)
    contribute: frozenset[int] = field(default_factory=frozenset)  # line-agency ids
    read_all: bool = False
    edit_all: bool = False
    reviewer: bool = False

    def can_read(self, province_id) -> bool:
        return self.read_all or province_id in self.read

    def can_edit(self, province_id) -> bool:
        return self.edit_all or province_id in self.edit


EMPTY_SCOPE = Scope()


def scope_for(user) -> Scope:
    """The person's scope, computed once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_blueprint_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(read_all=True, edit_all=True, reviewer=True)
    else:
        read, edit, contribute = set(), set(), set()
        reviewer = False
        rows = Membership.objects.filter(user=user).values_list(
            "role", "organisation_id", "organisation__kind", "organisation__province_id"
        )
        for role, org_id, kind, org_province_id in rows:
            province_id = org_id if kind == OrganisationKind.PROVINCE else org_province_id
            if role == Role.REVIEWER and kind == OrganisationKind.OPDC:
                reviewer = True
                continue
            if province_id is None:
                continue
            read.add(province_id)
            if role == Role.EDITOR:
                edit.add(province_id)
            elif role == Role.CONTRIBUTOR and kind == OrganisationKind.LINE_AGENCY:
                contribute.add(org_id)
        scope = Scope(
            read=frozenset(read),
            edit=frozenset(edit),
            contribute=frozenset(contribute),
            read_all=reviewer,
            reviewer=reviewer,
        )
    user._blueprint_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope (after memberships change)."""
    if hasattr(user, "_blueprint_scope"):
        del user._blueprint_scope


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
    """The action plan ``pk`` if the person may read it (or change it, with ``edit``)."""
    plan = get_object_or_404(ActionPlan.objects.select_related("organisation"), pk=pk)
    province_id = plan_province_id(plan)
    if edit:
        require_edit(user, province_id)
    else:
        require_read(user, province_id)
    return plan


def can_edit_plan(user, plan: ActionPlan) -> bool:
    return scope_for(user).can_edit(plan_province_id(plan))


def is_reviewer(user) -> bool:
    return scope_for(user).reviewer
