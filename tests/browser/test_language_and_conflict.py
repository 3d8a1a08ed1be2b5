"""In the browser: the Thai/English switch, two editors saving the same section, and an
action done with JavaScript turned off."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SAVED = re.compile(r"/blueprints/\d+/#diagnosis-\d+$")  # where a saved row sends you back


def demo_blueprint():
    """Chumphon's demo Blueprint for 2548, open for consultation (editable)."""
    from proposals.models import Blueprint

    return Blueprint.objects.get(province__code="chumphon", fiscal_year=2548)


def second_editor():
    """Another strategy-office editor of Chumphon. The demo has one; people and their roles
    are managed in the Django admin, so this precondition is set up directly."""
    from django.contrib.auth import get_user_model

    from strategies.models import Membership, Organisation, Profile, Role

    user = get_user_model().objects.create_user(
        "chumphon.planner", password=PASSWORD, first_name="มานพ", last_name="วางแผน"
    )
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(code="chumphon"), role=Role.EDITOR
    )
    Profile.objects.create(user=user)
    return user


def test_language_switch_and_the_choice_sticks(demo_data, new_page):
    page = new_page()
    login(page, "chumphon.strategy")
    page.locator(".navbar-nav").get_by_role("link", name="ข้อเสนอการเปลี่ยนแปลง").click()
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "ข้อเสนอการเปลี่ยนแปลง"
    screenshot(page, "language-1-thai")

    page.get_by_label("ภาษา").select_option(label="English")
    page.get_by_role("button", name="เปลี่ยน", exact=True).click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url.endswith("/blueprints/")  # the same page…
    assert page.locator("h1").inner_text() == "Blueprints for Change"  # …now in English
    assert page.get_by_label("Language").input_value() == "en"
    screenshot(page, "language-2-english")

    # The next page is in English too; the content stays as it was written (Thai).
    # (the list names each Blueprint by its issue number and short title, in the UI's language)
    page.locator("main").get_by_role("link", name=re.compile(r"^Issue 1 · ")).first.click()
    expect(page.get_by_role("heading", name="Workflow")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("h1")).to_contain_text("ประเด็นยุทธศาสตร์ที่ 1")
    screenshot(page, "language-3-next-page")

    # The choice is kept on the profile: signing in from another browser, it is English.
    elsewhere = new_page()
    login(elsewhere, "chumphon.strategy")
    assert elsewhere.locator("html").get_attribute("lang") == "en"
    assert elsewhere.locator(".navbar-nav").get_by_role("link", name="Blueprints").is_visible()


def test_second_save_of_the_same_section_gets_the_conflict_not_an_overwrite(demo_data, new_page):
    blueprint = demo_blueprint()
    second_editor()
    first, second = new_page(), new_page()
    login(first, "chumphon.strategy")
    login(second, "chumphon.planner")
    for page in (first, second):  # both open the diagnosis form
        page.goto(blueprint.get_absolute_url())
        page.locator("#section-diagnosis").get_by_role("link", name="แก้ไข").click()
        page.get_by_label("สภาพปัจจุบัน", exact=True).wait_for()

    theirs = "ผลผลิตทุเรียนปี 2548 ลดลงร้อยละ 12 เพราะภัยแล้ง"
    mine = "เกษตรกรรวมกลุ่มขายผ่านสหกรณ์แล้ว 35 กลุ่ม"
    first.get_by_label("สภาพปัจจุบัน", exact=True).fill(theirs)
    first.get_by_role("button", name="บันทึก", exact=True).click()
    first.wait_for_url(SAVED)
    screenshot(first, "conflict-1-first-saved")

    second.get_by_label("สภาพปัจจุบัน", exact=True).fill(mine)
    second.get_by_role("button", name="บันทึก", exact=True).click()
    conflict = second.locator(".bp-conflict")
    conflict.get_by_role("heading", name="มีผู้อื่นบันทึกระหว่างที่คุณกำลังแก้ไข").wait_for()
    screenshot(second, "conflict-2-second-told")
    # Nothing overwritten: the saved text is the first editor's…
    diagnosis = blueprint.diagnosis
    diagnosis.refresh_from_db()
    assert diagnosis.current_situation == theirs
    # …shown beside the second editor's, which is still in the form.
    expect(conflict.locator("#theirs-current_situation")).to_have_text(theirs)
    expect(conflict).to_contain_text(mine)
    assert second.get_by_label("สภาพปัจจุบัน", exact=True).input_value() == mine

    # The second editor takes their text into the form, adds back their own and saves again.
    conflict.get_by_role("button", name="ใช้ข้อความของอีกคนในแบบฟอร์มของฉัน").click()
    field = second.get_by_label("สภาพปัจจุบัน", exact=True)
    assert field.input_value() == theirs
    field.fill(f"{field.input_value()}\n{mine}")
    second.get_by_role("button", name="บันทึก", exact=True).click()
    second.wait_for_url(SAVED)
    expect(second.get_by_role("alert").filter(has_text="บันทึกแล้ว")).to_be_visible()
    expect(second.locator("#section-diagnosis")).to_contain_text(theirs)
    expect(second.locator("#section-diagnosis")).to_contain_text(mine)
    diagnosis.refresh_from_db()
    assert diagnosis.current_situation.replace("\r\n", "\n") == f"{theirs}\n{mine}"
    screenshot(second, "conflict-3-merged")


def test_comment_posted_and_resolved_without_javascript(demo_data, browser, live_server):
    from proposals.participation.models import Comment

    blueprint = demo_blueprint()
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="th-TH"
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        login(page, "chumphon.viewer")  # a viewer may comment, not edit
        page.goto(blueprint.get_absolute_url())
        page.locator("#section-risks").get_by_role("link", name="ความคิดเห็น").click()
        body = "มาตรการรับมือพายุควรระบุงบประมาณสำรองด้วย"
        page.get_by_label("ความเห็น").fill(body)
        page.get_by_role("button", name="ส่งความคิดเห็น").click()
        page.wait_for_url(re.compile(r"#comment-\d+$"))  # a plain POST and redirect
        expect(page.get_by_role("alert").filter(has_text="บันทึกความคิดเห็นแล้ว")).to_be_visible()
        thread = page.locator("article.bp-thread").filter(has_text=body)
        expect(thread).to_be_visible()
        comment = Comment.objects.get(blueprint=blueprint, body=body)
        assert comment.section == "risks" and comment.author.username == "chumphon.viewer"

        thread.get_by_role("textbox", name="ตอบ").fill("เห็นด้วย จะเพิ่มในร่างถัดไป")
        thread.get_by_role("button", name="ตอบ").click()
        expect(page.get_by_role("alert").filter(has_text="บันทึกคำตอบแล้ว")).to_be_visible()
        expect(thread).to_contain_text("เห็นด้วย จะเพิ่มในร่างถัดไป")
        thread.get_by_role("button", name="ได้ข้อยุติ").click()
        expect(thread).to_contain_text("ได้ข้อยุติแล้ว")
        comment.refresh_from_db()
        assert comment.is_resolved and comment.replies.count() == 1
        screenshot(page, "nojs-comment-resolved")
    finally:
        context.close()
