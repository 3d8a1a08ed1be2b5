"""Who may read and enter a province's results — decided here and nowhere else.

Built on :func:`strategies.access.scope_for`, like every other access rule:

- **strategy-office editor of the province, superuser**: reads everything; enters every
  indicator's actual value and every project's progress; opens and reopens periods and
  decides target changes.
- **line-agency contributor of the province**: reads everything of the province; enters the
  indicators its agency owns and the projects it leads (403 for the others); asks for target
  changes of those indicators.
- **viewer of the province**: reads everything; enters nothing (403).
- **OPDC reviewer**: reads the submitted issues' published periods (below); enters nothing.
- **anyone else**: 404 everywhere.

Across provinces (:mod:`proposals.monitoring.rollup`):

- **A cluster's roll-up** (:func:`cluster_rights`): OPDC reviewers and superusers, and the
  members of any province in the cluster on the first day of the fiscal year; 404 for anyone
  else. Each member province is read as OPDC reads it — its submitted issues — except the
  provinces the person belongs to, read whole. What a province reported to OPDC is what it
  shares with its cluster partners, with whom it drafts the cluster's Blueprint; a draft
  issue stays its own. Every province is shown at its latest *locked* quarter, so that the
  columns compare reported quarters, not figures being typed.
- **Traceability from a national strategy** (:func:`national_issue_filter`): the national
  view's rule — OPDC reviewers (the submitted issues) and superusers (every issue); 403 for
  province people, who have their board and the chain of each project on it.

The office may enter any figure: in 2548 many agencies reported on paper and the office
keyed their figures in; who entered each value is kept with it and its history.

**What OPDC reads.** OPDC reads the results of a province only for the strategic issues it
reads the plan of (:func:`strategies.access.issues_q`: a Blueprint of the issue was submitted
to it), and only for the periods that have **locked once** — past the due date and the grace
period, when the quarter's figures are the province's report rather than work in progress.
A quarter still being entered is the province's own business, as a draft Blueprint is. A
province none of whose issues was submitted is a stranger's to OPDC: 404.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from strategies.access import scope_for, submitted_issue_ids
from strategies.models import Organisation, OrganisationKind, StrategicIssue


@dataclass(frozen=True)
class MonitoringRights:
    province_id: int
    member: bool = False  # reads everything of the province
    opdc: bool = False  # reads submitted issues' published periods only
    office: bool = False  # opens periods, enters anything, decides target changes
    agencies: frozenset[int] = field(default_factory=frozenset)  # enters what these own

    @property
    def enters_anything(self) -> bool:
        return self.office or bool(self.agencies)

    def can_enter_indicator(self, indicator) -> bool:
        return self.office or (
            indicator.owner_id is not None and indicator.owner_id in self.agencies
        )

    def can_enter_project(self, project) -> bool:
        return self.office or (
            project.lead_agency_id is not None and project.lead_agency_id in self.agencies
        )

    def sees_period(self, period, today) -> bool:
        """OPDC sees a period once it has locked (after due date + grace); members always."""
        return self.member or (self.opdc and today > period.locks_after)

    def require_office(self) -> None:
        if not self.office:
            raise PermissionDenied

    def require_indicator(self, indicator) -> None:
        if not self.can_enter_indicator(indicator):
            raise PermissionDenied

    def require_project(self, project) -> None:
        if not self.can_enter_project(project):
            raise PermissionDenied


def rights_for(user, province) -> MonitoringRights:
    """The person's rights on ``province``'s results; :class:`Http404` for a stranger."""
    scope = scope_for(user)
    if scope.edit_all or province.pk in scope.read:
        return MonitoringRights(
            province_id=province.pk,
            member=True,
            office=scope.can_edit(province.pk),
            agencies=scope.contribute,
        )
    if scope.reviewer and readable_issue_ids(user, province).exists():
        return MonitoringRights(province_id=province.pk, opdc=True)
    raise Http404


def readable_issue_ids(user, province):
    """The ids of the province's strategic issues whose results the person reads."""
    issues = StrategicIssue.objects.filter(plan__organisation=province)
    scope = scope_for(user)
    if scope.edit_all or province.pk in scope.read:
        return issues.values("pk")
    if scope.reviewer:
        return issues.filter(pk__in=submitted_issue_ids()).values("pk")
    return issues.none().values("pk")


def province_for(user, pk) -> tuple[Organisation, MonitoringRights]:
    province = get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.PROVINCE)
    return province, rights_for(user, province)


def national_issue_filter(user) -> Q:
    """The provinces' strategic issues that OPDC's national pages show ``user``: every issue
    for a superuser, the issues submitted to OPDC for a reviewer; :class:`PermissionDenied`
    for anyone else (the national pages are OPDC's, as the national view is)."""
    scope = scope_for(user)
    if scope.edit_all:
        return Q()
    if scope.reviewer:
        return Q(pk__in=submitted_issue_ids())
    raise PermissionDenied


def may_trace(user) -> bool:
    """Whether the national pages (the national view, traceability) are open to ``user``."""
    scope = scope_for(user)
    return scope.edit_all or scope.reviewer


def cluster_rights(user, members) -> dict[int, bool]:
    """For a cluster's roll-up: member province id → whether ``user`` reads all of it (a
    member of that province, a superuser) rather than what was submitted to OPDC.
    :class:`Http404` for someone neither OPDC nor a member of one of the ``members``."""
    scope = scope_for(user)
    rights = {p.pk: scope.edit_all or p.pk in scope.read for p in members}
    if not (scope.edit_all or scope.reviewer or any(rights.values())):
        raise Http404
    return rights


def cluster_issue_filter(rights: dict[int, bool]) -> Q:
    """The issues of a cluster's members that the reader of ``rights`` sees."""
    whole = [pid for pid, full in rights.items() if full]
    return Q(plan__organisation_id__in=whole) | Q(pk__in=submitted_issue_ids())


def require_element_readable(user, province, issue_id) -> None:
    """404 unless the person reads the results of the issue ``issue_id`` of ``province``."""
    if not readable_issue_ids(user, province).filter(pk=issue_id).exists():
        raise Http404
