"""Amounts show their thousands separators as one types, and a 9-digit budget fits its box
on a phone (issue 20); the server's reading of "1,500,000" is tested in
tests/strategies/test_amounts.py."""

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("size", [(1280, 900), (375, 812)], ids=["desktop", "phone"])
def test_a_budget_is_grouped_as_it_is_typed_and_fits(demo_data, new_page, size):
    from strategies.models import Project

    project = (
        Project.objects.filter(strategy__issue__plan__organisation__code="chumphon")
        .order_by("pk")
        .first()
    )
    page = new_page(*size)
    login(page, "chumphon.strategy")
    page.goto(f"/cascade/project/{project.pk}/edit/")
    amount = page.locator("input[data-amount]").first
    amount.fill("")
    amount.press_sequentially("123456789")
    expect(amount).to_have_value("123,456,789")
    # The whole amount is seen in its box, at desktop and phone width.
    assert amount.evaluate("el => el.scrollWidth <= el.clientWidth"), amount.evaluate(
        "el => [el.scrollWidth, el.clientWidth]"
    )
    # Thai digits are read as digits; a correction in the middle keeps the grouping.
    amount.fill("")
    amount.press_sequentially("๑๕๐๐๐๐๐")
    expect(amount).to_have_value("1,500,000")
    amount.press("Home")
    amount.press("Delete")
    expect(amount).to_have_value("500,000")
    screenshot(page, f"amounts-{size[0]}")
