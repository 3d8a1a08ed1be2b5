"""The Thai kit: Buddhist-Era years and dates, Thai month names, Thai numerals, and
Thai word segmentation — in one place for the whole site.

Independent of the active language and of compiled catalogues (the PDF and the
covering letter are Thai whoever renders them); the language-aware template filters
(``strategies/templatetags/thai_dates.py``) and the fiscal year (``strategies.fiscal``)
build on it.
"""

import datetime
from functools import cache

from django.utils import timezone

#: Buddhist Era year = Common Era year + 543.
BE_OFFSET = 543

THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
THAI_MONTHS_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip

#: ``str.translate`` tables: Arabic digits to Thai digits, and back.
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def be_year(ce_year: int) -> int:
    """The Buddhist Era year for a Common Era year."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """The Common Era year for a Buddhist Era year."""
    return be - BE_OFFSET


def thai_digits(text) -> str:
    """Arabic digits to Thai digits (``2548`` → ``๒๕๔๘``)."""
    return str(text).translate(THAI_DIGITS)


def arabic_digits(text) -> str:
    """Thai digits to Arabic digits (``๒๕๔๘`` → ``2548``), for reading what people type."""
    return str(text).translate(ARABIC_DIGITS)


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
    text = f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
    return thai_digits(text) if numerals else text


def thai_time(value, *, numerals: bool = False) -> str:
    """``10.30 น.`` for an ISO date-time; ``""`` for a plain date or nothing."""
    moment = _moment(value)
    if not isinstance(moment, datetime.datetime):
        return ""
    text = f"{moment:%H.%M} น."
    return thai_digits(text) if numerals else text


@cache
def _word_tokenize():
    # PyThaiNLP loads its dictionary on first use (about a second): only when needed.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def words(text: str, *, keep_whitespace: bool = True) -> list[str]:
    """Thai text cut into words with PyThaiNLP's dictionary tokenizer (``newmm``, works
    offline); other scripts pass through as runs."""
    return _word_tokenize()(text, engine="newmm", keep_whitespace=keep_whitespace)
