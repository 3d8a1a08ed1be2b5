"""Every main page is usable on a phone (375 px wide): nothing wider than the screen, the menu
opens, and screenshots at phone and desktop widths land in test-artifacts/screenshots/."""

import pytest
from django.urls import reverse

from .a11y import blocking, describe, run_axe
from .conftest import login, screenshot
from .test_a11y import demo_objects, open_import_preview

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = (375, 812)
DESKTOP = (1280, 900)
TOLERANCE = 2  # px: sub-pixel rounding


def overflow(page) -> dict:
    """How much wider than the viewport the page is, and the widest culprits."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const culprits = [];
            for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 2 && !el.closest('.table-responsive, pre, code')) {
                    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
                    culprits.push(name + '.' + [...el.classList].join('.') + ' → ' +
                                  Math.round(box.right));
                }
            }
            return {scroll: document.documentElement.scrollWidth, width: width,
                    culprits: culprits.slice(0, 8)};
        }"""
    )


def test_main_pages_fit_a_phone(demo_data, new_page, tmp_path):
    plan, issue, blueprint, numbers = demo_objects()
    pages = {
        "home": reverse("home"),
        "plan-list": reverse("strategies:plan_list"),
        "plan": plan.get_absolute_url(),
        "cascade-check": reverse("strategies:plan_cascade", args=[plan.pk]),
        "issue": issue.get_absolute_url(),
        "goal-form": reverse("strategies:goal_create", args=[issue.pk]),
        "indicator-form": reverse("strategies:indicator_create", args=[issue.goals.first().pk]),
        "blueprint-list": reverse("proposals:list"),
        "blueprint": blueprint.get_absolute_url(),
        "history": reverse("proposals:section_history", args=[blueprint.pk, "changes"]),
        "compare": reverse("proposals:section_diff", args=[blueprint.pk, "changes"])
        + f"?a={numbers[0]}&b={numbers[-1]}",
        "help": reverse("help"),
        "excel": reverse("excel:plan", args=[plan.pk]),
        "excel-blueprint": reverse("excel:blueprint", args=[blueprint.pk]),
        "inbox": reverse("proposals:participation:inbox"),
        "activity": reverse("proposals:participation:activity", args=[blueprint.pk]),
        "comments": reverse("proposals:participation:comments", args=[blueprint.pk]),
        "workshops": reverse("proposals:participation:workshops", args=[blueprint.pk]),
        "inputs": reverse("proposals:participation:inputs", args=[blueprint.pk]),
    }
    page = new_page(*PHONE)
    login(page, "chumphon.strategy")
    too_wide = []
    for name, url in pages.items():
        page.goto(url)
        measured = overflow(page)
        if measured["scroll"] > PHONE[0] + TOLERANCE:
            too_wide.append(f"{name} ({url}): {measured}")
    open_import_preview(page, plan, tmp_path)
    measured = overflow(page)
    if measured["scroll"] > PHONE[0] + TOLERANCE:
        too_wide.append(f"import preview: {measured}")
    assert not too_wide, "\n".join(too_wide)

    # At phone width, the preview still passes axe (contrast of collapsed elements included).
    found = blocking(run_axe(page))
    assert not found, describe("import preview at 375 px", found)


def test_the_desk_is_compact_on_a_phone(demo_data, new_page):
    """Each Blueprint on the office's desk is its name, then status, deadline and what
    blocks it, all in view at 375 px — not a four-column row a word wide and scrolled."""
    page = new_page(*PHONE)
    login(page, "chumphon.strategy")
    page.goto(reverse("home"))
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.bp-desk-table tbody tr')].map(tr => ({
            height: tr.getBoundingClientRect().height,
            right: Math.max(...[...tr.cells].map(td => td.getBoundingClientRect().right)),
            name: tr.querySelector('.bp-desk-name').getBoundingClientRect().width,
        }))"""
    )
    assert rows, "the desk lists the province's open Blueprints"
    for row in rows:
        assert row["right"] <= PHONE[0] + TOLERANCE  # nothing scrolled out of view
        assert row["name"] > PHONE[0] * 0.8  # the name has the whole width
        assert row["height"] < 190, row  # 3 lines of name and 1–2 of the rest
    screenshot(page, "desk-375")


def test_the_menu_opens_on_a_phone(demo_data, new_page):
    page = new_page(*PHONE)
    login(page, "chumphon.strategy")
    menu = page.locator("#main-nav")
    assert not menu.is_visible()
    toggler = page.locator(".navbar-toggler")
    assert toggler.get_attribute("aria-expanded") == "false"
    toggler.focus()
    page.keyboard.press("Enter")
    menu.wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="วิธีใช้", exact=True).is_visible()


@pytest.mark.parametrize(("label", "size"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(demo_data, new_page, tmp_path, label, size):
    plan, _issue, blueprint, _numbers = demo_objects()
    page = new_page(*size)
    login(page, "chumphon.strategy")
    for name, url in [
        ("home", reverse("home")),
        ("plan", plan.get_absolute_url()),
        ("blueprint", blueprint.get_absolute_url()),
        ("help", reverse("help")),
    ]:
        page.goto(url)
        screenshot(page, f"{label}-{name}")
    open_import_preview(page, plan, tmp_path)
    screenshot(page, f"{label}-import-preview")
