"""Keeping each Blueprint's dashboard digest (completeness, search text, last change) current.

The national dashboard lists hundreds of Blueprints; loading each document to check
its completeness costs about fifteen queries, so the figures are computed here once
per change and stored in :class:`~proposals.review.models.BlueprintDigest`:

- the editing services call :func:`schedule_refresh`, which refreshes the digest
  once the transaction commits (once per Blueprint, however many rows the
  transaction saved; nothing if it rolls back);
- a write of the cascade rows a Blueprint reads (its issue, goals, indicators and
  targets, strategies, projects and budgets, its plan), by any path — the action-plan
  pages, Excel imports, the admin — arrives as ``strategies.signals.cascade_changed``,
  and :func:`refresh_for_issues` refreshes the digests of that issue's Blueprints once
  the transaction commits;
- ``manage.py review_refresh`` recomputes every digest (after a bulk load that
  bypassed the models, such as ``seed_national``).

Completeness: the Blueprint has eight parts (the header and seven sections);
``parts_complete`` counts the parts the completeness check
(:func:`proposals.completeness.find_blockers`) finds nothing missing in, and
``completeness`` is that share in percent.

Search text: what an OPDC reviewer may read of the Blueprint — the province, the
strategic issue and, once submitted, the text of the latest submitted version (never
the working copy, which reviewers may not see).
"""

import logging

from django.db import transaction
from django.db.models import Max

from proposals import page_cache, selectors
from proposals.completeness import find_blockers
from proposals.models import Blueprint, Revision, SectionKey, Transition
from proposals.review import search
from proposals.review.models import BlueprintDigest

logger = logging.getLogger(__name__)

PARTS = list(SectionKey.values)


def _org_name(org) -> str:
    return (org or {}).get("name", "") if isinstance(org, dict) else ""


def snapshot_texts(data: dict) -> list[str]:
    """The readable text of a submitted version (schema of :mod:`proposals.snapshot`)."""
    if not data:
        return []
    texts = []
    bp = data.get("blueprint", {})
    texts += [bp.get("title", ""), bp.get("cluster_reference", "")]
    issue = data.get("issue", {})
    texts += [issue.get("title", ""), issue.get("description", "")]
    texts.append(data.get("plan", {}).get("vision", ""))
    for strategy in data.get("alignment", {}).get("national_strategies", []):
        texts.append(strategy.get("title", ""))
    for goal in data.get("goals", []):
        texts.append(goal.get("title", ""))
        for indicator in goal.get("indicators", []):
            texts += [indicator.get("name", ""), indicator.get("data_source", "")]
            texts.append(_org_name(indicator.get("owner")))
    diagnosis = data.get("diagnosis", {})
    texts += [
        diagnosis.get(name, "")
        for name in ("current_situation", "desired_state", "gap", "root_causes")
    ]
    texts += list((diagnosis.get("swot") or {}).values())
    for change in data.get("change_proposals", []):
        texts += [change.get("title", ""), change.get("gap", ""), change.get("expected_result", "")]
        texts.append(_org_name(change.get("responsible_agency")))
    for item in data.get("readiness", []):
        texts += [item.get(name, "") for name in ("requirement", "current_level", "gap", "action")]
    for project in data.get("action_plan", {}).get("projects", []):
        texts += [project.get("title", ""), project.get("objective", "")]
        texts.append(_org_name(project.get("lead_agency")))
        texts += [activity.get("title", "") for activity in project.get("activities", [])]
        texts += [milestone.get("title", "") for milestone in project.get("milestones", [])]
    for risk in data.get("risks", []):
        texts += [risk.get("description", ""), risk.get("mitigation", "")]
    texts += [factor.get("text", "") for factor in data.get("success_factors", [])]
    return [text for text in texts if isinstance(text, str) and text]


def search_text_for(blueprint: Blueprint, data: dict | None) -> str:
    """The segmented search text of a Blueprint given its latest submitted data (or None)."""
    province = blueprint.province
    issue = blueprint.issue
    texts = [province.name, province.short_name, province.name_en, issue.title]
    texts += snapshot_texts(data or {})
    return search.segment(*texts)


