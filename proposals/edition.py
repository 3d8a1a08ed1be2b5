"""The approved edition: what the governor approved is what OPDC receives.

Approving a Blueprint freezes it: the same document a submission snapshot holds
(:mod:`proposals.snapshot`) is built from the live rows at that moment and stored,
canonically serialised, as an :class:`~proposals.models.ApprovedEdition` with its
SHA-256. Submitting does not read the live rows again: the submitted snapshot is the
approved edition's content plus the submission's own facts (the *envelope*: status,
when and by whom it was submitted, and the edition's hash), so

    canonical(edition_content(snapshot.data)) == approved_edition.content (bytes)

holds for every submission, and anyone holding the JSON can check it against
``data["blueprint"]["approved_edition_sha256"]``.

The Blueprint's own rows cannot change while it is approved (the content services
refuse). The cascade rows it reads (goals, indicators and targets, strategies,
projects and budgets) are shared by other Blueprints and years and stay editable on
the action-plan pages, in Excel imports and in the admin; when they change, the live
plan *drifts* from the approved edition: :func:`drift` tells, and the Blueprint page
and the submission page show what differs. Submission still sends the approved edition.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone, translation

from proposals import contributions, selectors, snapshot
from proposals.models import ApprovedEdition, Blueprint
from strategies.models import official_name

# The facts of a submission that the approval cannot know: kept out of the edition.
ENVELOPE = ("status", "submitted_at", "submitted_by", "approved_edition_sha256")
# The evidence sent with the submission, listed when it is sent: the signed approval page
# can only be scanned after the governor has signed (the files of the list are frozen by
# proposals.attachments once submitted). The features say which parts of the snapshot are
# evidence (proposals.contributions.add_snapshot_part).


def canonical(data: dict) -> bytes:
    """The bytes a document is frozen as: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def edition_content(data: dict) -> dict:
    """``data`` (a snapshot dict) without the submission's envelope."""
    content = copy.deepcopy(data)
    header = content.get("blueprint") or {}
    for name in ENVELOPE:
        header.pop(name, None)
    for name in contributions.evidence_keys():
        content.pop(name, None)
    return content


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def live_content(blueprint: Blueprint) -> dict:
    """The Blueprint as its live rows are now, in the edition's shape."""
    document = selectors.load_document(blueprint)
    return edition_content(snapshot.build(document, submitted_by=None, submitted_at=None))


def edition_take(*, user, blueprint: Blueprint, document) -> ApprovedEdition:
    """Freeze ``document`` (the Blueprint just approved) as its approved edition.

    Called by the approval step inside its transaction."""
    data = snapshot.build(document, submitted_by=None, submitted_at=None)
    content = canonical(edition_content(data))
    return ApprovedEdition.objects.create(
        blueprint=blueprint,
        edition=blueprint.edition,
        content=content.decode("utf-8"),
        sha256=sha256(content),
        created_by=user,
        created_at=timezone.now(),
    )


def current_edition(blueprint: Blueprint) -> ApprovedEdition | None:
    """The approval that stands for the Blueprint's current edition, if any.

    Only an approved or submitted Blueprint has one: a withdrawn approval (back to
    provincial review or to draft) keeps its row but no longer stands."""
    from proposals.models import BlueprintStatus

    if blueprint.status not in {BlueprintStatus.APPROVED, BlueprintStatus.SUBMITTED}:
        return None
    return (
        ApprovedEdition.objects.filter(blueprint=blueprint, edition=blueprint.edition)
        .order_by("-pk")
        .first()
    )


def submission_data(approved: ApprovedEdition, *, blueprint, submitted_by, submitted_at) -> dict:
    """The snapshot to submit: the approved edition's content and the envelope.

    ``blueprint`` is the Blueprint already moved to "submitted"."""
    content = json.loads(approved.content)
    header = content["blueprint"]
    header["status"] = snapshot.thai_coded(blueprint, "status")
    header["submitted_at"] = timezone.localtime(submitted_at).isoformat()
    header["submitted_by"] = {
        "username": submitted_by.get_username(),
        "full_name": official_name(submitted_by),
        "position": snapshot.position_in(submitted_by, blueprint.province_id),
    }
    header["approved_edition_sha256"] = approved.sha256
    with translation.override("th"):
        for part in contributions.snapshot_parts:
            if part.evidence:
                content.update(part.build(blueprint))
    # Readers check the schema version first: keep it the first key.
    return {"schema_version": content.pop("schema_version"), **content}


def verify(data: dict) -> bool | None:
    """Whether a submitted snapshot's content is the approved edition its hash names
    (``None`` for a submission made before approved editions were kept)."""
    expected = (data.get("blueprint") or {}).get("approved_edition_sha256")
    if not expected:
        return None
    return sha256(canonical(edition_content(data))) == expected


@dataclass
class Drift:
    """How the live Blueprint differs from its approved edition.

    ``live`` and ``approved_content`` are both edition-shaped dicts: a screen shows
    them side by side (``proposals.review.compare``); ``other_parts`` names the
    top-level parts that differ and that comparison does not show row by row."""

    approved: ApprovedEdition
    live_sha256: str
    live: dict = field(default_factory=dict)
    approved_content: dict = field(default_factory=dict)
    other_parts: list[str] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return self.live_sha256 != self.approved.sha256


def drift(blueprint: Blueprint) -> Drift | None:
    """Compare the live plan with the approved edition (``None`` when nothing is approved).

    Reads the whole Blueprint (one :func:`~proposals.selectors.load_document`)."""
    approved = current_edition(blueprint)
    if approved is None:
        return None
    live = live_content(blueprint)
    live_bytes = canonical(live)
    frozen = json.loads(approved.content)
    result = Drift(
        approved=approved, live_sha256=sha256(live_bytes), live=live, approved_content=frozen
    )
    if not result.drifted:
        return result
    result.other_parts = sorted(
        key
        for key in set(live) | set(frozen)
        if key not in SHOWN_BY_COMPARE and live.get(key) != frozen.get(key)
    )
    return result


# Top-level keys that the readable comparison (proposals.review.compare) shows row by
# row; any other part that differs (sections' assignments, the participation record…)
# is named as a whole.
SHOWN_BY_COMPARE = {
    "blueprint",
    "plan",
    "alignment",
    "goals",
    "diagnosis",
    "change_proposals",
    "readiness",
    "action_plan",
    "risks",
    "success_factors",
    "schema_version",
}
