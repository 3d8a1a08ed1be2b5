"""Form fields for Thai officials: dates typed and shown in the Buddhist Era."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from strategies import fiscal, thai

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class BEDateInput(forms.TextInput):
    """Shows a stored (C.E.) date as ``dd/mm/yyyy`` in the Buddhist Era."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy (B.E.)"), "inputmode": "numeric"}
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
    }

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
