"""Notifications: stored as rows inside the action's transaction, e-mailed after it commits.

- :func:`notify` is called by the services, inside their transaction. It writes one
  :class:`~proposals.participation.models.Notification` per recipient (never the person
  who acted) and registers the e-mail for after the commit: a rolled-back action sends
  nothing, and its notifications disappear with it.
- People choose, in their preferences, between an e-mail per notification
  (:data:`EmailMode.IMMEDIATE`, the default) and a daily digest (``send_digests``).
- A failure to send marks the notification *failed* and keeps it: it is still shown in
  the app, and ``send_pending_notifications`` retries it (up to :data:`MAX_ATTEMPTS`).
  Sending never raises into the request that caused it.

Texts are built when shown, in the reader's language (the e-mail in the recipient's
profile language), from the notification's ``kind`` and ``data``.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from proposals.models import BlueprintStatus, SectionKey, blueprint_label
from proposals.participation.models import (
    EmailMode,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from strategies.models import OrganisationKind, Role
from strategies.templatetags.thai_dates import format_be_date

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_STATES = (EmailState.PENDING, EmailState.FAILED)
# Status changes of one Blueprint close together (consultation, review, approval and
# submission in one sitting) reach a person as one notification and one e-mail: the
# e-mail waits until the window has passed (sent by ``send_pending_notifications``).
COALESCED_KINDS = frozenset({NotificationKind.STATE_CHANGED})
COALESCE_WINDOW = datetime.timedelta(minutes=getattr(settings, "NOTIFICATION_COALESCE_MINUTES", 10))


# --------------------------------------------------------------------------
# Who hears about what
# --------------------------------------------------------------------------


def _users(condition: Q):
    return list(
        get_user_model().objects.filter(condition, is_active=True).distinct().order_by("pk")
    )


def editors_of(province_id) -> list:
    """The strategy-office editors of a province."""
    return _users(Q(memberships__organisation_id=province_id, memberships__role=Role.EDITOR))


def members_of(agency_ids) -> list:
    """The people of these agencies (their contributors)."""
    agency_ids = [pk for pk in agency_ids if pk]
    if not agency_ids:
        return []
    return _users(
        Q(memberships__organisation_id__in=agency_ids, memberships__role=Role.CONTRIBUTOR)
    )


def reviewers() -> list:
    return _users(
        Q(memberships__role=Role.REVIEWER, memberships__organisation__kind=OrganisationKind.OPDC)
    )


def people_of_blueprint(blueprint) -> list:
    """Editors of the province and the people of every agency taking part or assigned."""
    from proposals.models import Section
    from proposals.participation.models import Participant

    agencies = set(
        Participant.objects.filter(blueprint=blueprint).values_list("organisation_id", flat=True)
    )
    agencies |= set(
        Section.objects.filter(blueprint=blueprint, assignee__isnull=False).values_list(
            "assignee_id", flat=True
        )
    )
    people = {user.pk: user for user in editors_of(blueprint.province_id)}
    for user in members_of(agencies):
        people.setdefault(user.pk, user)
    return list(people.values())


# --------------------------------------------------------------------------
# Writing notifications
# --------------------------------------------------------------------------


def notify(
    *,
    recipients,
    kind: str,
    blueprint=None,
    actor=None,
    data: dict | None = None,
    url: str = "",
    dedupe_key: str = "",
) -> list[Notification]:
    """Store a notification for each recipient (except ``actor``); e-mail it after commit.

    Call inside the transaction of the action: if it rolls back, nothing is kept or sent.
    With ``dedupe_key``, a person who already has a notification with that key gets no
    second one (deadline reminders run every day).
    """
    actor_pk = actor.pk if getattr(actor, "is_authenticated", False) else None
    people = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk != actor_pk:
            people.setdefault(user.pk, user)
    if dedupe_key and people:
        already = Notification.objects.filter(
            recipient_id__in=people, dedupe_key=dedupe_key
        ).values_list("recipient_id", flat=True)
        for pk in already:
            people.pop(pk, None)
    if not people:
        return []
    now = timezone.now()
    if blueprint is not None:
        # The Blueprint is named by province, issue and year when the notification is read,
        # in the reader's language (see notification_text).
        data = {**(data or {}), "blueprint_parts": blueprint.label_parts()}
    data = data or {}
    if kind in COALESCED_KINDS and blueprint is not None:
        merged = _coalesce(people, kind=kind, blueprint=blueprint, actor_pk=actor_pk, data=data)
        for pk in merged:
            people.pop(pk, None)
        if not people:
            return []
    modes = _modes(people)
    created = []
    for user in people.values():
        off = modes.get(user.pk, NotificationPreference(user=user)).mode_for(kind) == EmailMode.OFF
        created.append(
            Notification.objects.create(
                recipient=user,
                kind=kind,
                blueprint=blueprint,
                actor=actor if actor_pk else None,
                data=data,
                url=url[:500],
                dedupe_key=dedupe_key,
                created_at=now,
                # Turned off for this kind: kept in the list for the record, already read
                # (the bell does not count it) and never e-mailed.
                read_at=now if off else None,
                email_state=EmailState.SKIPPED if off else EmailState.PENDING,
                email_error="turned off by the person" if off else "",
            )
        )
    ids = [notification.pk for notification in created]
    transaction.on_commit(lambda: deliver_immediate(ids), robust=True)
    return created


def _modes(people: dict) -> dict:
    """Each person's saved preference, by user id (one query)."""
    return {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user_id__in=list(people))
    }


