"""``{% plain_form form %}``: a form's fields in Bootstrap 5 markup, written in Python.

The markup is crispy-bootstrap5's (ids, classes, ``aria-describedby`` for the help text
and the errors, the required asterisk) for the field kinds used here — text inputs,
text areas, selects and checkboxes — without its templates: crispy renders each field
through a dozen template files, which on a workshop page with two forms was a third of
the page's time. Pages with one form keep ``{% crispy %}``; this is for the busy ones.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

ASTERISK = mark_safe('<span class="asteriskField">*</span>')  # noqa: S308 - a constant


def _widget_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxinput form-check-input"
    if isinstance(widget, forms.Select):
        return "select form-select"
    if isinstance(widget, forms.Textarea):
        return "textarea form-control"
    return "textinput form-control"


def plain_field(field) -> str:
    """One bound field: label, widget, errors and help text."""
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return str(field)
    auto_id = field.auto_id
    described = []
    attrs = {"class": _widget_class(widget)}
    if field.help_text:
        described.append(f"{auto_id}_helptext")
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    rendered = field.as_widget(attrs=attrs)
    required = ASTERISK if field.field.required else ""
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            auto_id,
            format_html_join(
                " ",
                '<span id="error_{}_{}"><strong>{}</strong></span>',
                ((number, auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', auto_id, field.help_text)
        if field.help_text
        else ""
    )
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}{}</div></div>',
            auto_id, rendered, auto_id, " requiredField" if field.field.required else "",
            field.label, required, errors, help_text,
        )  # fmt: skip
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>'
        "{}{}{}</div>",
        auto_id, auto_id, " requiredField" if field.field.required else "",
        field.label, required, rendered, errors, help_text,
    )  # fmt: skip


@register.simple_tag
def plain_form(form) -> str:
    """The form's errors that belong to no field, then each field."""
    parts = []
    general = form.non_field_errors()
    if general:
        parts.append(
            format_html(
                '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                format_html_join("", "<li>{}</li>", ((error,) for error in general)),
            )
        )
    parts.extend(plain_field(field) for field in form)
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - built with format_html


@register.filter
def amount_value(bound_field) -> str:
    """A bound amount field's value as its box shows it: with separators when it is a
    number, exactly as typed when the person's input was refused."""
    from strategies.fields import AmountInput

    value = bound_field.value()
    if value is None:
        return ""
    return AmountInput().format_value(value)
