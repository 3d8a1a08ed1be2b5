"""The Blueprint page's body, cached per reader under a stamp of every row it shows.

On PostgreSQL the body of the page is cached per reader (:func:`page_key`): under the
page stamp — one statement reading the count, the ids and the ``xmin`` of every row the
page is rendered from (:mod:`strategies.stamps`: the document's rows, the cascade above
them, the latest saves, workflow, snapshots, comment counts, the people named), which any
committed change moves, whatever path it took — the reader's rights and language, and
the date. A reader who opens a Blueprint nothing has changed in since gets it
for the price of that one stamp query. The page's frame (menu, bell, messages) is
rendered for each request. Other databases have no ``xmin``: there the page is rendered
every time (SQLite serves development and a pilot, not the country).

It is kept because the page misses its goal without it (p95 < 100 ms at 76 provinces:
``bench/run.py``'s cold path; README, "Caches"). A save in the Blueprint moves the page
stamp, and the page right after it missed the goal too: :func:`issue_tree` keeps the
issue's cascade, which the save did not touch, under the cascade's own part of the same
stamp. Caches of the whole loaded document and of each section's HTML, keyed by a
fingerprint of the document, were removed: with the body's cache warm, turning them off
moved no page.

The forms in the body carry a CSRF token, which is the reader's own: the cached HTML
holds a placeholder that is replaced with the request's token on the way out. The
placeholder is drawn at random for each render and kept beside the HTML
(:class:`Rendered`), never sent to anyone: text a user typed cannot hold it, so the
substitution touches only the markup the templates put there.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from strategies import caching, stamps

PLACEHOLDER_PREFIX = "csrf-placeholder-"
TIMEOUT = 60 * 60  # an unused entry goes after an hour; a changed one is never read again


def _cascade_parts() -> list:
    """The rows of the issue's cascade that :func:`issue_tree` keeps: the plan, the issue
    and everything below it, and the national reference rows and organisations."""
    from strategies import models as st

    issue = stamps.table(st.StrategicIssue)
    return [
        (st.ActionPlan, f"id = (SELECT plan_id FROM {issue} WHERE id = %(issue)s)"),
        *stamps.issue_parts("id = %(issue)s"),
        *stamps.reference_parts(),
    ]


def _document_parts() -> list:
    """Every table :func:`selectors.load_document` reads, with the rows it reads."""
    from proposals import models as bp
    from proposals.monitoring import models as mm
    from proposals.participation import models as pm
    from strategies import models as st

    parts = [*_cascade_parts(), (bp.Blueprint, "id = %(blueprint)s")]
    workshops = f"SELECT id FROM {stamps.table(pm.Workshop)} WHERE blueprint_id = %(blueprint)s"
    # The completeness check reads the participation record (agencies, attendance).
    parts.append((pm.WorkshopInvitee, f"workshop_id IN ({workshops})"))
    for model in (
        pm.Participant,
        pm.Workshop,
        bp.Section,
        bp.Diagnosis,
        bp.ChangeProposal,
        bp.ReadinessItem,
        bp.Risk,
        bp.SuccessFactor,
        bp.ProjectActivity,
        bp.ProjectMilestone,
        bp.review_models.NoteAnswer,  # the answers to OPDC's comments (readiness)
    ):
        parts.append((model, "blueprint_id = %(blueprint)s"))
    # The year results shown under the targets (proposals.monitoring.results): the actual
    # values of the issue's indicators, with their periods (year and quarter).
    goals = f"SELECT id FROM {stamps.table(st.Goal)} WHERE issue_id = %(issue)s"
    indicators = f"SELECT id FROM {stamps.table(st.Indicator)} WHERE goal_id IN ({goals})"
    actuals = f"indicator_id IN ({indicators})"
    parts.append((mm.IndicatorActual, actuals))
    parts.append(
        (
            mm.ReportingPeriod,
            f"id IN (SELECT period_id FROM {stamps.table(mm.IndicatorActual)} WHERE {actuals})",
        )
    )
    # OPDC's comments on the returned version still to answer (the checklist's blockers):
    # the Blueprint's snapshots and their comments.
    snapshots = f"SELECT id FROM {stamps.table(bp.Snapshot)} WHERE blueprint_id = %(blueprint)s"
    parts.append((bp.Snapshot, "blueprint_id = %(blueprint)s"))
    parts.append((bp.review_models.ReviewNote, f"snapshot_id IN ({snapshots})"))
    return parts


def _page_parts() -> list:
    """What the Blueprint page shows besides the document: its latest saves, workflow
    steps, snapshots, comment counts and attachments, and the people named there."""
    from django.contrib.auth import get_user_model

    from proposals import models as bp
    from proposals.attachments.models import Attachment
    from proposals.participation.models import Comment, Workshop

    revisions, transitions, snapshots, blueprints = (
        stamps.table(model) for model in (bp.Revision, bp.Transition, bp.Snapshot, bp.Blueprint)
    )
    people = (  # looked up by id: an IN (or an OR of them) would scan every person
        f"id = ANY(ARRAY(SELECT author_id FROM {revisions} WHERE blueprint_id = %(blueprint)s"
        f" UNION SELECT actor_id FROM {transitions} WHERE blueprint_id = %(blueprint)s"
        f" UNION SELECT created_by_id FROM {snapshots} WHERE blueprint_id = %(blueprint)s"
        f" UNION SELECT created_by_id FROM {blueprints} WHERE id = %(blueprint)s))"
    )
    return [
        (bp.Revision, "blueprint_id = %(blueprint)s"),
        (bp.Transition, "blueprint_id = %(blueprint)s"),
        (Comment, "blueprint_id = %(blueprint)s"),
        (Attachment, "blueprint_id = %(blueprint)s"),
        (Workshop, "blueprint_id = %(blueprint)s"),  # an attachment's workshop is named
        (get_user_model(), people),
    ]


@dataclass(frozen=True)
class PageStamp:
    """``page``: the stamp of every row the Blueprint page shows; ``issue_tree``: of
    those that are the issue's cascade (:func:`_cascade_parts`), the first of them;
    ``document``: of those :func:`selectors.load_document` reads (:func:`_document_parts`,
    the cascade's and the Blueprint's own), the first of them after the cascade."""

    page: str
    issue_tree: str
    document: str


def page_stamp(blueprint) -> PageStamp | None:
    """The stamps of the rows the Blueprint page shows, in one statement, or ``None``
    when the database is not PostgreSQL."""
    return _stamp(blueprint, with_page=True)


def document_stamp(blueprint) -> PageStamp | None:
    """The stamps of the Blueprint's document alone (:func:`_document_parts`), for those
    who load it without the page — a save's refresh of OPDC's dashboard digest: its
    ``issue_tree`` and ``document`` are those :func:`page_stamp` gives for the same rows
    (the same parts, first, in the same order); it has no ``page``."""
    return _stamp(blueprint, with_page=False)


def _stamp(blueprint, *, with_page: bool) -> PageStamp | None:
    cascade, document = len(_cascade_parts()), _document_parts()
    found = stamps.rows(
        document + _page_parts() if with_page else document,
        {"blueprint": blueprint.pk, "issue": blueprint.issue_id},
    )
    if found is None:
        return None
    return PageStamp(
        page=stamps.digest(found) if with_page else "",
        issue_tree=stamps.digest(found[:cascade]),
        document=stamps.digest(found[: len(document)]),
    )


def document(blueprint, stamp: PageStamp | None):
    """The Blueprint's loaded document (:func:`selectors.load_document`, with
    :func:`issue_tree`), kept per Blueprint under the document's stamp.

    A save refreshes OPDC's dashboard digest before it answers, which loads the document
    as it now stands; the Blueprint page that the browser opens next, with the same rows,
    takes it from here instead of loading it a second time (the page's body cannot be
    reused: the save changed it)."""
    from proposals import selectors

    if stamp is None or not caching.on("document"):
        return selectors.load_document(blueprint, issue=issue_tree(blueprint, stamp))
    key = f"bp-document:v1:{blueprint.pk}:{stamp.document}"
    loaded = cache.get(key)
    if loaded is None:  # the cascade is looked up only to load the document
        loaded = selectors.load_document(blueprint, issue=issue_tree(blueprint, stamp))
        cache.set(key, loaded, TIMEOUT)
    return loaded


def issue_tree(blueprint, stamp: PageStamp | None):
    """The Blueprint's issue with its cascade loaded (:func:`selectors.issue_tree`), kept
    per issue under the cascade's stamp.

    A save in the Blueprint (its own rows) changes the page stamp, so the page is
    rendered again, but not the cascade stamp: its dozen queries, a third of the page's
    time after a save, are then spared. Shared by every Blueprint of the issue and every
    reader (the rows are the same; what each may do with them is decided in the view).
    """
    from proposals import selectors

    if stamp is None or not caching.on("issue_tree"):
        return selectors.issue_tree(blueprint)
    key = f"bp-issue-tree:v1:{blueprint.issue_id}:{stamp.issue_tree}"
    issue = cache.get(key)
    if issue is None:
        issue = selectors.issue_tree(blueprint)
        cache.set(key, issue, TIMEOUT)
    return issue


def page_key(request, blueprint, rights, stamp: PageStamp | None) -> str | None:
    """Where the body of ``request``'s Blueprint page is cached: the page stamp
    (:func:`page_stamp`), the reader (their rights and language), and
    today (deadlines); ``None`` without a stamp. The body is kept as :class:`Rendered`,
    with a CSRF placeholder, not the reader's token."""
    if stamp is None or not caching.on("page"):
        return None
    reader = (
        request.user.pk,
        repr(rights),
        get_language(),  # (a reader's Thai numerals are for documents: the page has none)
        timezone.localdate().isoformat(),
    )
    variant = hashlib.blake2b(repr(reader).encode(), digest_size=12).hexdigest()
    return f"bp-page:v3:{blueprint.pk}:{stamp.page}:{variant}"


def new_placeholder() -> str:
    """A CSRF placeholder for one render: random, so that no text a user typed can
    hold it (it is replaced before any response leaves, so nobody ever sees it)."""
    return f"{PLACEHOLDER_PREFIX}{secrets.token_hex(16)}"


@dataclass(frozen=True)
class Rendered:
    """Cached HTML and the placeholder its templates were given for the CSRF token."""

    html: str
    placeholder: str

    def with_placeholder(self, placeholder: str) -> str:
        """The HTML with ``placeholder`` where this render put its own."""
        return self.html.replace(self.placeholder, placeholder)


def with_token(request, rendered: Rendered) -> str:
    """The HTML with the request's CSRF token in place of its render's placeholder."""
    html = rendered.html
    if rendered.placeholder in html:
        html = rendered.with_placeholder(get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our own templates