def _coalesce(people: dict, *, kind, blueprint, actor_pk, data: dict) -> set:
    """Fold this event into each person's notification of the same kind about the same
    Blueprint from the last :data:`COALESCE_WINDOW`, while it is unread and not e-mailed
    yet: the Blueprint went from the first step's status to this one. Returns who had one."""
    since = timezone.now() - COALESCE_WINDOW
    open_ones = Notification.objects.select_for_update().filter(
        recipient_id__in=list(people),
        kind=kind,
        blueprint=blueprint,
        read_at__isnull=True,
        email_state=EmailState.PENDING,
        email_attempts=0,
        created_at__gte=since,
    )
    merged = set()
    for notification in open_ones.order_by("recipient_id", "-created_at", "-pk"):
        if notification.recipient_id in merged:
            continue
        before = notification.data or {}
        notification.data = {
            **before,
            **data,
            "from": before.get("from", data.get("from", "")),
            "steps": int(before.get("steps") or 1) + 1,
            # A reason given at any step (a return's) is kept unless a later one replaces it.
            "reason": data.get("reason") or before.get("reason", ""),
        }
        notification.actor_id = actor_pk
        notification.save(update_fields=["data", "actor"])
        merged.add(notification.recipient_id)
    return merged


def mark_read(*, user, notification_ids=None) -> int:
    """Mark the person's notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def mark_unread(*, user, notification_id) -> int:
    return Notification.objects.filter(recipient=user, pk=notification_id).update(read_at=None)


def preference_for(user) -> NotificationPreference:
    """The person's preference (not saved when they never chose)."""
    try:
        return NotificationPreference.objects.get(user=user)
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


@transaction.atomic
def preference_set(*, user, email_mode: str, kind_modes: dict | None = None):
    """Save how ``user`` wants notifications e-mailed: ``email_mode`` by default, and
    ``kind_modes`` ({kind: mode}) for the kinds chosen apart (the others follow the
    default). Each person writes only their own row."""
    if email_mode not in EmailMode.values:
        raise ValueError(email_mode)
    kind_modes = kind_modes or {}
    for kind, mode in kind_modes.items():
        if kind not in NotificationKind.values or mode not in EmailMode.values:
            raise ValueError(f"{kind}: {mode}")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_mode": email_mode, "kind_modes": kind_modes}
    )
    return preference


