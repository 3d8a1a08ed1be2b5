"""Thai official-document formatting: Buddhist Era dates, Thai months, Thai digits.

Independent of the active language and of compiled catalogues: the PDF is Thai
whoever renders it.
"""

import datetime

from django.utils import timezone

BE_OFFSET = 543
THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
THAI_MONTHS_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text) -> str:
    """Arabic digits to Thai digits (``2548`` → ``๒๕๔๘``)."""
    return str(text).translate(THAI_DIGITS)


def _moment(value) -> datetime.datetime | datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            return None
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment


def parse_date(value) -> datetime.date | None:
    """An ISO date or date-time (string or object) as a local date; ``None`` if empty."""
    moment = _moment(value)
    if isinstance(moment, datetime.datetime):
        return moment.date()
    return moment


def thai_date(value, *, numerals: bool = False, short: bool = False) -> str:
    """``23 มีนาคม 2548`` (Buddhist Era; ``23 มี.ค. 2548`` when ``short``), in Thai
    digits when ``numerals``; ``""`` if empty or not a date."""
    day = parse_date(value)
    if day is None:
        return ""
    months = THAI_MONTHS_SHORT if short else THAI_MONTHS
    text = f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"
    return thai_digits(text) if numerals else text


def thai_time(value, *, numerals: bool = False) -> str:
    """``10.30 น.`` for an ISO date-time; ``""`` for a plain date or nothing."""
    moment = _moment(value)
    if not isinstance(moment, datetime.datetime):
        return ""
    text = f"{moment:%H.%M} น."
    return thai_digits(text) if numerals else text
