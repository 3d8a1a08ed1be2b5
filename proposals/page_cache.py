"""The rendered sections of the Blueprint page, cached by what they are rendered from.

Rendering the seven sections (every row with its actions, budgets, timelines) is most
of the page's time, and a Blueprint is read far more often than it changes. Each
section's body is cached under a fingerprint of everything it is rendered from — every
stored field of every row the document loaded (rows, cascade rows with their targets,
budgets and agencies, sections and assignees, the Blueprint and its plan), the
section's blockers, the reader's rights that change the markup, and the language — so
any change, made through the Blueprint or on the action-plan pages, gives a new key:
nothing is ever served stale and nothing has to be invalidated.

The forms in a section carry a CSRF token, which is the reader's own: the cached HTML
holds a placeholder that is replaced with the request's token on the way out. The
placeholder is drawn at random for each render and kept beside the HTML
(:class:`Rendered`), never sent to anyone: text a user typed cannot hold it, so the
substitution touches only the markup the templates put there.

The fingerprint needs the loaded document. On PostgreSQL the document itself is cached
too (:func:`document_for`), under a stamp of every row it is loaded from
(:mod:`strategies.stamps`: counts, ids and the ``xmin`` of each row version, which any
committed change moves, whatever path it took); elsewhere it is loaded every time.

On PostgreSQL the whole body of the page is cached as well, per reader
(:func:`page_key`): under the page stamp — the document's rows and everything else the
page shows (latest saves, workflow, snapshots, comment counts, the people named) — the
reader's rights, language and number format, and the date. A reader who opens a
Blueprint nothing has changed in since gets it for the price of that one stamp query.
The page's frame (menu, bell, messages) is rendered for each request.

:func:`fragment` does the same for any small piece shown many times — a dashboard row,
a workshop's invitee or idea: rendered once for a digest of the values it shows.
"""

import dataclasses
import functools
import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.db.models import Model
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import LazyObject, Promise, cached_property, empty
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from strategies import caching, stamps

TEMPLATE = "proposals/_section_body.html"
PLACEHOLDER_PREFIX = "csrf-placeholder-"
TIMEOUT = 60 * 60  # an unused entry goes after an hour; a changed one is never read again


def _document_parts() -> list:
    """Every table :func:`selectors.load_document` reads, with the rows it reads."""
    from proposals import models as bp
    from proposals.monitoring import models as mm
    from proposals.participation import models as pm
    from strategies import models as st

    issue = stamps.table(st.StrategicIssue)
    parts = [
        (bp.Blueprint, "id = %(blueprint)s"),
        (st.ActionPlan, f"id = (SELECT plan_id FROM {issue} WHERE id = %(issue)s)"),
        *stamps.issue_parts("id = %(issue)s"),
        *stamps.reference_parts(),
    ]
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
        (bp.Snapshot, "blueprint_id = %(blueprint)s"),
        (Comment, "blueprint_id = %(blueprint)s"),
        (Attachment, "blueprint_id = %(blueprint)s"),
        (Workshop, "blueprint_id = %(blueprint)s"),  # an attachment's workshop is named
        (get_user_model(), people),
    ]


@dataclass(frozen=True)
class Stamps:
    """Digests of what the Blueprint's document is made of, and of all the page shows."""

    document: str
    page: str


def stamps_for(blueprint) -> Stamps | None:
    """Both stamps in one statement, or ``None`` when the database is not PostgreSQL."""
    document_parts = _document_parts()
    found = stamps.rows(
        document_parts + _page_parts(), {"blueprint": blueprint.pk, "issue": blueprint.issue_id}
    )
    if found is None:
        return None
    return Stamps(document=stamps.digest(found[: len(document_parts)]), page=stamps.digest(found))


