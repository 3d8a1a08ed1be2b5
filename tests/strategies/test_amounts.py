"""Amounts as people type them: with separators, spaces or Thai digits."""

from decimal import Decimal

import pytest

from strategies.fields import AmountField, AmountInput


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,500,000", Decimal("1500000")),
        ("1 500 000.50", Decimal("1500000.50")),
        ("๑,๕๐๐,๐๐๐", Decimal("1500000")),
        ("987654321", Decimal("987654321")),
    ],
)
def test_typed_amounts_are_understood(typed, value):
    assert AmountField(max_digits=16, decimal_places=2).clean(typed) == value


def test_an_amount_that_is_not_a_number_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        AmountField(max_digits=16, decimal_places=2).clean("1,5OO")


def test_amounts_are_shown_with_separators_in_a_text_box():
    widget = AmountInput()
    assert widget.format_value(Decimal("1500000.00")) == "1,500,000"
    assert widget.format_value(Decimal("2500.5")) == "2,500.50"
    html = widget.render("amount", Decimal("987654321"))
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="987,654,321"' in html
