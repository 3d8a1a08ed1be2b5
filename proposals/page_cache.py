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
holds a placeholder that is replaced with the request's token on the way out.

The fingerprint needs the loaded document. On PostgreSQL the document itself is cached
too (:func:`document_for`), under a stamp of every row it is loaded from
(:mod:`strategies.stamps`: counts, ids and the ``xmin`` of each row version, which any
committed change moves, whatever path it took); elsewhere it is loaded every time.
"""

import hashlib

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from strategies import stamps

TEMPLATE = "proposals/_section_body.html"
CSRF_PLACEHOLDER = "__blueprint_csrf_placeholder__"
TIMEOUT = 60 * 60  # an unused entry goes after an hour; a changed one is never read again


def _document_parts() -> list:
    """Every table :func:`selectors.load_document` reads, with the rows it reads."""
    from proposals import models as bp
    from strategies import models as st

    parts = [
        (bp.Blueprint, "id = %(blueprint)s"),
        (st.ActionPlan, "id = %(plan)s"),
        *stamps.issue_parts("id = %(issue)s"),
        *stamps.reference_parts(),
    ]
    for model in (
        bp.Section,
        bp.Diagnosis,
        bp.ChangeProposal,
        bp.ReadinessItem,
        bp.Risk,
        bp.SuccessFactor,
        bp.ProjectActivity,
        bp.ProjectMilestone,
    ):
        parts.append((model, "blueprint_id = %(blueprint)s"))
    return parts


def document_for(blueprint):
    """The Blueprint's :class:`~proposals.selectors.Document`: from the cache when nothing
    it is made of changed (PostgreSQL), else loaded (and kept)."""
    from proposals import selectors

    stamp = stamps.stamp(
        _document_parts(),
        {"blueprint": blueprint.pk, "issue": blueprint.issue_id, "plan": blueprint.issue.plan_id},
    )
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


def _fields(obj) -> tuple:
    return (type(obj).__name__, *(getattr(obj, f.attname) for f in obj._meta.concrete_fields))


def _document_objects(document):
    """Every model instance the section templates can read, with the ones they hang from."""
    blueprint = document.blueprint
    yield blueprint
    yield blueprint.issue.plan
    yield document.issue
    yield from document.issue.national_strategies.all()
    for section in document.sections.values():
        yield section
        if section.assignee_id:
            yield section.assignee
    for goal in document.goals:
        yield goal
        for indicator in goal.indicators.all():
            yield indicator
            if indicator.owner_id:
                yield indicator.owner
            yield from indicator.targets.all()
    for strategy in document.strategies:
        yield strategy
        yield from strategy.goals.all()
        for project in strategy.projects.all():
            yield project
            if project.lead_agency_id:
                yield project.lead_agency
            yield from project.budgets.all()
            yield from project.supporting_agencies.all()
    yield document.diagnosis
    for change in document.change_proposals:
        yield change
        if change.indicator_id:
            yield change.indicator
            yield change.indicator.goal
        if change.responsible_agency_id:
            yield change.responsible_agency
    yield from document.readiness_items
    for risk in document.risks:
        yield risk
        if risk.owner_id:
            yield risk.owner
    yield from document.success_factors
    for activities in document.activities.values():
        for activity in activities:
            yield activity
            if activity.responsible_agency_id:
                yield activity.responsible_agency
    for milestones in document.milestones.values():
        yield from milestones


def fingerprint(document) -> str:
    """A digest of every stored value the document holds (cheap: no query)."""
    digest = hashlib.blake2b(digest_size=16)
    for obj in _document_objects(document):
        digest.update(repr(_fields(obj)).encode())
    return digest.hexdigest()


def section_bodies(request, document, sections: list[dict], context: dict) -> None:
    """Set ``item["body"]`` (safe HTML) on every item of ``sections``, from the cache
    when the same document was rendered the same way before."""
    base = fingerprint(document)
    language = get_language()
    rights = context["rights"]
    token = None
    for item in sections:
        flags = (
            item["key"],
            item["can_edit"],
            rights.edit,
            tuple(sorted(rights.agencies)),  # an agency's own projects show their actions
            tuple((str(b.message), str(b.url)) for b in item["blockers"]),
            language,
        )
        variant = hashlib.blake2b(repr(flags).encode(), digest_size=8).hexdigest()
        key = f"bp-section:{document.blueprint.pk}:{base}:{variant}"
        html = cache.get(key)
        if html is None:
            html = render_to_string(
                TEMPLATE,
                {**context, "item": item, "csrf_token": CSRF_PLACEHOLDER},
                request=request,
            )
            cache.set(key, html, TIMEOUT)
        if CSRF_PLACEHOLDER in html:
            token = token or get_token(request)
            html = html.replace(CSRF_PLACEHOLDER, token)
        item["body"] = mark_safe(html)  # noqa: S308 - rendered by our own templates