def document_for(blueprint, stamp: str | None = None):
    """The Blueprint's :class:`~proposals.selectors.Document`: from the cache when nothing
    it is made of changed (PostgreSQL: ``stamp``, the document stamp of
    :func:`stamps_for`), else loaded (and kept)."""
    from proposals import selectors

    if not caching.on("document"):
        return selectors.load_document(blueprint)
    if stamp is None:
        found = stamps_for(blueprint)
        stamp = found and found.document
    if stamp is None:  # not PostgreSQL: no stamp, load every time
        return selectors.load_document(blueprint)
    key = f"bp-document:{blueprint.pk}:{stamp}"
    document = cache.get(key)
    if document is None:
        document = selectors.load_document(blueprint)
        cache.set(key, document, TIMEOUT)
    else:
        document.blueprint = blueprint  # the request's own copy (same stored values)
    return document


def _reading(request) -> tuple:
    """What the markup depends on of how the reader reads: language and number format."""
    profile = getattr(request.user, "profile", None)
    return get_language(), getattr(profile, "thai_numerals", None)


def page_key(request, blueprint, rights, found: Stamps | None) -> str | None:
    """Where the body of ``request``'s Blueprint page is cached: the page stamp, the
    reader (their rights, language and number format), and today (deadlines); ``None``
    without a stamp. The body is kept as :class:`Rendered`, with a CSRF placeholder, not
    the reader's token."""
    if found is None or not caching.on("page"):
        return None
    reader = (
        request.user.pk,
        repr(rights),
        *_reading(request),
        timezone.localdate().isoformat(),
    )
    variant = hashlib.blake2b(repr(reader).encode(), digest_size=12).hexdigest()
    return f"bp-page:v2:{blueprint.pk}:{found.page}:{variant}"


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


def fragment(request, template: str, context: dict, values) -> str:
    """``template`` rendered with ``context``, once for ``values`` — which must hold every
    value the fragment shows — and kept in the ``fragments`` cache under a digest of them
    and the reader's language and number format: a changed value is a new entry, never a
    stale one. Rendered with a CSRF placeholder; the reader's token is put in on the way
    out (:func:`with_token`).

    ``values`` is still a list kept by hand beside each template (dashboard rows, workshop
    rows): keyed by :func:`digest_of` the whole context, a second view on PostgreSQL gave
    other keys (something read with the rows differs from one request to the next) — left
    to find, so these keys keep their lists for now."""
    if not caching.on("fragments"):
        placeholder = new_placeholder()
        html = render_to_string(template, {**context, "csrf_token": placeholder})
        return with_token(request, Rendered(html, placeholder))
    key = f"fragment:v2:{template}:{stamps.digest((*_reading(request), values))}"
    rendered = caches["fragments"].get(key)
    if rendered is None:
        placeholder = new_placeholder()
        html = render_to_string(template, {**context, "csrf_token": placeholder})
        rendered = Rendered(html, placeholder)
        caches["fragments"].set(key, rendered, TIMEOUT)
    return with_token(request, rendered)


def fields_of(obj) -> tuple:
    return (type(obj).__name__, *(getattr(obj, f.attname) for f in obj._meta.concrete_fields))


def fingerprint(document) -> str:
    """A digest of everything the document holds (cheap: no query; :func:`digest_of`)."""
    return digest_of(document)


def digest_of(value) -> str:
    """A digest of everything ``value`` holds: every attribute of every model instance
    reachable from it (fields and annotations), the rows loaded with them
    (``select_related``) and prefetched under them, and every plain value, container,
    dataclass or object on the way. Walked, not listed: a value a selector or a view
    starts reading is in the key without anyone remembering to add it."""
    digest = hashlib.blake2b(digest_size=16)
    _feed(value, {}, digest.update)
    return digest.hexdigest()


# Django's own bookkeeping on an instance, not a value read: its state, what was
# prefetched (walked apart), and the version mark that unpickling leaves.
_NOT_READ = ("_state", "_prefetched_objects_cache", "_django_version")
# The join value a many-to-many prefetch leaves on a related row it shares between several
# rows: whichever row the database returned last, in no set order on PostgreSQL.
_JOIN = "_prefetch_related_val_"


