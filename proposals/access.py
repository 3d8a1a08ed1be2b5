"""Who may see and change which Blueprint — built on :func:`strategies.access.scope_for`.

- A **strategy-office editor** of the province (and a superuser) reads and changes
  everything of the province's Blueprints and moves them through the workflow up to
  submission.
- A **viewer** of the province reads its Blueprints (the working copy and history).
- A **line-agency contributor** reads the Blueprints of the province their agency
  serves in and *proposes* changes to the rows of sections assigned to their agency —
  by the row forms or the agency workbook, always as an agency input that the strategy
  office accepts or returns; they never write the live rows themselves (they set the
  status of their sections up to "submitted for merge").
- An **OPDC reviewer** reads only Blueprints that have been submitted at least once,
  and only what was submitted (the frozen snapshots, the workflow log) — never the
  working copy; they return or accept a submitted Blueprint.
- Anyone else gets 404 (they must not learn a Blueprint exists); a person who may
  see a Blueprint but not do what they asked gets 403.

Views call :func:`blueprint_for` (or the ``require_*`` helpers); lists call
``Blueprint.objects.visible_to(user)``, whose filter (:func:`visible_blueprints_q`) lives
in :mod:`proposals.visibility`, below the models, so that the models never import this
module (which reads them).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from proposals.visibility import visible_blueprints_q
from strategies.access import scope_for

__all__ = ["visible_blueprints_q"]  # the list filter, beside the object checks below


@dataclass(frozen=True)
class Rights:
    """What one person may do with one Blueprint."""

    read_live: bool = False  # the working copy, its sections and history
    read_submitted: bool = False  # the snapshots and workflow log only
    edit: bool = False  # everything, and the editor's workflow steps
    review: bool = False  # OPDC's workflow steps
    agencies: frozenset = frozenset()  # line agencies the person contributes for

    @property
    def read(self) -> bool:
        return self.read_live or self.read_submitted

    def can_edit_section(self, section) -> bool:
        """May write the live rows of this section (a ``Section`` or ``None`` for the header).

        Only the strategy office does: a line agency's changes, by web form or Excel, are
        proposals (an agency input) that the office accepts or returns."""
        return self.edit

    def can_propose(self, section) -> bool:
        """May propose changes to this section: it is assigned to the person's agency."""
        return section is not None and section.assignee_id in self.agencies

    def can_work_on(self, section) -> bool:
        """May open the section's row forms: to save (the office) or to propose (its agency)."""
        return self.can_edit_section(section) or self.can_propose(section)

    def owns(self, kind, stored) -> bool:
        """May change (or remove) the row ``stored`` of ``kind``, as it is in the database.

        Rows with an owner (``kind.owner_field``: a project's lead agency) are shared by
        every Blueprint of the issue: an agency changes only those its agency owns. Decide
        this on the row as loaded from the database, never on an instance a form has
        already filled with posted values."""
        if self.edit or kind.owner_field is None:
            return True
        return getattr(stored, f"{kind.owner_field}_id") in self.agencies

    def may_set_owner(self, kind, owner) -> bool:
        """May give a row of ``kind`` this owner (an organisation, its id, or ``None``)."""
        if self.edit or kind.owner_field is None:
            return True
        owner_id = getattr(owner, "pk", owner)
        return owner_id is not None and owner_id in self.agencies


NO_RIGHTS = Rights()


def rights_for(user, blueprint) -> Rights:
    """The person's rights on ``blueprint`` (no query beyond the cached scope)."""
    scope = scope_for(user)
    if scope.edit_all:
        return Rights(read_live=True, read_submitted=True, edit=True, review=True)
    province_id = blueprint.province_id
    member = province_id in scope.read
    submitted = blueprint.submitted_at is not None
    if not member and not (scope.reviewer and submitted):
        return NO_RIGHTS
    return Rights(
        read_live=member,
        read_submitted=member or (scope.reviewer and submitted),
        edit=province_id in scope.edit,
        review=scope.reviewer and submitted,
        agencies=scope.contribute if member else frozenset(),
    )


def blueprint_for(user, pk, *, queryset=None):
    """The Blueprint ``pk`` and the person's rights on it; 404 if they may not see it.

    ``queryset`` is read as given (its ``select_related``); by default the Blueprint
    comes with its plan, province and cluster."""
    from proposals.models import Blueprint

    if queryset is None:
        queryset = Blueprint.objects.select_related(
            "issue__plan__organisation", "province", "cluster"
        )
    blueprint = get_object_or_404(queryset, pk=pk)
    rights = rights_for(user, blueprint)
    if not rights.read:
        raise Http404
    return blueprint, rights


def require_live(rights: Rights) -> None:
    """403 for people who may see only what was submitted (OPDC reviewers)."""
    if not rights.read_live:
        raise PermissionDenied


def require_edit(rights: Rights) -> None:
    if not rights.edit:
        raise PermissionDenied


def require_section_edit(rights: Rights, section) -> None:
    if not rights.can_edit_section(section):
        raise PermissionDenied


def require_owner(rights: Rights, kind, stored) -> None:
    """403 unless the person may change ``stored`` (a row as loaded from the database)."""
    if not rights.owns(kind, stored):
        raise PermissionDenied


def require_review(rights: Rights) -> None:
    if not rights.review:
        raise PermissionDenied


def can_create_for(user, province_id) -> bool:
    return scope_for(user).can_edit(province_id)
