"""A workshop as an iCalendar event (RFC 5545): the ``.ics`` file people download from the
workshop page and receive with their invitation and the day-before reminder, so that the
meeting lands in their own calendar (Outlook, Google, Thunderbird, a phone).

Times are written in UTC (``…Z``), which every calendar converts to the reader's zone;
text is escaped (``\\``, ``;``, ``,``, new lines) and lines are folded at 75 octets
without splitting a UTF-8 character (Thai takes three octets a character). The event's
``UID`` is the workshop's, and ``SEQUENCE`` its version, so a changed workshop sent again
updates the event already in a calendar instead of adding a second one.
"""

import datetime

from django.conf import settings
from django.utils import timezone

DEFAULT_LENGTH = datetime.timedelta(hours=3)  # a workshop recorded without an end
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _escape(text: str) -> str:
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (continuations start with a space)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation's leading space counts
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "blueprint.local"


def workshop_ics(workshop, *, url: str = "") -> bytes:
    """The workshop as a one-event calendar; ``url`` is the absolute link to its page."""
    blueprint = workshop.blueprint
    ends = workshop.ends_at or workshop.starts_at + DEFAULT_LENGTH
    description = "\n\n".join(
        part for part in (blueprint.title, workshop.agenda.strip(), url) if part
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OPDC Blueprint for Change//TH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:workshop-{workshop.pk}@{_host()}",
        f"SEQUENCE:{workshop.version}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(workshop.starts_at)}",
        f"DTEND:{_utc(ends)}",
        f"SUMMARY:{_escape(workshop.title)}",
    ]
    if workshop.venue:
        lines.append(f"LOCATION:{_escape(workshop.venue)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


def filename(workshop) -> str:
    local = timezone.localtime(workshop.starts_at)
    return f"workshop-{workshop.pk}-{local:%Y%m%d}.ics"
