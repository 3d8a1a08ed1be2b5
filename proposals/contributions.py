"""What the Blueprint's features add to its core, registered when the app starts.

The core of ``proposals`` (see ARCHITECTURE.md: models, rows, access, the content services,
selectors, history, completeness, the snapshot and the approved edition) knows nothing of
participation, review, attachments, letters or PDFs. A feature that adds to what the core
loads, checks or freezes registers its part here from its ``plug()`` function, which
:meth:`proposals.apps.ProposalsConfig.ready` calls; the core reads these lists only.

- :func:`add_document_part` — data loaded with every :class:`~proposals.selectors.Document`
  (``document.features[name]``), e.g. the participation record, OPDC's unanswered comments;
- :func:`add_blocker_check` — more of OPDC's rules for :func:`proposals.completeness.find_blockers`;
- :func:`add_warning_check` — more advice for :func:`proposals.completeness.find_warnings`;
- :func:`add_snapshot_part` — top-level keys of the frozen snapshot (in registration order),
  some of them *evidence* sent with the submission but not part of the approved edition;
- :data:`blueprint_changed` — news that a Blueprint's content changed, for derived data
  only (OPDC's dashboard digests); no business rule may hang on it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.dispatch import Signal

#: Sent with ``blueprint_id`` whenever a content service writes a Blueprint (inside the
#: writing transaction: a receiver defers its work to ``transaction.on_commit``).
blueprint_changed = Signal()


@dataclass(frozen=True)
class SnapshotPart:
    #: ``build(blueprint) -> dict`` of top-level keys, in the language active at the time.
    build: Callable[[object], dict]
    #: Keys that are evidence sent with a submission, not part of the approved edition.
    evidence: tuple[str, ...] = ()


document_parts: dict[str, Callable[[object], object]] = {}
blocker_checks: list[Callable[[object], Iterable[tuple[str, str, str]]]] = []
warning_checks: list[Callable[[object], Iterable[tuple[str, str, str]]]] = []
snapshot_parts: list[SnapshotPart] = []


def add_document_part(name: str, load: Callable[[object], object]) -> None:
    """``load(blueprint)`` is kept as ``document.features[name]``. (What it reads must be
    in the Blueprint page's stamp, ``proposals.page_cache``; a PostgreSQL test checks.)"""
    document_parts[name] = load


def add_blocker_check(check: Callable[[object], Iterable[tuple[str, str, str]]]) -> None:
    """``check(document)`` yields ``(section, message, url)`` for each blocker it finds."""
    if check not in blocker_checks:
        blocker_checks.append(check)


def add_warning_check(check: Callable[[object], Iterable[tuple[str, str, str]]]) -> None:
    """``check(document)`` yields ``(section, message, url)`` for each warning it finds."""
    if check not in warning_checks:
        warning_checks.append(check)


def add_snapshot_part(build: Callable[[object], dict], *, evidence: tuple[str, ...] = ()) -> None:
    part = SnapshotPart(build=build, evidence=evidence)
    if part not in snapshot_parts:
        snapshot_parts.append(part)


def evidence_keys() -> tuple[str, ...]:
    return tuple(key for part in snapshot_parts for key in part.evidence)
