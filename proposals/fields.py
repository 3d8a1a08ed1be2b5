"""Form fields for Thai officials: dates typed and shown in the Buddhist Era."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategies import fiscal, thai

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _be(day: datetime.date) -> str:
    return f"{day.day}/{day.month}/{fiscal.be_year(day.year)}"


def deadline_window(fiscal_year: int, today: datetime.date | None = None):
    """When a deadline of a Blueprint of this fiscal year may fall: from today (never in
    the past) to a year after the fiscal year ends. A year that is already over is a
    past round being recorded: then from a year before it began."""
    today = today or timezone.localdate()
    start, end = fiscal.fiscal_year_bounds(fiscal_year)
    latest = end.replace(year=end.year + 1)
    earliest = today if today <= end else start.replace(year=start.year - 1)
    return earliest, latest


def event_window(fiscal_year: int, today: datetime.date | None = None):
    """When something of a Blueprint of this fiscal year may happen (a workshop): from a
    year before the fiscal year begins to a year after it ends."""
    start, end = fiscal.fiscal_year_bounds(fiscal_year)
    return start.replace(year=start.year - 1), end.replace(year=end.year + 1)


class BEDateInput(forms.TextInput):
    """Shows a stored (C.E.) date as ``dd/mm/yyyy`` in the Buddhist Era."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy (B.E.)"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-be-date": "1",
            # The calendar button's name and its months, in the page's language.
            "data-calendar-label": _("Pick a date from the calendar"),
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value.day:02d}/{value.month:02d}/{fiscal.be_year(value.year)}"
        return super().format_value(value)


class BEDateField(forms.DateField):
    """A date typed as day/month/year in the Buddhist Era (``15/3/2548``; Thai digits too).

    A year below 2400 is taken as a Common Era year, so ``15/3/2005`` works as well;
    ISO ``2005-03-15`` is accepted for machines.
    """

    widget = BEDateInput
    default_error_messages = {
        "invalid": _("Enter a date as day/month/year in the Buddhist Era, e.g. 15/03/2548."),
        "past": _("%(date)s has already passed: choose today (%(today)s) or a later day."),
        "early": _("%(date)s is too early: choose a day from %(first)s to %(last)s."),
        "late": _(
            "%(date)s is too far ahead (is the year right?): choose a day from %(first)s"
            " to %(last)s."
        ),
    }
    # (earliest, latest) allowed, set by the form from what the date belongs to; the
    # calendar offers only those days too.
    window: tuple[datetime.date, datetime.date] | None = None

    def limit_to(self, window, *, keep=None, today: datetime.date | None = None) -> None:
        """Accept only days in ``window`` — and ``keep``, the value already stored (an
        assignment that is overdue can still be edited without moving its due date)."""
        self.window = window
        self.keep = keep
        self.today = today or timezone.localdate()
        first, last = window
        self.widget.attrs.update({"data-min": first.isoformat(), "data-max": last.isoformat()})

    def validate(self, value):
        super().validate(value)
        if value is None or self.window is None or value == self.keep:
            return
        first, last = self.window
        params = {
            "date": _be(value),
            "first": _be(first),
            "last": _be(last),
            "today": _be(self.today),
        }
        if value < first:
            code = "past" if first == self.today else "early"
            raise ValidationError(self.error_messages[code], code=code, params=params)
        if value > last:
            raise ValidationError(self.error_messages["late"], code="late", params=params)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = thai.arabic_digits(value)
        match = _DMY.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            match = _ISO.match(text)
            if not match:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            year, month, day = (int(part) for part in match.groups())
        if year >= 2400:
            year = fiscal.ce_year(year)
        try:
            result = datetime.date(year, month, day)
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        low, high = fiscal.ce_year(fiscal.MIN_FISCAL_YEAR), fiscal.ce_year(fiscal.MAX_FISCAL_YEAR)
        if not low <= result.year <= high:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return result