def _mode(user, kind: str = "") -> str:
    """How ``user`` wants ``kind`` e-mailed (their choice for it, else their default)."""
    try:
        preference = user.notification_preference
    except NotificationPreference.DoesNotExist:
        return EmailMode.IMMEDIATE
    return preference.mode_for(kind)


# --------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------


def _section_label(key) -> str:
    try:
        return str(SectionKey(key).label)
    except ValueError:
        return key or ""


def _status_label(code) -> str:
    try:
        return str(BlueprintStatus(code).label)
    except ValueError:
        return code or ""


def _date(iso) -> str:
    import datetime

    if not iso:
        return ""
    try:
        if "T" in iso:
            return format_be_date(datetime.datetime.fromisoformat(iso), with_time=True)
        return format_be_date(datetime.date.fromisoformat(iso))
    except ValueError:
        return iso


def _blueprint_name(data: dict) -> str:
    parts = data.get("blueprint_parts")
    if isinstance(parts, dict) and set(parts) == {"province", "number", "year", "title"}:
        return blueprint_label(**parts)
    return data.get("blueprint", "")  # kept before Blueprints were named by their parts


def notification_text(notification) -> str:
    """What happened, in one sentence, in the active language."""
    d = notification.data or {}
    params = {
        "actor": d.get("actor", ""),
        "blueprint": _blueprint_name(d),
        "section": _section_label(d.get("section")),
        "agency": d.get("agency", ""),
        "due": _date(d.get("due")),
        "reason": d.get("reason", ""),
        "excerpt": d.get("excerpt", ""),
        "status": _status_label(d.get("status")),
        "title": d.get("title", ""),
        "when": _date(d.get("starts_at")),
        "venue": d.get("venue", ""),
        "days": d.get("days", ""),
        "quarter": d.get("quarter", ""),
        "year": d.get("year", ""),
        "count": d.get("count", ""),
        "agencies": d.get("agencies", ""),
    }
    kind = notification.kind
    if kind == NotificationKind.ASSIGNED and d.get("review"):
        text = _("%(actor)s put you in charge of reviewing “%(blueprint)s”.")
    elif kind == NotificationKind.ASSIGNED:
        if params["due"]:
            text = _(
                "%(actor)s assigned “%(section)s” of “%(blueprint)s” to %(agency)s, due %(due)s."
            )
        else:
            text = _("%(actor)s assigned “%(section)s” of “%(blueprint)s” to %(agency)s.")
    elif kind == NotificationKind.INPUT_SUBMITTED:
        text = _("%(agency)s submitted input to “%(section)s” of “%(blueprint)s”.")
    elif kind == NotificationKind.INPUT_ACCEPTED:
        text = _("The input of %(agency)s to “%(section)s” of “%(blueprint)s” was accepted.")
    elif kind == NotificationKind.INPUT_RETURNED:
        text = _(
            "The input of %(agency)s to “%(section)s” of “%(blueprint)s” was returned: %(reason)s"
        )
    elif kind == NotificationKind.MENTIONED:
        if d.get("agency"):
            text = _("%(actor)s mentioned %(agency)s in a comment on “%(blueprint)s”: %(excerpt)s")
        else:
            text = _("%(actor)s mentioned you in a comment on “%(blueprint)s”: %(excerpt)s")
    elif kind == NotificationKind.REPLY:
        text = _("%(actor)s replied in a thread you take part in on “%(blueprint)s”: %(excerpt)s")
    elif kind == NotificationKind.DEADLINE:
        text = _("“%(section)s” of “%(blueprint)s” is due on %(due)s (in %(days)s day(s)).")
    elif kind == NotificationKind.STATE_CHANGED and int(d.get("steps") or 1) > 1:
        params["from"] = _status_label(d.get("from"))
        params["steps"] = d.get("steps")
        if params["reason"]:
            text = _(
                "“%(blueprint)s” went from “%(from)s” to “%(status)s” in %(steps)s steps "
                "(latest by %(actor)s): %(reason)s"
            )
        else:
            text = _(
                "“%(blueprint)s” went from “%(from)s” to “%(status)s” in %(steps)s steps "
                "(latest by %(actor)s)."
            )
    elif kind == NotificationKind.STATE_CHANGED:
        if params["reason"]:
            text = _("“%(blueprint)s” is now “%(status)s” (%(actor)s): %(reason)s")
        else:
            text = _("“%(blueprint)s” is now “%(status)s” (%(actor)s).")
    elif kind == NotificationKind.WORKSHOP_INVITED:
        text = _("You are invited to the workshop “%(title)s” on %(when)s, %(venue)s.")
    elif kind == NotificationKind.WORKSHOP_REMINDER:
        text = _("Reminder: the workshop “%(title)s” is on %(when)s, %(venue)s.")
    elif kind == NotificationKind.RESULTS_DUE:
        text = _(
            "Results of Q%(quarter)s/%(year)s are due on %(due)s (in %(days)s day(s)): "
            "%(agency)s still has %(count)s item(s) to report."
        )
    elif kind == NotificationKind.RESULTS_OVERDUE:
        text = _(
            "Results of Q%(quarter)s/%(year)s were due on %(due)s: %(count)s item(s) are "
            "missing, from %(agencies)s."
        )
    elif kind == NotificationKind.TARGET_CHANGE:
        text = _("%(actor)s asks to change the target of “%(title)s”: %(excerpt)s — %(reason)s")
    else:
        return notification.get_kind_display()
    return text % params


