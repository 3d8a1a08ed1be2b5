"""Choice fields that refuse malformed primary keys before they reach the database.

Django's model choice fields pass whatever was posted to a query; a 40-digit number then
overflows SQLite's integer (``OverflowError``, a server error) instead of giving the person
"select a valid choice". These check the value's shape first.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from strategies.excel.reading import number_text

MAX_PK_DIGITS = 18  # fits a signed 64-bit integer


def is_pk(value) -> bool:
    """A plain ASCII integer that fits the database's primary key."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= MAX_PK_DIGITS


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not is_pk(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not is_pk(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def safe_formfield(db_field, **kwargs):
    """``formfield_callback`` for model forms: foreign keys and M2Ms get the safe fields."""
    if db_field.many_to_many:
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
    elif db_field.many_to_one or db_field.one_to_one:
        kwargs.setdefault("form_class", SafeModelChoiceField)
    return db_field.formfield(**kwargs)


class _SafeFieldsMetaclass(forms.models.ModelFormMetaclass):
    """Gives each form's ``Meta`` :func:`safe_formfield` unless it names its own.

    Django reads ``formfield_callback`` from ``Meta`` only (a class attribute of the form
    is not inherited by a subclass with its own ``Meta``): set there, every subclass's
    foreign keys and M2Ms get the safe fields."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(safe_formfield)
        return super().__new__(mcs, name, bases, attrs)


class SafeModelForm(forms.ModelForm, metaclass=_SafeFieldsMetaclass):
    """The project's model form: posted primary keys are checked before any query."""


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template per ``<option>``.

    Django renders each option through its own template; for a list of a province's people
    (a hundred or more) that was most of a workshop page's time. Same markup, same
    attributes (crispy's classes and ids arrive in ``attrs``); no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", label)
                for _group, group_options, _index in context["optgroups"]
                for option in group_options
                for label in [option["label"]]
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', context["name"], flatatt(context["attrs"]), options
        )


class AmountInput(forms.TextInput):
    """An amount shown with thousands separators (``1,500,000``); the page's script keeps
    them as one types. A text box, not ``type=number``, which refuses the commas people type."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "decimal", "data-amount": "1", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = Decimal(value)
            except ArithmeticError:
                return value
        if isinstance(value, Decimal):
            whole = value == value.to_integral_value()
            return f"{value:,.0f}" if whole else f"{value:,.2f}"
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A number as people type it: ``1,500,000``, ``1 500 000.50``, Thai digits."""

    widget = AmountInput

    def to_python(self, value):
        if isinstance(value, str):
            value = number_text(value)
        return super().to_python(value)
