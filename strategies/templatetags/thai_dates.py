"""Template filters that show dates in the Buddhist Era.

Django's ``th`` locale formats dates with Western years; these filters are
what every template uses instead of ``|date``.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from strategies import thai

register = template.Library()


def _as_local(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value
    return value


def format_be_date(value, *, short: bool = False, with_time: bool = False) -> str:
    """``23 มีนาคม 2548`` in Thai, ``23 March 2548 B.E.`` in English."""
    if value in (None, ""):
        return ""
    value = _as_local(value)
    year = thai.be_year(value.year)
    in_thai = (get_language() or "th").startswith("th")
    if in_thai:
        month = thai.THAI_MONTHS_SHORT[value.month - 1] if short else str(MONTHS[value.month])
        text = f"{value.day} {month} {year}"
    else:
        month = str(MONTHS_AP[value.month]) if short else str(MONTHS[value.month])
        text = f"{value.day} {month} {year} B.E."
    if with_time and isinstance(value, datetime.datetime):
        text += " " + value.strftime("%H:%M") + (" น." if in_thai else "")
    return text


@register.filter
def be_date(value):
    """A date in the Buddhist Era, month spelled out."""
    return format_be_date(value)


@register.filter
def be_date_short(value):
    """A date in the Buddhist Era with an abbreviated month."""
    return format_be_date(value, short=True)


@register.filter
def be_datetime(value):
    """A date and time in the Buddhist Era."""
    return format_be_date(value, short=True, with_time=True)


@register.filter
def fiscal_year_label(value):
    """``ปีงบประมาณ 2548`` / ``FY 2548`` for a B.E. fiscal year number."""
    if value in (None, ""):
        return ""
    return _("FY %(year)s") % {"year": value}


@register.filter
def thai_digits(value):
    """Arabic digits to Thai digits."""
    return thai.thai_digits(value)


@register.filter
def num(value):
    """A number without trailing zeros, with thousands separators: 4120.00 → 4,120."""
    if value in (None, ""):
        return ""
    try:
        decimal = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if decimal == decimal.to_integral_value():
        return f"{decimal:,.0f}"
    return f"{decimal.normalize():,f}"
