"""The province's answers to OPDC's review comments on a returned version.

When OPDC returns a version with review comments (:class:`ReviewNote`), the province
answers each one — what it changed and in which section — before it may submit
again: until every comment has an answer, the readiness checklist shows a blocker
(:func:`blockers`), so neither the governor's approval nor the submission can go
ahead. The submitted snapshot of the new version carries the answers
(``answers_to_review``, :func:`snapshot_entries`), the submission PDF prints them in
an appendix, and OPDC's review page shows them next to its comments.

Who: the province's strategy office (``Rights.edit``) writes the answers while the
Blueprint is back in the province — returned, or in draft, consultation or provincial
review (once the governor has approved, what goes to OPDC is settled: move it back to
draft to change an answer). The province's members read them; OPDC reads them in what
was submitted; strangers get 404 (:func:`proposals.access.blueprint_for`).

Saves follow :mod:`proposals.services`: rights and state checked on the stored rows, a
stale save refused with :class:`AnswerConflict` (``UPDATE … WHERE version = …``).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import access
from proposals.models import EDITABLE_STATUSES, Blueprint, BlueprintStatus, Revision, SectionKey
from proposals.review.digest import schedule_refresh as schedule_digest_refresh
from proposals.review.models import NOTE_SECTIONS, NoteAnswer, ReviewNote

MAX_ANSWER_LENGTH = 5000
# Back in the province after a return and not yet approved by the governor again.
ANSWERABLE_STATUSES = frozenset({BlueprintStatus.RETURNED, *EDITABLE_STATUSES})
SECTION_LABELS = dict(NOTE_SECTIONS)


class AnswerConflict(Exception):
    """Someone saved this answer since the person loaded it; nothing was written.
    ``current`` is the answer as saved now."""

    def __init__(self, current):
        super().__init__("answer conflict")
        self.current = current


class AnswerRefused(Exception):
    """The Blueprint's state does not allow answering now; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AnswerAccess:
    """What one person may do with the answers of one Blueprint, as it is stored now."""

    read: bool = False
    write: bool = False  # the right (strategy office) and the state (back in the province)
    may_write: bool = False  # the right only: a 403 decides on this, a state refusal on write


def answer_access(rights, blueprint) -> AnswerAccess:
    """Decided on ``rights`` (:func:`proposals.access.rights_for`) and the stored status."""
    if not rights.read_live:
        return AnswerAccess()
    in_province = blueprint.status in ANSWERABLE_STATUSES
    return AnswerAccess(read=True, write=rights.edit and in_province, may_write=rights.edit)


def _answered_snapshots(blueprint):
    snapshots = blueprint.snapshots.defer("data").order_by("-edition")
    if blueprint.status == BlueprintStatus.RETURNED:
        return snapshots.filter(edition__lte=blueprint.edition)
    return snapshots.filter(edition__lt=blueprint.edition)


def answered_snapshot(blueprint):
    """The returned version whose comments this Blueprint answers, or ``None``.

    While returned, the version it was returned at; once revised (and until the next
    version is returned in turn), the latest version before the current one."""
    return _answered_snapshots(blueprint).first()


@dataclass
class Item:
    """One review comment of the returned version and the province's answer (or ``None``)."""

    note: ReviewNote
    answer: NoteAnswer | None

    @property
    def section_label(self):
        return SECTION_LABELS.get(self.note.section, self.note.section)


def items_for(blueprint) -> tuple[object, list[Item]]:
    """The returned version and each of its comments with its answer (two queries)."""
    snapshot = answered_snapshot(blueprint)
    if snapshot is None:
        return None, []
    notes = list(ReviewNote.objects.for_snapshots([snapshot]))
    answers = {answer.note_id: answer for answer in NoteAnswer.objects.for_notes(notes)}
    return snapshot, [Item(note, answers.get(note.pk)) for note in notes]


def unanswered(blueprint) -> list[ReviewNote]:
    """The comments of the returned version still without an answer, oldest first (one
    query)."""
    if blueprint.pk is None or not blueprint.submitted_at:
        return []  # never submitted: nothing was returned
    latest = _answered_snapshots(blueprint).values("pk")[:1]
    return list(
        ReviewNote.objects.filter(snapshot=Subquery(latest), answer__isnull=True)
        .select_related("snapshot")
        .defer("snapshot__data")
        .order_by("created_at", "pk")
    )


def blockers(blueprint, notes: list[ReviewNote]) -> list[tuple[str, str, str]]:
    """(section, message, url) for each unanswered comment: the readiness checklist's
    blockers, under the section the comment is about (the whole Blueprint: the header)."""
    url = reverse("proposals:answers", args=[blueprint.pk])
    found = []
    for note in notes:
        section = note.section if note.section in SectionKey.values else SectionKey.HEADER
        found.append(
            (
                section,
                _("OPDC's comment on version %(edition)s is not answered yet: “%(note)s”.")
                % {"edition": note.snapshot.edition, "note": _short(note.text)},
                f"{url}#note-{note.pk}",
            )
        )
    return found