# --------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------


def _language_of(user) -> str:
    try:
        return user.profile.language or settings.LANGUAGE_CODE
    except Exception:  # no profile row
        return settings.LANGUAGE_CODE


def absolute(url: str) -> str:
    if not url or url.startswith("http"):
        return url
    return settings.SITE_URL.rstrip("/") + url


def _footer() -> str:
    from django.urls import reverse

    return _(
        "You receive this because you take part in a Blueprint for Change. "
        "Choose immediate e-mails or a daily digest at %(url)s"
    ) % {"url": absolute(reverse("proposals:participation:notifications"))}


def _claim(notifications) -> list:
    """Take the notifications for sending (one sender wins if two run at once)."""
    claimed = []
    for notification in notifications:
        taken = Notification.objects.filter(
            pk=notification.pk,
            email_state__in=RETRY_STATES,
            email_attempts=notification.email_attempts,
        ).update(email_attempts=F("email_attempts") + 1)
        if taken:
            claimed.append(notification)
    return claimed


def _record(ids, *, error: Exception | None) -> None:
    if error is None:
        Notification.objects.filter(pk__in=ids).update(
            email_state=EmailState.SENT, emailed_at=timezone.now(), email_error=""
        )
    else:
        Notification.objects.filter(pk__in=ids).update(
            email_state=EmailState.FAILED, email_error=f"{type(error).__name__}: {error}"[:1000]
        )


def _skip(ids, reason: str) -> None:
    Notification.objects.filter(pk__in=ids).update(
        email_state=EmailState.SKIPPED, email_error=reason
    )


# Kinds whose e-mail carries the workshop as an iCalendar event (proposals.participation.calendar).
CALENDAR_KINDS = (NotificationKind.WORKSHOP_INVITED, NotificationKind.WORKSHOP_REMINDER)


def _attachments(notification) -> list[tuple[str, bytes, str]]:
    """The workshop's ``.ics`` for an invitation or a reminder (as the workshop is now,
    so a moved meeting is sent with its new time); nothing if it was deleted since."""
    from proposals.participation import calendar
    from proposals.participation.models import Workshop

    workshop_id = (notification.data or {}).get("workshop_id")
    if notification.kind not in CALENDAR_KINDS or not workshop_id:
        return []
    workshop = Workshop.objects.select_related("blueprint").filter(pk=workshop_id).first()
    if workshop is None:
        return []
    # PUBLISH, not REQUEST: an iTIP request needs an organiser and attendees to answer to,
    # and the app takes no replies by e-mail.
    body = calendar.workshop_ics(workshop, url=absolute(workshop.get_absolute_url()))
    return [(calendar.filename(workshop), body, "text/calendar; method=PUBLISH")]


