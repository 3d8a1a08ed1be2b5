"""What a person may read, as a value (:class:`Scope`) and as list filters — the part of
:mod:`strategies.access` that the models' ``visible_to`` querysets use.

It sits below the models and names none of them (a person's memberships are read through
``user.memberships``; the issues' manager is passed in), so the models use it without an
import circle; :mod:`strategies.access` gives it with the object checks, and the rules
are explained there.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from strategies.choices import OrganisationKind, Role


@dataclass(frozen=True)
class Scope:
    """What one person may read and change, by province id."""

    read: frozenset[int] = field(default_factory=frozenset)
    edit: frozenset[int] = field(default_factory=frozenset)
    contribute: frozenset[int] = field(default_factory=frozenset)  # line-agency ids
    read_all: bool = False  # every province (OPDC); which plans and issues: issues_q
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
        rows = user.memberships.values_list(
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


_submitted_issues = None


def register_submitted_issues(provider) -> None:
    """Tell this module which strategic issues have been submitted to OPDC.

    Called once at start-up by the app that owns the submission workflow:
    ``provider()`` returns a queryset of one column, the ids of the strategic issues
    with at least one Blueprint submitted to OPDC (for ``id__in=``)."""
    global _submitted_issues
    _submitted_issues = provider


def submitted_issue_ids():
    """The ids of the issues submitted to OPDC, as a subquery; none until registered."""
    if _submitted_issues is None:
        return []
    return _submitted_issues()


def _outside_provinces_q(plan: str) -> Q:
    """Plans of an organisation that belongs to no province (clusters, ministries)."""
    return ~Q(**{f"{plan}organisation__kind": OrganisationKind.PROVINCE}) & Q(
        **{f"{plan}organisation__province__isnull": True}
    )


def _member_q(scope: Scope, plan: str) -> Q:
    return Q(**{f"{plan}organisation_id__in": scope.read}) | Q(
        **{f"{plan}organisation__province_id__in": scope.read}
    )


def issues_q(user, path: str = "") -> Q | None:
    """The strategic issues this person may read, as a filter on ``StrategicIssue`` —
    or, with ``path`` (``"issue__"``, ``"goal__issue__"``, ``"strategy__issue__"``), on
    a model below one. ``None`` means every issue."""
    scope = scope_for(user)
    if scope.edit_all:
        return None
    condition = _member_q(scope, f"{path}plan__")
    if scope.reviewer:
        condition |= _outside_provinces_q(f"{path}plan__") | Q(
            **{f"{path}id__in": submitted_issue_ids()}
        )
    return condition


def plans_q(user, issues) -> Q | None:
    """The action plans this person may open (one readable issue is enough for OPDC);
    ``None`` means every plan. ``issues``: the strategic issues' manager (this module
    names no model)."""
    scope = scope_for(user)
    if scope.edit_all:
        return None
    condition = _member_q(scope, "")
    if scope.reviewer:
        condition |= _outside_provinces_q("") | Q(
            id__in=issues.filter(id__in=submitted_issue_ids()).values("plan_id")
        )
    return condition