def digest_refresh(*, blueprint_id: int) -> BlueprintDigest | None:
    """Recompute and store the digest of one Blueprint (about twenty queries)."""
    blueprint = selectors.blueprint_queryset().filter(pk=blueprint_id).first()
    if blueprint is None:
        return None
    # Through the Blueprint page's caches, under the document's own stamp: a save in the
    # Blueprint refreshes this digest before its response (the cascade it did not touch
    # was half of that save's time), and the page opened next reads the same document.
    document = page_cache.document(blueprint, page_cache.document_stamp(blueprint))
    blockers = find_blockers(document)
    incomplete = {blocker.section for blocker in blockers}
    parts_complete = sum(1 for part in PARTS if part not in incomplete)
    latest = (
        blueprint.snapshots.order_by("-edition").values_list("data", flat=True).first()
        if blueprint.submitted_at
        else None
    )
    moments = [
        blueprint.created_at,
        Revision.objects.filter(blueprint=blueprint).aggregate(at=Max("created_at"))["at"],
        Transition.objects.filter(blueprint=blueprint).aggregate(at=Max("created_at"))["at"],
    ]
    digest, _created = BlueprintDigest.objects.update_or_create(
        blueprint=blueprint,
        defaults={
            "blockers": len(blockers),
            "parts_complete": parts_complete,
            "parts_total": len(PARTS),
            "completeness": round(100 * parts_complete / len(PARTS)),
            "search_text": search_text_for(blueprint, latest),
            "changed_at": max(moment for moment in moments if moment is not None),
        },
    )
    return digest


def schedule_refresh(blueprint_id: int) -> None:
    """Refresh the Blueprint's digest once the current transaction commits.

    Registered once per Blueprint and transaction: a service that saves fifty rows
    refreshes once. Django drops the callback if the transaction (or the savepoint it
    was registered in) rolls back. A failing refresh is logged, never raised: the
    change itself has committed.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # run_on_commit holds (savepoint ids, callback, robust) of this transaction.
        for entry in getattr(connection, "run_on_commit", []):
            if getattr(entry[1], "review_digest_for", None) == blueprint_id:
                return

    def refresh():
        digest_refresh(blueprint_id=blueprint_id)

    refresh.review_digest_for = blueprint_id
    transaction.on_commit(refresh, robust=True)


def _once_per_transaction(tag: str) -> bool:
    """Whether a callback tagged ``tag`` is already waiting for this transaction's commit."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # run_on_commit holds (savepoint ids, callback, robust) of this transaction.
        for entry in getattr(connection, "run_on_commit", []):
            if getattr(entry[1], "review_digest_tag", None) == tag:
                return True
    return False


def refresh_for_blueprint(sender=None, *, blueprint_id, **kwargs) -> None:
    """Receiver of ``proposals.contributions.blueprint_changed``: :func:`schedule_refresh`."""
    schedule_refresh(blueprint_id)


def refresh_for_issues(sender=None, *, issue_ids, **kwargs) -> None:
    """Receiver of ``cascade_changed``: once the transaction commits, refresh the digests
    of the Blueprints of those issues (once per issue and transaction)."""
    for issue_id in issue_ids:
        tag = f"issue:{issue_id}"
        if _once_per_transaction(tag):
            continue

        def refresh(issue_id=issue_id):
            for pk in Blueprint.objects.filter(issue_id=issue_id).values_list("pk", flat=True):
                digest_refresh(blueprint_id=pk)

        refresh.review_digest_tag = tag
        transaction.on_commit(refresh, robust=True)


def digest_refresh_all(*, only_missing: bool = False) -> int:
    """Recompute every Blueprint's digest (or only the missing ones); returns how many."""
    queryset = Blueprint.objects.order_by("pk")
    if only_missing:
        queryset = queryset.filter(review_digest__isnull=True)
    count = 0
    for pk in queryset.values_list("pk", flat=True).iterator():
        digest_refresh(blueprint_id=pk)
        count += 1
    return count
