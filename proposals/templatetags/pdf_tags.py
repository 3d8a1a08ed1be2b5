"""Filters for the PDF templates: Thai Buddhist Era dates, optional Thai digits, and
free text as paragraphs."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from proposals.pdf import thai

register = template.Library()

# A line that starts a list item: "1." "2)" "(3)" "-" "•".
LIST_ITEM = re.compile(r"^\s*(\d+[.)]|\(\d+\)|[-•*◦])\s")


def _unbroken(text: str) -> str:
    """``text`` that a line never breaks inside (a date: «31 ส.ค. 2549»), or ``""``."""
    return format_html('<span class="nowrap">{}</span>', text) if text else ""


@register.filter
def th_date(value, numerals=False):
    """An ISO date or date-time as ``23 มีนาคม 2548``, never broken across lines; Thai
    digits when ``numerals``."""
    return _unbroken(thai.thai_date(value, numerals=bool(numerals)))


@register.filter
def th_date_short(value, numerals=False):
    """An ISO date as ``23 มี.ค. 2548``, never broken across lines; Thai digits when
    ``numerals``."""
    return _unbroken(thai.thai_date(value, numerals=bool(numerals), short=True))


@register.filter
def th_time(value, numerals=False):
    """The time of an ISO date-time as ``10.30 น.``; empty for a plain date."""
    return thai.thai_time(value, numerals=bool(numerals))


@register.filter
def th_digits(value, numerals=True):
    """Arabic digits to Thai digits when ``numerals`` is true."""
    if value in (None, ""):
        return ""
    return thai.thai_digits(value) if numerals else str(value)


@register.filter
def th_paragraphs(value):
    """Free text as escaped HTML paragraphs: a blank line starts a paragraph, a line
    break inside one is kept, and lines that start with a number or a bullet become
    list items (a hanging indent instead of the paragraph's first-line indent)."""
    text = str(value or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    html = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for line in block.split("\n"):
            if LIST_ITEM.match(line):
                if lines:
                    html.append("<p>" + "<br>".join(escape(x) for x in lines) + "</p>")
                    lines = []
                html.append(f'<p class="item">{escape(line.strip())}</p>')
            else:
                lines.append(line)
        if lines:
            html.append("<p>" + "<br>".join(escape(x) for x in lines) + "</p>")
    return mark_safe("".join(html))
