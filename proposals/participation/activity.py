"""A Blueprint's activity feed: who did what, when.

Participation services record an :class:`ActivityEvent` in their transaction; the
feed merges those with the Blueprint's saves (:class:`~proposals.models.Revision`) and
workflow steps (:class:`~proposals.models.Transition`), which are recorded already.
Three queries whatever the Blueprint's size.
"""

import heapq
from dataclasses import dataclass

from django.utils.translation import gettext as _

from proposals.models import BlueprintStatus, Revision, SectionKey, Transition
from proposals.participation.models import ActivityEvent
from proposals.rows import kind_label


def activity_record(*, blueprint, actor, verb: str, data: dict | None = None, url: str = ""):
    """Keep one event of the feed (call inside the action's transaction)."""
    return ActivityEvent.objects.create(
        blueprint=blueprint,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        data=data or {},
        url=url[:500],
    )


@dataclass
class FeedItem:
    at: object  # datetime
    actor: object  # a user or None
    text: str
    url: str = ""
    source: str = ""  # "event", "save", "step"


def _label(key) -> str:
    try:
        return str(SectionKey(key).label)
    except ValueError:
        return key or ""


def _role_label(code) -> str:
    from proposals.participation.models import ParticipantRole

    try:
        return str(ParticipantRole(code).label)
    except ValueError:
        return code or ""


def _promoted_label(code) -> str:
    from proposals.participation.models import PromotedTo

    try:
        return str(PromotedTo(code).label)
    except ValueError:
        return code or ""


def event_text(event) -> str:
    """The event in one sentence (without the actor), in the active language."""
    d = event.data or {}
    params = {
        "agency": d.get("agency", ""),
        "section": _label(d.get("section")),
        "role": _role_label(d.get("role")),
        "title": d.get("title", ""),
        "reason": d.get("reason", ""),
        "kind": _promoted_label(d.get("to")),
        "count": d.get("count", ""),
        "excerpt": d.get("excerpt", ""),
    }
    texts = {
        "participant_added": _("invited %(agency)s to take part (%(role)s)"),
        "participant_changed": _("updated the participation of %(agency)s (%(role)s)"),
        "participant_removed": _("removed %(agency)s from the participants"),
        "assigned": _("assigned “%(section)s” to %(agency)s"),
        "input_submitted": _("submitted the input of %(agency)s to “%(section)s”"),
        "input_accepted": _("accepted the input of %(agency)s to “%(section)s” into the Blueprint"),
        "input_returned": _("returned the input of %(agency)s to “%(section)s”: %(reason)s"),
        "workshop_recorded": _("recorded the workshop “%(title)s”"),
        "workshop_updated": _("updated the workshop “%(title)s”"),
        "point_promoted": _("took an idea from “%(title)s” into the Blueprint as: %(kind)s"),
        "commented": _("commented on “%(section)s”: %(excerpt)s"),
        "comment_resolved": _("resolved a comment thread on “%(section)s”"),
        "comment_reopened": _("reopened a comment thread on “%(section)s”"),
    }
    text = texts.get(event.verb)
    return text % params if text else event.verb


def _revision_text(revision) -> str:
    return _("%(action)s in “%(section)s”: %(row)s") % {
        "action": revision.get_action_display(),
        "section": _label(revision.section),
        "row": (revision.label or kind_label(revision.kind))[:120],
    }


def _transition_text(transition) -> str:
    text = _("moved the Blueprint from “%(from)s” to “%(to)s”") % {
        "from": BlueprintStatus(transition.from_status).label,
        "to": BlueprintStatus(transition.to_status).label,
    }
    if transition.reason:
        text += f": {transition.reason[:200]}"
    return text


def feed(blueprint, *, limit: int = 60) -> list[FeedItem]:
    """The latest ``limit`` things done in the Blueprint, newest first."""
    from django.urls import reverse

    events = (
        FeedItem(e.created_at, e.actor, event_text(e), e.url, "event")
        for e in ActivityEvent.objects.filter(blueprint=blueprint)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    saves = (
        FeedItem(
            r.created_at,
            r.author,
            _revision_text(r),
            reverse("proposals:section_history", args=[blueprint.pk, r.section]),
            "save",
        )
        for r in Revision.objects.filter(blueprint=blueprint)
        .exclude(action="baseline")
        .select_related("author")
        .order_by("-created_at", "-number")[:limit]
    )
    steps = (
        FeedItem(t.created_at, t.actor, _transition_text(t), blueprint.get_absolute_url(), "step")
        for t in Transition.objects.filter(blueprint=blueprint)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    merged = heapq.merge(events, saves, steps, key=lambda item: item.at, reverse=True)
    return [item for _index, item in zip(range(limit), merged, strict=False)]
