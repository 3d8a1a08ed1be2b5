"""The Blueprint's workflow: assigning sections to agencies, and the steps from draft to
OPDC's decision (consult, provincial review, approve, submit, return, accept, revise,
withdraw, reopen).

This module sits above the Blueprint's core (ARCHITECTURE.md) and calls the features each
step needs, explicitly: an assignment invites the agency (participation), approval
freezes the approved edition, submission archives the PDF and freezes the covering letter,
every step tells the people on the Blueprint and refreshes OPDC's dashboard digest. Same
rules as :mod:`proposals.services`: keyword-only, ``@transaction.atomic``, rights
re-checked, ``Refused`` / ``EditConflict`` / ``ValidationError``.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals import access, edition, selectors, snapshot
from proposals.completeness import find_blockers
from proposals.letters import services as letters
from proposals.models import (
    Blueprint,
    BlueprintStatus,
    Section,
    SectionStatus,
    Snapshot,
    Transition,
)
from proposals.participation import hooks as participation
from proposals.pdf import archive as pdf_archive
from proposals.review.digest import schedule_refresh as schedule_digest_refresh
from proposals.services import EditConflict, Refused, _lock_editable
from strategies.audit import audit_record
from strategies.models import AuditAction, OrganisationKind

# --------------------------------------------------------------------------
# Sections: assignment and status
# --------------------------------------------------------------------------


@transaction.atomic
def section_assign(
    *, user, section: Section, assignee, due_date, status, instructions="", version
) -> Section:
    """Assign a section to a line agency of the province (or take it back), with a due date."""
    blueprint = section.blueprint
    access.require_edit(access.rights_for(user, blueprint))
    _lock_editable(blueprint)
    if assignee is not None and (
        assignee.kind != OrganisationKind.LINE_AGENCY
        or assignee.province_id != blueprint.province_id
    ):
        raise ValidationError({"assignee": _("Choose a line agency of this province.")})
    previous_assignee_id = (
        Section.objects.filter(pk=section.pk).values_list("assignee_id", flat=True).first()
    )
    updated = Section.objects.filter(pk=section.pk, version=version).update(
        version=F("version") + 1,
        assignee=assignee,
        due_date=due_date,
        status=status,
        instructions=instructions or "",
    )
    if not updated:
        raise EditConflict(None, Section.objects.select_related("assignee").get(pk=section.pk))
    section.refresh_from_db()
    # The agency takes part from now on and its people hear of it (after commit).
    participation.on_section_assigned(
        user=user, section=section, previous_assignee_id=previous_assignee_id
    )
    return section


@transaction.atomic
def section_set_status(*, user, section: Section, status: str) -> Section:
    """Mark a section's progress: the strategy office's call.

    An agency hands its section in by submitting its input
    (:func:`proposals.participation.inputs.input_submit` makes the section "submitted for
    merge"); a bare "hand in" without an input left the office nothing to decide."""
    blueprint = section.blueprint
    if not access.rights_for(user, blueprint).edit:
        raise PermissionDenied
    if status not in SectionStatus.values:
        raise ValidationError(_("Unknown status."))
    _lock_editable(blueprint)
    Section.objects.filter(pk=section.pk).update(status=status, version=F("version") + 1)
    section.refresh_from_db()
    return section


# --------------------------------------------------------------------------
# Workflow
# --------------------------------------------------------------------------


EDITOR, REVIEWER = "editor", "reviewer"


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset
    target: str
    by: str
    label: object  # a lazily translated string
    reason_required: bool = False
    needs_complete: bool = False


_S = BlueprintStatus
_STEP_LIST = [
    Step(
        "consult",
        frozenset({_S.DRAFT}),
        _S.CONSULTATION,
        EDITOR,
        gettext_lazy("Open for consultation"),
    ),
    Step(
        "review",
        frozenset({_S.CONSULTATION}),
        _S.PROVINCIAL_REVIEW,
        EDITOR,
        gettext_lazy("Send to provincial review"),
    ),
    Step(
        "approve",
        frozenset({_S.PROVINCIAL_REVIEW}),
        _S.APPROVED,
        EDITOR,
        gettext_lazy("Record the governor's approval"),
        needs_complete=True,
    ),
    # Submission sends the approved edition, which was complete when approved: the
    # live rows are not read again (see proposals.edition).
    Step(
        "submit",
        frozenset({_S.APPROVED}),
        _S.SUBMITTED,
        EDITOR,
        gettext_lazy("Submit to OPDC"),
    ),
    Step(
        "return",
        frozenset({_S.SUBMITTED}),
        _S.RETURNED,
        REVIEWER,
        gettext_lazy("Return for revision"),
        reason_required=True,
    ),
    Step(
        "accept",
        frozenset({_S.SUBMITTED}),
        _S.ACCEPTED,
        REVIEWER,
        gettext_lazy("Accept the Blueprint"),
    ),
    Step(
        "revise",
        frozenset({_S.RETURNED}),
        _S.DRAFT,
        EDITOR,
        gettext_lazy("Start a revised version"),
    ),
    Step(
        "withdraw",
        frozenset({_S.APPROVED}),
        _S.PROVINCIAL_REVIEW,
        EDITOR,
        gettext_lazy("Send back to provincial review (withdraws the approval)"),
        reason_required=True,
    ),
    Step(
        "reopen",
        frozenset({_S.CONSULTATION, _S.PROVINCIAL_REVIEW, _S.APPROVED}),
        _S.DRAFT,
        EDITOR,
        gettext_lazy("Back to draft"),
        reason_required=True,
    ),
]
STEPS: dict[str, Step] = {step.action: step for step in _STEP_LIST}


def steps_for(rights, blueprint) -> list[Step]:
    """The workflow steps this person may take now (for the buttons; services re-check)."""
    allowed = []
    for step in STEPS.values():
        if blueprint.status not in step.sources:
            continue
        if (step.by == EDITOR and rights.edit) or (step.by == REVIEWER and rights.review):
            allowed.append(step)
    return allowed


@transaction.atomic
def blueprint_transition(
    *,
    user,
    blueprint: Blueprint,
    action: str,
    reason: str = "",
    approved_on: datetime.date | None = None,
) -> Transition:
    """Move the Blueprint one workflow step, recording who, when, from, to and why.

    Raises ``PermissionDenied`` when the person may not take this step, ``Refused``
    when the Blueprint is not in a state the step starts from (or, for approval and
    approval, while something still blocks submission), ``ValidationError`` when
    a required reason is missing.

    Approving reads the governor from the province's record and freezes the whole
    Blueprint as its approved edition; submitting sends exactly that edition
    (:mod:`proposals.edition`). Withdrawing the approval (back to provincial review,
    or to draft) leaves that edition behind: a new approval takes a new one.
    """
    step = STEPS[action]
    rights = access.rights_for(user, blueprint)
    if not rights.read:
        raise PermissionDenied
    if (step.by == EDITOR and not rights.edit) or (step.by == REVIEWER and not rights.review):
        raise PermissionDenied
    reason = (reason or "").strip()
    if step.reason_required and not reason:
        raise ValidationError({"reason": _("Give the reason: it is kept with the Blueprint.")})
    source = blueprint.status
    if source not in step.sources:
        raise Refused(
            _("“%(step)s” is not possible while the Blueprint is “%(status)s”.")
            % {"step": step.label, "status": BlueprintStatus(source).label}
        )
    changes: dict = {"status": step.target}
    now = timezone.now()
    approved = None
    if action == "approve":
        province = blueprint.province
        if not province.governor_name.strip():
            raise Refused(no_governor_message(province))
        changes.update(
            approver_name=province.governor_name.strip(),
            approver_position=province.governor_title,
            approved_on=approved_on or timezone.localdate(),
        )
    elif action == "submit":
        changes["submitted_at"] = now
        approved = edition.current_edition(blueprint)
        if approved is None:
            raise Refused(
                _(
                    "There is no approved edition of this version to submit (it was approved "
                    "before approved editions were kept). Send it back to provincial review, "
                    "then record the governor's approval again."
                )
            )
    elif action == "revise":
        changes["edition"] = F("edition") + 1
    if action in {"revise", "withdraw"} or (action == "reopen" and source == _S.APPROVED):
        # The approval no longer stands.
        changes["approver_name"] = ""
        changes["approver_position"] = ""
        changes["approved_on"] = None
    moved = Blueprint.objects.filter(pk=blueprint.pk, status=source).update(**changes)
    if not moved:
        raise Refused(_("Someone changed this Blueprint's status just now. Look again."))
    # Work on a fresh copy: if something below refuses, the caller's object stays as it was.
    moved_blueprint = selectors.blueprint_queryset().get(pk=blueprint.pk)
    if action == "approve":
        # The governor approves the whole text: no section is still "in progress" (or
        # waiting for merge) in an approved, submitted or accepted Blueprint. Set before
        # the document is read, so that the approved edition says so too; a blocker
        # below rolls it back with the rest.
        Section.objects.filter(blueprint=moved_blueprint).exclude(
            status=SectionStatus.ACCEPTED
        ).update(status=SectionStatus.ACCEPTED, version=F("version") + 1)
    if step.needs_complete:
        document = selectors.load_document(moved_blueprint)
        blockers = find_blockers(document)
        if blockers:
            message = _("%(count)s item(s) must be completed first.") % {"count": len(blockers)}
            unanswered = document.features.get("unanswered_notes")
            if unanswered:  # said first: it is new to a resubmission
                message = " ".join([answers_missing_message(len(unanswered)), message])
            raise Refused(message, blockers=blockers)
        if action == "approve":
            edition.edition_take(user=user, blueprint=moved_blueprint, document=document)
    if action == "submit":
        # What the governor approved, byte for byte: never a rebuild from the live rows.
        submitted = Snapshot.objects.create(
            blueprint=moved_blueprint,
            edition=moved_blueprint.edition,
            schema_version=snapshot.SCHEMA_VERSION,
            data=edition.submission_data(
                approved, blueprint=moved_blueprint, submitted_by=user, submitted_at=now
            ),
            created_by=user,
            created_at=now,
        )
        # The submission PDF is archived after commit: a rendering failure must
        # not undo the submission (the first download renders it then).
        pdf_archive.schedule_archive(submitted)
        # The covering letter goes with it, frozen now, archived the same way.
        letters.letter_freeze(snapshot=submitted)
    transition = Transition.objects.create(
        blueprint=moved_blueprint,
        edition=moved_blueprint.edition,
        action=action,
        from_status=source,
        to_status=step.target,
        reason=reason,
        actor=user,
        created_at=now,
    )
    audit_record(
        actor=user,
        action=AUDITED_STEPS.get(action, AuditAction.WORKFLOW),
        target=moved_blueprint,
        details={
            "step": action,
            "from": source,
            "to": step.target,
            "reason": reason,
            "edition": moved_blueprint.edition,
        },
    )
    # Everyone on the Blueprint hears of the step (e-mailed after commit).
    participation.on_transition(user=user, blueprint=moved_blueprint, transition=transition)
    schedule_digest_refresh(blueprint.pk)
    blueprint.refresh_from_db()
    return transition


def answers_missing_message(count: int) -> str:
    return _(
        "Answer every comment OPDC made on the returned version first (%(count)s not answered yet)."
    ) % {"count": count}


AUDITED_STEPS = {
    "submit": AuditAction.SUBMITTED,
    "return": AuditAction.DECIDED,
    "accept": AuditAction.DECIDED,
}


def blueprint_open_consultation(*, user, blueprint) -> Transition:
    return blueprint_transition(user=user, blueprint=blueprint, action="consult")


def blueprint_send_to_review(*, user, blueprint) -> Transition:
    return blueprint_transition(user=user, blueprint=blueprint, action="review")


def blueprint_approve(*, user, blueprint, approved_on=None) -> Transition:
    """Record the governor's approval (the governor as the province's record names them)."""
    return blueprint_transition(
        user=user, blueprint=blueprint, action="approve", approved_on=approved_on
    )


def blueprint_withdraw_approval(*, user, blueprint, reason: str) -> Transition:
    """Send an approved Blueprint back to provincial review, so that it can be changed."""
    return blueprint_transition(user=user, blueprint=blueprint, action="withdraw", reason=reason)


def no_governor_message(province) -> str:
    return _(
        "The record of %(province)s does not name its governor, so the approval cannot say "
        "who gave it. Ask the system administrator to enter the governor's name and position "
        "in the province's record, then record the approval."
    ) % {"province": province.name}


def blueprint_submit(*, user, blueprint) -> Transition:
    return blueprint_transition(user=user, blueprint=blueprint, action="submit")


def blueprint_return(*, user, blueprint, reason: str) -> Transition:
    return blueprint_transition(user=user, blueprint=blueprint, action="return", reason=reason)


def blueprint_accept(*, user, blueprint, reason: str = "") -> Transition:
    return blueprint_transition(user=user, blueprint=blueprint, action="accept", reason=reason)


def blueprint_revise(*, user, blueprint, reason: str = "") -> Transition:
    return blueprint_transition(user=user, blueprint=blueprint, action="revise", reason=reason)


def blueprint_reopen(*, user, blueprint, reason: str) -> Transition:
    return blueprint_transition(user=user, blueprint=blueprint, action="reopen", reason=reason)
