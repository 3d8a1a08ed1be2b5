"""Comments on sections and rows: threads, replies, mentions, edits, resolve and reopen.

Everyone who reads a Blueprint's working copy may comment (the strategy office, the
agencies, the province's viewers): commenting does not change the Blueprint. A comment
on a row keeps the row's kind, id, label and version, so after the row is changed (or
removed) it still says which version it spoke to.

``@username`` mentions a person and ``@agency-code`` (e.g. ``@chumphon-agriculture``) an
agency, whose people are told. Only people who may read the Blueprint are notified or
highlighted: a mention cannot reveal a Blueprint to a stranger.

Each person may post at most :data:`COMMENT_LIMITS` comments (replies included) and
mention at most :data:`MENTION_LIMIT` people or agencies in a window of time, and at
most :data:`MENTIONS_PER_COMMENT` in one comment: enough for anyone typing, not for a
script flooding a province's inboxes. The counters are the person's own comments and
mentions in the database, so the limit holds across every web process and thread;
the person's row is locked while a comment is written, so two requests at once cannot
both slip under it.
"""

import datetime
import math
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from proposals import access, history, services
from proposals.models import MAX_TEXT_LENGTH, SectionKey
from proposals.participation import notifications
from proposals.participation.activity import activity_record
from proposals.participation.models import (
    Comment,
    CommentEdit,
    CommentMention,
    NotificationKind,
)
from proposals.rows import KINDS
from strategies.models import Organisation, OrganisationKind

# A comment may be corrected by its author for this long after it was written.
EDIT_WINDOW = datetime.timedelta(minutes=getattr(settings, "COMMENT_EDIT_MINUTES", 15))

# (most comments, in this window) per person, replies included; and the mentions.
COMMENT_LIMITS = getattr(
    settings,
    "COMMENT_LIMITS",
    ((20, datetime.timedelta(minutes=1)), (200, datetime.timedelta(hours=1))),
)
MENTION_LIMIT = getattr(settings, "MENTION_LIMIT", (50, datetime.timedelta(hours=1)))
MENTIONS_PER_COMMENT = getattr(settings, "MENTIONS_PER_COMMENT", 10)


class RateLimited(ValidationError):
    """Refused because the person posted or mentioned too much lately; try again later."""


MENTION_RE = re.compile(r"(?<![\w@.+-])@([A-Za-z0-9][\w.+-]*[A-Za-z0-9_])")


def mention_tokens(body: str) -> list[str]:
    """The ``@tokens`` in a text, in order, without duplicates."""
    seen = []
    for token in MENTION_RE.findall(body or ""):
        if token not in seen:
            seen.append(token)
    return seen[:20]


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _excerpt(body: str, limit: int = 140) -> str:
    line = " ".join(body.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _resolve_mentions(blueprint, tokens) -> tuple[dict, dict]:
    """``({token: user}, {token: agency})`` for the tokens that name someone on the Blueprint."""
    if not tokens:
        return {}, {}
    users = {
        user.get_username(): user
        for user in get_user_model().objects.filter(username__in=tokens, is_active=True)
    }
    users = {
        token: user for token, user in users.items() if access.rights_for(user, blueprint).read_live
    }
    agencies = {
        org.code: org
        for org in Organisation.objects.filter(
            code__in=[token for token in tokens if token not in users],
            kind=OrganisationKind.LINE_AGENCY,
            province_id=blueprint.province_id,
        )
    }
    return users, agencies


def _save_mentions(comment, users: dict, agencies: dict) -> None:
    CommentMention.objects.bulk_create(
        [CommentMention(comment=comment, token=token, user=user) for token, user in users.items()]
        + [
            CommentMention(comment=comment, token=token, organisation=org)
            for token, org in agencies.items()
        ]
    )


def _notify_mentions(user, comment, users: dict, agencies: dict) -> set:
    """Tell the people mentioned (and the people of agencies mentioned); returns who was told."""
    blueprint = comment.blueprint
    told = set()
    base = {
        "blueprint": blueprint.title,
        "section": comment.section,
        "actor": _name(user),
        "excerpt": _excerpt(comment.body),
    }
    url = comment.get_absolute_url()
    people = list(users.values())
    notifications.notify(
        recipients=people,
        kind=NotificationKind.MENTIONED,
        blueprint=blueprint,
        actor=user,
        data=base,
        url=url,
    )
    told |= {person.pk for person in people}
    for org in agencies.values():
        members = [
            person
            for person in notifications.members_of([org.pk])
            if person.pk not in told and access.rights_for(person, blueprint).read_live
        ]
        notifications.notify(
            recipients=members,
            kind=NotificationKind.MENTIONED,
            blueprint=blueprint,
            actor=user,
            data={**base, "agency": org.name},
            url=url,
        )
        told |= {person.pk for person in members}
    return told


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {"body": _("A comment can be at most %(n)s characters.") % {"n": MAX_TEXT_LENGTH}}
        )
    return body


