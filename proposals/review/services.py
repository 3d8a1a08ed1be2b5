"""Changes made in the review workspace: review comments and rubric scores.

Return and accept are the workflow's own steps (:func:`proposals.workflow.blueprint_return`,
:func:`proposals.workflow.blueprint_accept`); batch exports are in
:mod:`proposals.review.exports`. Rules as in :mod:`proposals.services`: keyword-only
arguments, one transaction, rights checked here too (``PermissionDenied``), a change
the Blueprint's state does not allow refused with :class:`~proposals.services.Refused`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import access
from proposals.models import Blueprint, SectionKey, Snapshot
from proposals.review.access import review_open
from proposals.review.models import (
    GENERAL,
    LEVELS,
    Criterion,
    ReviewNote,
    Rubric,
    Score,
)
from proposals.review.rubric import RubricResult, rubric_result
from proposals.services import Refused

MAX_NOTE_LENGTH = 5000


def _lock_for_review(user, snapshot: Snapshot) -> Blueprint:
    """Check the right to review and that this version awaits a decision; lock the row."""
    blueprint = Blueprint.objects.select_for_update().get(pk=snapshot.blueprint_id)
    if not access.rights_for(user, blueprint).review:
        raise PermissionDenied
    if not review_open(blueprint, snapshot):
        raise Refused(
            _("This version is no longer awaiting review: comments and scores are closed.")
        )
    return blueprint


@transaction.atomic
def review_note_add(*, user, snapshot: Snapshot, section: str, text: str) -> ReviewNote:
    """Add a review comment on ``section`` (a section key or ``"general"``) of ``snapshot``."""
    _lock_for_review(user, snapshot)
    text = (text or "").strip()
    if section not in {GENERAL, *SectionKey.values}:
        raise ValidationError({"section": _("Choose a section of the Blueprint.")})
    if not text:
        raise ValidationError({"text": _("Write the comment first.")})
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"text": _("A comment can be at most %(max)s characters.") % {"max": MAX_NOTE_LENGTH}}
        )
    return ReviewNote.objects.create(snapshot=snapshot, section=section, text=text, author=user)


@transaction.atomic
def review_note_delete(*, user, note: ReviewNote) -> None:
    """Withdraw one's own review comment while the version is still under review."""
    _lock_for_review(user, note.snapshot)
    if note.author_id != user.pk:
        raise PermissionDenied
    note.delete()


def rubric_for(snapshot: Snapshot) -> Rubric | None:
    """The rubric a version is scored against: the one of its scores, else the active one."""
    scored = (
        Score.objects.filter(snapshot=snapshot)
        .values_list("criterion__rubric_id", flat=True)
        .first()
    )
    if scored is not None:
        return Rubric.objects.get(pk=scored)
    return Rubric.objects.active().first()


def snapshot_result(snapshot: Snapshot, rubric: Rubric | None = None) -> RubricResult | None:
    """The rubric result of ``snapshot`` (``None`` when there is no rubric at all)."""
    rubric = rubric or rubric_for(snapshot)
    if rubric is None:
        return None
    return rubric_result(list(rubric.criteria.all()), list(Score.objects.filter(snapshot=snapshot)))


@transaction.atomic
def review_scores_save(
    *, user, snapshot: Snapshot, levels: dict[int, int | None], comments: dict[int, str]
) -> RubricResult:
    """Record the level (1–5) reached on each criterion; ``None`` clears a score.

    ``levels`` and ``comments`` are keyed by criterion id; every criterion must belong
    to the rubric this version is scored against.
    """
    _lock_for_review(user, snapshot)
    rubric = rubric_for(snapshot)
    if rubric is None:
        raise Refused(_("There is no active rubric. OPDC sets one up in the administration."))
    criteria = {criterion.pk: criterion for criterion in Criterion.objects.filter(rubric=rubric)}
    unknown = set(levels) - set(criteria)
    if unknown:
        raise ValidationError(_("A criterion does not belong to this rubric."))
    for criterion_id, level in levels.items():
        if level is not None and level not in LEVELS:
            raise ValidationError(_("A level is between 1 and 5."))
        if level is None:
            Score.objects.filter(snapshot=snapshot, criterion_id=criterion_id).delete()
            continue
        Score.objects.update_or_create(
            snapshot=snapshot,
            criterion_id=criterion_id,
            defaults={
                "level": level,
                "weight": criteria[criterion_id].weight,
                "comment": (comments.get(criterion_id) or "").strip()[:MAX_NOTE_LENGTH],
                "scored_by": user,
                "scored_at": timezone.now(),
            },
        )
    return snapshot_result(snapshot, rubric)