def _send(user, subject: str, body: str, connection, attachments=()) -> Exception | None:
    try:
        message = mail.EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            connection=connection,
        )
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send(fail_silently=False)
    except Exception as error:  # any backend failure: keep the event, retry later
        log.warning("notification e-mail to %s failed: %s", user.pk, error)
        return error
    return None


def _send_one(notification, connection) -> bool:
    user = notification.recipient
    if not user.email:
        _skip([notification.pk], "no e-mail address")
        return False
    if not _claim([notification]):
        return False
    with translation.override(_language_of(user)):
        text = notification_text(notification)
        subject = _("[Blueprint] %(text)s") % {"text": _one_line(text, 150)}
        body = "\n\n".join(filter(None, [text, absolute(notification.url), "--", _footer()]))
    error = _send(user, subject, body, connection, _attachments(notification))
    _record([notification.pk], error=error)
    return error is None


def _one_line(text: str, limit: int) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _pending():
    return Notification.objects.filter(
        email_state__in=RETRY_STATES, email_attempts__lt=MAX_ATTEMPTS
    ).select_related(
        "recipient", "recipient__notification_preference", "recipient__profile", "blueprint"
    )


def deliver_immediate(ids) -> int:
    """E-mail these notifications to the people who want immediate e-mails. Never raises."""
    try:
        sent = 0
        with mail.get_connection() as connection:
            settled = timezone.now() - COALESCE_WINDOW
            for notification in _pending().filter(pk__in=ids).order_by("pk"):
                if _mode(notification.recipient, notification.kind) != EmailMode.IMMEDIATE:
                    continue
                if notification.kind in COALESCED_KINDS and notification.created_at > settled:
                    continue  # more steps may still fold into it: the next run sends it
                sent += _send_one(notification, connection)
        return sent
    except Exception:  # e.g. the mail server refused the connection: retried later
        log.exception("sending notification e-mails failed")
        return 0


def send_pending() -> int:
    """Retry the immediate e-mails not sent yet (``send_pending_notifications``)."""
    return deliver_immediate(list(_pending().values_list("pk", flat=True)))


def send_digests(*, now=None) -> int:
    """One e-mail per person who chose the daily digest, listing their unsent notifications.

    Notifications already read in the app are not e-mailed. Returns the number of
    digests sent; a failed digest stays pending for the next run.
    """
    now = now or timezone.now()
    by_user = defaultdict(list)
    for notification in _pending().order_by("recipient_id", "created_at", "pk"):
        if _mode(notification.recipient, notification.kind) == EmailMode.DIGEST:
            by_user[notification.recipient_id].append(notification)
    sent = 0
    with mail.get_connection() as connection:
        for items in by_user.values():
            user = items[0].recipient
            read = [n.pk for n in items if n.read_at is not None]
            if read:
                _skip(read, "read in the app before the digest")
            items = [n for n in items if n.read_at is None]
            if not items:
                continue
            if not user.email:
                _skip([n.pk for n in items], "no e-mail address")
                continue
            items = _claim(items)
            if not items:
                continue
            with translation.override(_language_of(user)):
                lines = []
                for index, notification in enumerate(items, start=1):
                    lines.append(f"{index}. {notification_text(notification)}")
                    if notification.url:
                        lines.append("   " + absolute(notification.url))
                subject = _("[Blueprint] Your daily digest: %(count)s notification(s)") % {
                    "count": len(items)
                }
                body = "\n".join(lines) + "\n\n--\n" + _footer()
            error = _send(user, subject, body, connection)
            _record([n.pk for n in items], error=error)
            if error is None:
                sent += 1
                NotificationPreference.objects.filter(user=user).update(last_digest_at=now)
    return sent