def document_blockers(document) -> list[tuple[str, str, str]]:
    """:func:`blockers` of a loaded document (``document.features["unanswered_notes"]``),
    registered for :func:`proposals.completeness.find_blockers`."""
    notes = document.features.get("unanswered_notes")
    return blockers(document.blueprint, notes) if notes else []


def submitted_answers(blueprint) -> dict:
    """The snapshot's ``answers_to_review`` (registered as a part of the snapshot)."""
    if not blueprint.submitted_at:
        return {"answers_to_review": []}  # never submitted, never returned
    return {"answers_to_review": snapshot_entries(blueprint)}


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def snapshot_entries(blueprint) -> list[dict]:
    """The answers as the submitted snapshot keeps them (``answers_to_review``): one entry
    per comment of the returned version, in the order OPDC wrote them. Labels in the
    active language (the snapshot is built in Thai)."""
    snapshot, items = items_for(blueprint)
    entries = []
    for item in items:
        answer = item.answer
        where = answer.section if answer else ""
        entries.append(
            {
                "note_id": item.note.pk,
                "edition": snapshot.edition,
                "section": {"code": item.note.section, "label": str(item.section_label)},
                "note": item.note.text,
                "answer": answer.text if answer else "",
                "where": {"code": where, "label": str(SECTION_LABELS.get(where, ""))},
            }
        )
    return entries


def diff_url(blueprint, snapshot, section: str) -> str:
    """The comparison of ``section`` as it was when ``snapshot`` was submitted with the
    working copy now, or "" when there is nothing to compare (the whole Blueprint, or a
    section never saved)."""
    if section not in SectionKey.values:
        return ""
    numbers = Revision.objects.filter(blueprint=blueprint, section=section).aggregate(
        before=Max("number", filter=Q(created_at__lte=snapshot.created_at)), head=Max("number")
    )
    head, before = numbers["head"], numbers["before"]
    if head is None:
        return ""
    base = reverse("proposals:section_diff", args=[blueprint.pk, section])
    if before is None:  # not saved before it was submitted: the section's latest changes
        return base
    return f"{base}?a={before}&b={head}"


# --------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------


def _lock_answerable(blueprint) -> None:
    """Lock the Blueprint row and check that it is back in the province (stored status)."""
    locked = Blueprint.objects.filter(pk=blueprint.pk, status__in=ANSWERABLE_STATUSES).update(
        updated_at=timezone.now()
    )
    if not locked:
        blueprint.refresh_from_db(fields=["status"])
        raise AnswerRefused(
            _(
                "OPDC's comments can be answered only while the Blueprint is back in the "
                "province, before the governor approves it again (it is “%(status)s”)."
            )
            % {"status": BlueprintStatus(blueprint.status).label}
        )
    schedule_digest_refresh(blueprint.pk)


@transaction.atomic
def note_answer_save(
    *, user, blueprint: Blueprint, note: ReviewNote, section: str, text: str, version: int
) -> NoteAnswer:
    """Save the answer to ``note``. ``version`` is the answer's version the person
    started from (0: there was no answer yet). Raises ``PermissionDenied`` without the
    strategy office's right, :class:`AnswerRefused` outside the province's turn or for a
    comment of another version, ``ValidationError`` for bad input (nothing written), and
    :class:`AnswerConflict` when someone saved in between."""
    stored = Blueprint.objects.get(pk=blueprint.pk)
    if not answer_access(access.rights_for(user, stored), stored).may_write:
        raise PermissionDenied
    _lock_answerable(stored)
    snapshot = answered_snapshot(stored)
    if snapshot is None or note.snapshot_id != snapshot.pk:
        raise AnswerRefused(_("This comment is not one of the returned version's comments."))
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Say what was changed in answer to this comment.")
    elif len(text) > MAX_ANSWER_LENGTH:
        errors["text"] = _("An answer can be at most %(max)s characters.") % {
            "max": MAX_ANSWER_LENGTH
        }
    if section not in SECTION_LABELS:
        errors["section"] = _("Choose the section where the change was made.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    values = {"section": section, "text": text, "updated_by": user, "updated_at": now}
    if not version:
        try:
            with transaction.atomic():
                return NoteAnswer.objects.create(
                    note=note, blueprint=stored, edition=snapshot.edition, **values
                )
        except IntegrityError:
            raise AnswerConflict(NoteAnswer.objects.get(note=note)) from None
    updated = NoteAnswer.objects.filter(note=note, version=version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise AnswerConflict(NoteAnswer.objects.filter(note=note).first())
    return NoteAnswer.objects.get(note=note)
