"""The everyday flow in a browser (issue 20): @mentions suggested by name as one types,
and what the office, agencies and reviewers see at 1280 and 375 px."""

import pytest
from django.urls import reverse

from .conftest import login, screenshot
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


PHONE = (375, 812)
DESKTOP = (1280, 900)


def _box_scrolls_with_first_column_fixed(page, table_selector):
    """The table is wider than its box, the page is not; scrolled, its first cell stays."""
    return page.evaluate(
        """(selector) => {
            const table = document.querySelector(selector);
            const box = table.closest('.table-responsive');
            const cell = table.querySelector('tbody tr > :first-child');
            const before = cell.getBoundingClientRect().left;
            box.scrollLeft = 200;
            const after = cell.getBoundingClientRect().left;
            const page = document.documentElement;
            return {wider: box.scrollWidth > box.clientWidth, scrolled: box.scrollLeft,
                    before: before, after: after,
                    pageFits: page.scrollWidth <= page.clientWidth + 2};
        }""",
        table_selector,
    )


@pytest.mark.parametrize(("label", "size"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_flow_screenshots(demo_data, new_page, label, size):
    """The office's desk, its lists, a form with the date picker open, and the reviewer's
    dashboard and review page, at 1280 and 375 px (test-artifacts/screenshots/flow-*)."""
    from proposals.review.models import ReviewerAssignment

    _plan, _issue, blueprint, _numbers = demo_objects()
    page = new_page(*size)
    login(page, "chumphon.strategy")
    bell = page.locator("#bp-bell")
    bell.wait_for(state="visible")  # in sight with the menu collapsed on a phone
    if label == "phone":
        assert not page.locator("#main-nav").is_visible()
    shots = [
        ("home", reverse("home")),
        ("blueprints", reverse("proposals:list")),
        ("workshops", reverse("proposals:participation:workshops", args=[blueprint.pk])),
        ("comments", reverse("proposals:participation:comments", args=[blueprint.pk])),
        ("inputs", reverse("proposals:participation:inputs", args=[blueprint.pk])),
        ("notifications", reverse("proposals:participation:notifications")),
    ]
    for name, url in shots:
        page.goto(url)
        screenshot(page, f"flow-{label}-{name}")
    page.goto(reverse("proposals:participation:workshop_create", args=[blueprint.pk]))
    page.get_by_role("button", name="เลือกวันที่จากปฏิทิน").first.click()
    page.get_by_role("dialog", name="เลือกวันที่จากปฏิทิน").wait_for(state="visible")
    screenshot(page, f"flow-{label}-workshop-form-date-picker")

    reviewer = new_page(*size)
    login(reviewer, "opdc.reviewer")
    from django.contrib.auth import get_user_model

    opdc = get_user_model().objects.get(username="opdc.reviewer")
    submitted = (
        blueprint.__class__.objects.filter(submitted_at__isnull=False).order_by("pk").first()
    )
    ReviewerAssignment.objects.get_or_create(
        blueprint=submitted, reviewer=opdc, defaults={"assigned_by": opdc}
    )
    reviewer.goto(reverse("proposals:review:dashboard"))
    screenshot(reviewer, f"flow-{label}-review-dashboard")
    if label == "phone":
        fixed = _box_scrolls_with_first_column_fixed(reviewer, "table.rv-table")
        assert fixed["wider"] and fixed["scrolled"] > 0 and fixed["pageFits"], fixed
        assert abs(fixed["after"] - fixed["before"]) < 1, fixed
        screenshot(reviewer, f"flow-{label}-review-dashboard-scrolled")
    reviewer.goto(reverse("proposals:review:dashboard") + "?mine=on")
    assert reviewer.locator("table.rv-table tbody tr").count() == 1
    screenshot(reviewer, f"flow-{label}-review-dashboard-mine")
    reviewer.goto(reverse("proposals:review:review", args=[submitted.pk]))
    reviewer.locator("#reviewers").wait_for()
    screenshot(reviewer, f"flow-{label}-review-page")