def _require_commenter(user, blueprint) -> None:
    access.require_live(access.rights_for(user, blueprint))


def _wait_text(since, window, now) -> str:
    seconds = max(1, math.ceil((since + window - now).total_seconds()))
    if seconds < 120:
        return _("about %(n)s seconds") % {"n": seconds}
    return _("about %(n)s minutes") % {"n": math.ceil(seconds / 60)}


def _lock_person(user) -> None:
    """Lock the person's row: their requests arriving together are counted one after
    the other (on SQLite the write transaction already is exclusive)."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).exists()


def _check_comment_rate(user, now) -> None:
    """Refuse (:class:`RateLimited`) one comment more than :data:`COMMENT_LIMITS` allow."""
    for most, window in COMMENT_LIMITS:
        times = list(
            Comment.objects.filter(author=user, created_at__gt=now - window)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:most]
        )
        if len(times) >= most:
            raise RateLimited(
                {
                    "body": _(
                        "You have posted %(n)s comments in the last %(minutes)s minute(s), "
                        "the most allowed. You can post again in %(wait)s; your text is kept."
                    )
                    % {
                        "n": most,
                        "minutes": int(window.total_seconds() // 60),
                        "wait": _wait_text(times[-1], window, now),
                    }
                }
            )


def _check_mention_rate(user, mentions: int, now) -> None:
    """Refuse (:class:`RateLimited`) mentions beyond :data:`MENTION_LIMIT`."""
    most, window = MENTION_LIMIT
    if not mentions:
        return
    made = CommentMention.objects.filter(
        comment__author=user, comment__created_at__gt=now - window
    ).count()
    if made + mentions > most:
        raise RateLimited(
            {
                "body": _(
                    "You have mentioned %(made)s people or agencies in the last %(minutes)s "
                    "minutes; at most %(n)s are allowed. Post without @mentions, or wait a "
                    "while; your text is kept."
                )
                % {"made": made, "n": most, "minutes": int(window.total_seconds() // 60)}
            }
        )


def _check_mention_count(count: int) -> None:
    if count > MENTIONS_PER_COMMENT:
        raise ValidationError(
            {
                "body": _(
                    "A comment can mention at most %(n)s people or agencies; this one "
                    "mentions %(count)s."
                )
                % {"n": MENTIONS_PER_COMMENT, "count": count}
            }
        )


@transaction.atomic
def comment_post(
    *,
    user,
    blueprint,
    body: str,
    section: str = "",
    row_kind: str = "",
    row=None,
    parent: Comment | None = None,
) -> Comment:
    """Write a comment on a section (or one of its rows), or a reply in a thread."""
    _require_commenter(user, blueprint)
    body = _check_body(body)
    values = {}
    if parent is not None:
        if parent.blueprint_id != blueprint.pk:
            raise PermissionDenied
        root = parent if parent.parent_id is None else parent.parent
        values = {
            "parent": root,
            "section": root.section,
            "row_kind": root.row_kind,
            "row_id": root.row_id,
            "row_label": root.row_label,
        }
        section = root.section
        values["row_version"] = root.row_version
        if root.row_kind in KINDS:
            # A reply speaks to the row as it is now (if it still exists).
            current = _live_row(blueprint, KINDS[root.row_kind], root.row_id)
            if current is not None:
                values["row_version"] = current.version
    else:
        if section not in SectionKey.values:
            raise ValidationError({"section": _("Choose a section.")})
        values["section"] = section
        if row is not None:
            kind = KINDS.get(row_kind)
            if kind is None or kind.section != section:
                raise ValidationError({"row": _("Choose a row of this section.")})
            values.update(
                row_kind=kind.key,
                row_id=row.pk,
                row_version=row.version,
                row_label=kind.label_of(row)[:500] or str(kind.verbose_name),
            )
    values["revision_number"] = history.latest_number(blueprint, section) or None
    users, agencies = _resolve_mentions(blueprint, mention_tokens(body))
    mentions = len(users) + len(agencies)
    _check_mention_count(mentions)
    _lock_person(user)
    now = timezone.now()
    _check_comment_rate(user, now)
    _check_mention_rate(user, mentions, now)
    comment = Comment.objects.create(blueprint=blueprint, author=user, body=body, **values)
    _save_mentions(comment, users, agencies)
    told = _notify_mentions(user, comment, users, agencies)
    if comment.parent_id:
        root = comment.parent
        thread_people = {root.author_id} | set(
            root.replies.exclude(pk=comment.pk).values_list("author_id", flat=True)
        )
        thread_people -= told | {user.pk}
        recipients = [
            person
            for person in get_user_model().objects.filter(pk__in=thread_people, is_active=True)
            if access.rights_for(person, blueprint).read_live
        ]
        notifications.notify(
            recipients=recipients,
            kind=NotificationKind.REPLY,
            blueprint=blueprint,
            actor=user,
            data={
                "blueprint": blueprint.title,
                "section": comment.section,
                "actor": _name(user),
                "excerpt": _excerpt(body),
            },
            url=comment.get_absolute_url(),
        )
    activity_record(
        blueprint=blueprint,
        actor=user,
        verb="commented",
        data={"section": comment.section, "excerpt": _excerpt(body, 80)},
        url=comment.get_absolute_url(),
    )
    return comment


def _live_row(blueprint, kind, pk):
    from proposals.participation.inputs import target_row

    return target_row(blueprint, kind, pk)


def can_edit(user, comment, *, now=None) -> bool:
    """Its author may correct a comment for :data:`EDIT_WINDOW` after writing it."""
    now = now or timezone.now()
    return comment.author_id == user.pk and now - comment.created_at <= EDIT_WINDOW


@transaction.atomic
def comment_edit(*, user, comment: Comment, body: str) -> Comment:
    """Correct a comment within the edit window; the previous text is kept and shown."""
    _require_commenter(user, comment.blueprint)
    if comment.author_id != user.pk:
        raise PermissionDenied
    if not can_edit(user, comment):
        raise services.Refused(_("A comment can only be edited in the first 15 minutes."))
    body = _check_body(body)
    if body == comment.body:
        return comment
    known = set(comment.mentions.values_list("token", flat=True))
    new_tokens = [token for token in mention_tokens(body) if token not in known]
    users, agencies = _resolve_mentions(comment.blueprint, new_tokens)
    now = timezone.now()
    if users or agencies:
        _check_mention_count(len(known) + len(users) + len(agencies))
        _lock_person(user)
        _check_mention_rate(user, len(users) + len(agencies), now)
    CommentEdit.objects.create(comment=comment, body=comment.body, edited_at=now)
    Comment.objects.filter(pk=comment.pk).update(body=body, edited_at=now)
    comment.refresh_from_db()
    _save_mentions(comment, users, agencies)
    _notify_mentions(user, comment, users, agencies)
    return comment


def can_resolve(user, rights, comment) -> bool:
    """The strategy office and the thread's author resolve and reopen a thread."""
    return comment.parent_id is None and (rights.edit or comment.author_id == user.pk)


