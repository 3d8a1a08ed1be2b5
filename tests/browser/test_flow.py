"""The everyday flow in a browser (issue 20): @mentions suggested by name as one types,
and what the office, agencies and reviewers see at 1280 and 375 px."""

import pytest
from django.urls import reverse

from .conftest import login
from .test_a11y import demo_objects

pytestmark = pytest.mark.django_db(transaction=True)


def test_mentions_are_suggested_by_name_and_picked_by_keyboard(demo_data, page):
    _plan, _issue, blueprint, _numbers = demo_objects()
    login(page, "chumphon.strategy")
    page.goto(reverse("proposals:participation:comments", args=[blueprint.pk]))
    box = page.locator("#comment-form textarea[name=body]")
    box.click()
    box.press_sequentially("ขอให้ @ประเส", delay=30)
    listbox = page.get_by_role("listbox")
    listbox.wait_for(state="visible")
    option = listbox.get_by_role("option").first
    assert "ประเสริฐ สวนมะพร้าว" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    assert box.input_value() == "ขอให้ @chumphon.agriculture "
    assert listbox.count() == 0  # closed once picked
    # An agency by its Thai name; Escape closes without picking.
    box.press_sequentially("กับ @เกษตร", delay=30)
    page.get_by_role("listbox").wait_for(state="visible")
    labels = page.get_by_role("option").all_inner_texts()
    assert any("@chumphon-agriculture" in label for label in labels)
    page.keyboard.press("Escape")
    assert page.get_by_role("listbox").count() == 0
    assert box.input_value().endswith("กับ @เกษตร")
