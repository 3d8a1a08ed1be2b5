"""Accessibility: axe-core finds no serious or critical WCAG 2.1 A/AA violation on the main
pages, and one whole journey is done with the keyboard alone."""

import io

import openpyxl
import pytest
from django.urls import reverse

from .a11y import blocking, describe, run_axe
from .conftest import PASSWORD, login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def demo_objects():
    from proposals.models import Blueprint, Revision
    from strategies.models import ActionPlan

    plan = ActionPlan.objects.get(organisation__code="chumphon")
    issue = plan.issues.order_by("number").first()
    blueprint = Blueprint.objects.filter(province__code="chumphon").order_by("pk").first()
    numbers = list(
        Revision.objects.filter(blueprint=blueprint, section="changes")
        .order_by("number")
        .values_list("number", flat=True)
    )
    return plan, issue, blueprint, numbers


def workbook_with_errors(path):
    """A goals sheet with one good row and one bad one, for the import preview."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "เป้าประสงค์"
    sheet.append(["รหัสเป้าประสงค์", "เป้าประสงค์", "มิติ"])
    sheet.append(["1.8", "เกษตรกรมีรายได้จากตลาดออนไลน์", "ประสิทธิผล"])
    sheet.append(["1.9", "เป้าประสงค์ที่กรอกมิติผิด", "ความสุข"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def open_import_preview(page, plan, tmp_path):
    page.goto(reverse("excel:plan", args=[plan.pk]))
    page.set_input_files("#id_file", str(workbook_with_errors(tmp_path / "แผน.xlsx")))
    page.click("main form [type=submit]")
    page.wait_for_url("**/excel/imports/**")


def check(page, url, failures, label=None):
    if url is not None:
        page.goto(url)
    found = blocking(run_axe(page))
    if found:
        failures.append(describe(label or url, found))
    return found


def test_main_pages_have_no_serious_violation(demo_data, new_page, tmp_path):
    plan, issue, blueprint, numbers = demo_objects()
    pages = [
        reverse("home"),
        reverse("strategies:plan_list"),
        plan.get_absolute_url(),
        reverse("strategies:plan_cascade", args=[plan.pk]),
        issue.get_absolute_url(),
        issue.goals.first().get_absolute_url(),
        reverse("strategies:policy_list"),
        reverse("proposals:list"),
        blueprint.get_absolute_url(),
        reverse("proposals:section_history", args=[blueprint.pk, "changes"]),
        reverse("proposals:section_diff", args=[blueprint.pk, "changes"])
        + f"?a={numbers[0]}&b={numbers[-1]}",
        reverse("help"),
        reverse("excel:plan", args=[plan.pk]),
        reverse("excel:blueprint", args=[blueprint.pk]),
    ]
    page = new_page()
    login(page, "chumphon.strategy")
    failures = []
    for url in pages:
        check(page, url, failures)

    # A form with errors: every message tied to its field.
    page.goto(reverse("strategies:goal_create", args=[issue.pk]))
    page.fill("#id_number", "")
    page.fill("#id_title", "")
    page.click("main form [type=submit]")
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    described = page.locator("#id_title").get_attribute("aria-describedby") or ""
    error_ids = [i for i in described.split() if "error" in i]
    assert error_ids and page.locator(f"#{error_ids[0]}").inner_text().strip()
    check(page, None, failures, "goal form with errors")

    open_import_preview(page, plan, tmp_path)
    check(page, None, failures, "import preview")

    anonymous = new_page()
    check(anonymous, reverse("login"), failures)
    check(anonymous, reverse("help"), failures, "help (signed out)")
    assert not failures, "\n".join(failures)


def test_other_teams_pages_have_no_serious_violation(demo_data, new_page):
    """Participation, PDF verification and the OPDC review workspace, as they stand."""
    _plan, _issue, blueprint, _numbers = demo_objects()
    page = new_page()
    login(page, "chumphon.strategy")
    failures = []
    for name, args in [
        ("proposals:participation:inbox", []),
        ("proposals:participation:notifications", []),
        ("proposals:participation:hub", [blueprint.pk]),
        ("proposals:participation:workshops", [blueprint.pk]),
        ("proposals:participation:comments", [blueprint.pk]),
        ("proposals:participation:activity", [blueprint.pk]),
        ("proposals:pdf_verify", []),
    ]:
        check(page, reverse(name, args=args), failures)
    reviewer = new_page()
    login(reviewer, "opdc.reviewer")
    for name in (
        "proposals:review:dashboard",
        "proposals:review:exports",
        "proposals:review:clusters",
    ):
        check(reviewer, reverse(name), failures)
    assert not failures, "\n".join(failures)


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim(),
                    href: el.getAttribute('href') || '', name: el.getAttribute('name') || '',
                    outline: style.outlineStyle, shadow: style.boxShadow};
        }"""
    )