@transaction.atomic
def comment_set_resolved(*, user, comment: Comment, resolved: bool) -> Comment:
    """Resolve a thread (or reopen it)."""
    rights = access.rights_for(user, comment.blueprint)
    access.require_live(rights)
    if comment.parent_id is not None:
        raise ValidationError(_("Only a thread is resolved, not a reply."))
    if not can_resolve(user, rights, comment):
        raise PermissionDenied
    if resolved:
        Comment.objects.filter(pk=comment.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
    else:
        Comment.objects.filter(pk=comment.pk).update(resolved_at=None, resolved_by=None)
    comment.refresh_from_db()
    activity_record(
        blueprint=comment.blueprint,
        actor=user,
        verb="comment_resolved" if resolved else "comment_reopened",
        data={"section": comment.section},
        url=comment.get_absolute_url(),
    )
    return comment


def render_body(comment, mentions=None) -> str:
    """The comment's text as safe HTML: escaped, line breaks kept, mentions highlighted.

    ``mentions`` are the comment's (with their people and agencies); by default they are
    read from ``comment.mentions``.
    """
    text = escape(comment.body)
    names = {}
    for mention in comment.mentions.all() if mentions is None else mentions:
        if mention.user_id:
            names[mention.token] = _name(mention.user)
        elif mention.organisation_id:
            names[mention.token] = mention.organisation.name

    def highlight(match):
        token = match.group(1)
        if token not in names:
            return match.group(0)
        return f'<span class="bp-mention" title="{escape(names[token])}">@{escape(token)}</span>'

    text = MENTION_RE.sub(highlight, text)
    return mark_safe(text.replace("\n", "<br>"))  # escaped above
