"""Dates are picked from a calendar in the Buddhist Era; the server still checks them."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("size", [(1280, 900), (375, 812)], ids=["desktop", "phone"])
def test_the_due_date_is_picked_from_a_buddhist_era_calendar(demo_data, new_page, size):
    from proposals.models import Blueprint, Section

    blueprint = Blueprint.objects.filter(fiscal_year=2548, province__code="chumphon").first()
    page = new_page(*size)
    login(page, "chumphon.strategy")
    page.goto(f"/blueprints/{blueprint.pk}/sections/risks/assign/")
    field = page.get_by_label("กำหนดส่ง")
    field.fill("")
    page.get_by_role("button", name="เลือกวันที่จากปฏิทิน").click()
    calendar = page.get_by_role("dialog", name="เลือกวันที่จากปฏิทิน")
    expect(calendar).to_be_visible()
    # Thai month, Buddhist-Era year; a 2548 round: no day after 30 Sep 2549 is offered.
    title = calendar.locator(".bp-cal-title")
    expect(title).to_have_text(re.compile(r"^\S+ 25\d\d$"))
    for _ in range(60):
        if title.inner_text().endswith("2549") and title.inner_text().startswith("ตุลาคม"):
            break
        calendar.get_by_role("button", name="›").click()
    expect(title).to_have_text("ตุลาคม 2549")
    assert calendar.locator(".bp-cal-day:not([disabled])").count() == 0
    calendar.get_by_role("button", name="‹").click()
    expect(title).to_have_text("กันยายน 2549")
    screenshot(page, f"date-picker-{size[0]}")
    calendar.get_by_role("button", name="15 กันยายน 2549").click()
    expect(calendar).to_be_hidden()
    expect(field).to_have_value("15/09/2549")
    page.locator("select[name=assignee]").select_option(index=1)
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/blueprints/{blueprint.pk}/"))
    section = Section.objects.get(blueprint=blueprint, key="risks")
    assert section.due_date.isoformat() == "2006-09-15"