def tab_to(page, matches, limit=80):
    """Press Tab until the focused element satisfies ``matches``; fail if it never does."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            assert element["outline"] != "none" or element["shadow"] != "none", (
                f"no visible focus on {element}"
            )
            return element
    raise AssertionError(f"Tab never reached the element (last: {focused(page)})")


def test_a_goal_is_added_with_the_keyboard_alone(demo_data, page):
    from strategies.models import Goal

    plan, issue, _blueprint, _numbers = demo_objects()
    page.goto(reverse("login"))
    skip = tab_to(page, lambda e: e["href"] == "#main")
    assert skip["text"]  # "Skip to main content" is the first stop, and visible when focused
    tab_to(page, lambda e: e["id"] == "id_username")
    page.keyboard.type("chumphon.strategy")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    tab_to(page, lambda e: e["href"] == plan.get_absolute_url())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{plan.get_absolute_url()}")

    tab_to(page, lambda e: e["href"] == issue.get_absolute_url())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{issue.get_absolute_url()}")

    add_goal = reverse("strategies:goal_create", args=[issue.pk])
    tab_to(page, lambda e: e["href"] == add_goal)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{add_goal}")

    # The skip link takes the keyboard straight to the form.
    skip = tab_to(page, lambda e: e["href"] == "#main")
    page.keyboard.press("Enter")
    tab_to(page, lambda e: e["id"] == "id_title")
    page.keyboard.type("เกษตรกรขายผลผลิตผ่านตลาดออนไลน์")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_perspective"
    page.keyboard.press("ArrowDown")  # effectiveness → service quality
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] in ("บันทึก", "Save"))
    screenshot(page, "keyboard-goal-form")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/goal/new/" not in url)

    goal = Goal.objects.get(issue=issue, title="เกษตรกรขายผลผลิตผ่านตลาดออนไลน์")
    assert goal.perspective == "service_quality"
    assert page.get_by_role("alert").first.inner_text().strip()  # "Saved." is announced


def test_a_long_upload_shows_that_it_is_working(demo_data, page, tmp_path):
    """The upload button disables itself, shows a spinner and says so to screen readers."""
    plan, _issue, _blueprint, _numbers = demo_objects()
    login(page, "chumphon.strategy")
    page.goto(reverse("excel:plan", args=[plan.pk]))
    # Keep the page from leaving, to look at it while "the upload runs": a listener on
    # window runs after the app's own (on document) and cancels the real submission.
    page.evaluate("() => window.addEventListener('submit', (e) => e.preventDefault())")
    page.set_input_files("#id_file", str(workbook_with_errors(tmp_path / "แผน.xlsx")))
    page.locator("main form[data-working] [type=submit]").click()
    state = {}
    for _attempt in range(50):
        page.wait_for_timeout(100)
        state = page.evaluate(
            """() => {
                const b = document.querySelector('main form[data-working] [type=submit]');
                return {busy: b.getAttribute('aria-busy'), disabled: b.disabled, text: b.innerText,
                        spinners: b.querySelectorAll('.spinner-border').length,
                        status: document.getElementById('bp-working-status').textContent};
            }"""
        )
        if state["status"]:
            break
    assert state["busy"] == "true" and state["disabled"] and state["spinners"] == 1, state
    assert "กำลังอ่านไฟล์" in state["text"] and "กำลังอ่านไฟล์" in state["status"], state