def _feed(value, seen: dict, update) -> None:
    if value is None or isinstance(value, str | int | float | bool):
        update(repr(value).encode())
        return
    if isinstance(value, Promise):
        update(str(value).encode())
        return
    if isinstance(value, LazyObject):  # request.user
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    if callable(value) and not isinstance(value, Model):  # by name: not its address
        update(getattr(value, "__qualname__", type(value).__name__).encode())
        return
    if id(value) in seen:
        update(b"again")
        return
    seen[id(value)] = value  # kept alive: a freed object's id is given to the next one
    if isinstance(value, Model):
        update(type(value).__name__.encode())
        for name, own in vars(value).items():
            if name not in _NOT_READ and not name.startswith(_JOIN) and not _derived(value, name):
                update(name.encode())
                _feed(own, seen, update)
        for name, related in value._state.fields_cache.items():
            update(name.encode())
            _feed(related, seen, update)
        for name, rows in getattr(value, "_prefetched_objects_cache", {}).items():
            update(name.encode())
            _feed(list(rows), seen, update)
    elif isinstance(value, dict):
        for key, item in value.items():
            update(repr(key).encode())
            _feed(item, seen, update)
    elif isinstance(value, list | tuple):
        update(b"[")
        for item in value:
            _feed(item, seen, update)
        update(b"]")
    elif isinstance(value, set | frozenset):  # in no order: each item's own digest, sorted
        digests = []
        for item in value:
            one = hashlib.blake2b(digest_size=16)
            _feed(item, seen, one.update)
            digests.append(one.hexdigest())
        update(repr(sorted(digests)).encode())
    elif dataclasses.is_dataclass(value):
        update(type(value).__name__.encode())
        for field in dataclasses.fields(value):
            update(field.name.encode())
            _feed(getattr(value, field.name), seen, update)
    elif hasattr(value, "__dict__"):
        update(type(value).__name__.encode())
        _feed({k: v for k, v in vars(value).items() if not _derived(value, k)}, seen, update)
    else:
        update(repr(value).encode())


def _derived(obj, name: str) -> bool:
    """Whether ``name`` is a ``cached_property`` of ``obj``: worked out from what it holds,
    and computed the first time a template asks — so present after one render and not
    after a cached one, it must not change the key."""
    return isinstance(getattr(type(obj), name, None), cached_property | functools.cached_property)


def section_bodies(request, document, sections: list[dict], context: dict) -> None:
    """Set ``item["body"]`` (safe HTML) on every item of ``sections``, from the cache
    when the same document was rendered the same way before. The bodies carry the
    placeholder of the page being rendered (``context["csrf_token"]``), put in place of
    the one each section was first rendered with.

    The key is what the template receives besides the page's constants: the document's
    :func:`fingerprint`, the whole item (its blockers, row count, right to edit), the
    reader's whole :class:`~proposals.access.Rights` and how they read (language,
    numerals) — never a hand-picked list of what the markup happens to show."""
    base = fingerprint(document)
    reading = (repr(context["rights"]), *_reading(request))
    for item in sections:
        if caching.on("sections"):
            shown = {name: value for name, value in item.items() if name != "body"}
            variant = digest_of((reading, shown))
            key = f"bp-section:v3:{document.blueprint.pk}:{base}:{variant}"
            rendered = cache.get(key)
        else:
            key = rendered = None
        if rendered is None:
            placeholder = new_placeholder()
            html = render_to_string(
                TEMPLATE, {**context, "item": item, "csrf_token": placeholder}, request=request
            )
            rendered = Rendered(html, placeholder)
            if key:
                cache.set(key, rendered, TIMEOUT)
        body = rendered.with_placeholder(context["csrf_token"])
        item["body"] = mark_safe(body)  # noqa: S308 - rendered by our own templates
