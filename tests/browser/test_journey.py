"""The whole journey of a Blueprint, through the real UI in Chromium, in Thai.

The strategy office of Chumphon creates a Blueprint and assigns a section to the agriculture
office, which submits an input; the office accepts it, records a workshop with attendance
and minutes, resolves a comment of the agriculture office, completes the Blueprint and takes
it through consultation, provincial review and the governor's approval to OPDC. OPDC scores
it against the rubric and returns it with a reason; the office revises and submits again;
OPDC accepts it and downloads the PDF, whose text holds the title and the Thai content.

The Blueprint is a new one (issue 1, fiscal year 2550), not a demo Blueprint: its goals,
indicators and projects come from the demo action plan (complete for issue 1), and every
part the completeness check asks for — diagnosis, a change proposal, readiness in the three
capitals, a risk, a success factor — is filled here through the forms, the change proposal
by the agriculture office's input. Nothing is set up through services: the demo users and
the action plan are the only preconditions.

A screenshot of each step lands in test-artifacts/screenshots/journey-NN-step.png.
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import SCREENSHOTS, login

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "ข้อเสนอการเปลี่ยนแปลงผลไม้ชุมพรคุณภาพส่งออก ปีงบประมาณ 2550"
CHANGE_TITLE = "ตรวจรับรองแปลงผลไม้ตามมาตรฐาน GAP แบบเคลื่อนที่ในทุกอำเภอ"
SITUATION = "เกษตรกรชาวสวนทุเรียนและมังคุดขายผลผลิตสดผ่านพ่อค้าคนกลาง ได้ราคาต่ำในช่วงผลผลิตออกมาก"
SITUATION_REVISED = SITUATION + " ปี 2549 มีแปลงที่ได้รับรองมาตรฐาน GAP เพียง 1,600 แปลง"
RETURN_REASON = "สภาพปัจจุบันยังไม่มีข้อมูลเชิงปริมาณ กรุณาระบุจำนวนแปลงที่ได้รับรองมาตรฐาน"
GOVERNOR = "นายปกครอง ธรรมาภิบาล"  # the governor in Chumphon's record (strategies.demo.cascade)
AGRICULTURE = "สำนักงานเกษตรจังหวัดชุมพร"
WORKSHOP = "ประชุมระดมสมองประเด็นผลไม้คุณภาพ"
SCORE_60 = re.compile(r"\b60(\.0+)?\s*/\s*100")


def squash(text: str) -> str:
    """PDF text compared as it was typed: only whitespace removed (lines break between Thai
    words), no Unicode normalisation."""
    return re.sub(r"\s+", "", text)


class Steps:
    """Numbered screenshots: journey-01-…, journey-02-… (or another prefix), each of the
    page's top 2,400 px (a whole Blueprint page is ten times as long and slow to capture)."""

    def __init__(self, prefix="journey"):
        self.prefix = prefix
        self.number = 0

    def shot(self, page, name):
        self.number += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # A click that navigates may still be loading the next page on a busy machine (CI
        # runs the suite on both cores): without a document there is nothing to measure.
        page.wait_for_load_state("load")
        scroll = "document.documentElement ? document.documentElement.scrollHeight : 0"
        height = page.evaluate(scroll)
        if not height:  # the new document had no root element yet
            page.wait_for_function(scroll)
            height = page.evaluate(scroll)
        height = min(height, 2400)
        page.screenshot(
            path=str(SCREENSHOTS / f"{self.prefix}-{self.number:02d}-{name}.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height},
        )


def menu(page, name):
    """A link of the main navigation (the brand link has the same name as the Blueprints')."""
    return page.locator(".navbar-nav").get_by_role("link", name=name, exact=True)


def main(page):
    return page.locator("main")


def section(page, key):
    return page.locator(f"#section-{key}")


def click_button(page, name, timeout=None):
    main(page).get_by_role("button", name=name, exact=True).click(timeout=timeout)


def save(page):
    click_button(page, "บันทึก")


def expect_message(page, text):
    """Wait for the flash message of the page the last action led to."""
    page.get_by_role("alert").filter(has_text=text).first.wait_for()


def expect_status(page, label):
    """Wait for "Done: the Blueprint is now “<label>”" after a workflow step."""
    expect_message(page, f"“{label}”")


def take_step(page, name):
    """A workflow step offered as a button or as a link to its form on the Blueprint page."""
    workflow = page.locator("section[aria-labelledby=workflow-h]")
    step = workflow.get_by_role("button", name=name, exact=True)
    if step.count() == 0:
        step = workflow.get_by_role("link", name=name, exact=True)
    step.click()


def open_review_from_dashboard(page):
    """OPDC's national dashboard, filtered to submissions of 2550, to the review page."""
    filters = page.get_by_role("search")
    filters.get_by_label("ปีงบประมาณ").select_option("2550")
    filters.get_by_label("สถานะ").select_option(label="ส่งสำนักงาน ก.พ.ร. แล้ว")
    filters.get_by_role("button", name="กรอง").click()
    page.wait_for_url(re.compile(r"fy=2550"))
    main(page).get_by_role("link", name="1. การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน").click()
    expect(page.locator("h1")).to_have_text(TITLE)


def consult_review_approve_submit(page, steps, edition):
    take_step(page, "เปิดรับฟังความเห็น")
    expect_status(page, "รับฟังความเห็นส่วนราชการ")
    take_step(page, "ส่งให้จังหวัดพิจารณา")
    expect_status(page, "จังหวัดพิจารณา")
    take_step(page, "บันทึกการเห็นชอบของผู้ว่าราชการจังหวัด")
    # The governor comes from the province's record: shown, not typed.
    expect(page.locator("#governor")).to_contain_text(GOVERNOR)
    page.get_by_label("วันที่ให้ความเห็นชอบ").fill("20/01/2550" if edition == 1 else "20/02/2550")
    steps.shot(page, f"approve-form-v{edition}")
    click_button(page, "บันทึกการเห็นชอบของผู้ว่าราชการจังหวัด")
    expect_status(page, "ผู้ว่าราชการจังหวัดเห็นชอบแล้ว")
    take_step(page, "ส่งสำนักงาน ก.พ.ร.")
    # The covering letter goes with it: the number is the office's; the governor signs.
    page.locator("#id_letter-document_number").fill(f"ชพ ๐๐๑๗/{edition}")
    # Submitting renders and archives the submission's PDF and its letter before the next
    # page: a few seconds on a quiet machine, over the 15 s default on a loaded CI runner.
    click_button(page, "ส่งสำนักงาน ก.พ.ร.", timeout=90_000)
    expect_status(page, "ส่งสำนักงาน ก.พ.ร. แล้ว")
    steps.shot(page, f"submitted-v{edition}")


def test_blueprint_from_creation_to_accepted_pdf(demo_data, new_page, tmp_path):
    from proposals.models import Blueprint, BlueprintStatus

    steps = Steps()
    office = new_page()
    login(office, "chumphon.strategy")

    # 1. The strategy office creates the Blueprint for strategic issue 1, fiscal year 2550.
    menu(office, "ข้อเสนอการเปลี่ยนแปลง").click()
    main(office).get_by_role("link", name="สร้างข้อเสนอการเปลี่ยนแปลง").click()
    office.get_by_label("ประเด็นยุทธศาสตร์").select_option(
        label="จังหวัดชุมพร 2548–2551: 1. การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน"
    )
    office.get_by_label("ปีงบประมาณ").fill("2550")
    office.get_by_label("ชื่อเรื่อง").fill(TITLE)
    click_button(office, "สร้าง")
    expect_message(office, "สร้างข้อเสนอการเปลี่ยนแปลงแล้ว")
    expect(office.locator("h1")).to_have_text(TITLE)
    blueprint_url = office.url.split("#")[0]
    steps.shot(office, "created")

    # 2. …and hands the change proposals section to the agriculture office.
    section(office, "changes").get_by_role("link", name="มอบหมาย").click()
    office.get_by_label("มอบหมายให้").select_option(label=AGRICULTURE)
    office.get_by_label("กำหนดส่ง").fill("31/01/2550")
    office.get_by_label("คำชี้แจงถึงหน่วยงาน").fill("กรุณาเสนอประเด็นการเปลี่ยนแปลงด้านมาตรฐานผลไม้")
    save(office)
    expect_message(office, "บันทึกการมอบหมายแล้ว")
    assert AGRICULTURE in section(office, "changes").inner_text()
    steps.shot(office, "assigned")

    # 3. The agriculture office drafts an input to its section and submits it…
    agency = new_page()
    login(agency, "chumphon.agriculture")
    agency.goto(blueprint_url)
    main(agency).get_by_role("link", name="การมีส่วนร่วม").click()
    main(agency).get_by_role("button", name="จัดทำข้อเสนอ").click()
    main(agency).get_by_role("link", name="+ ประเด็นการเปลี่ยนแปลง").click()
    agency.get_by_label("ประเภท").select_option(label="การปรับปรุงประสิทธิภาพ")
    agency.get_by_label("การเปลี่ยนแปลง", exact=False).first.fill(CHANGE_TITLE)
    agency.get_by_label("ช่องว่างที่จะปิด").fill("การตรวจรับรองใช้เวลานาน เกษตรกรส่งออกไม่ทันฤดูกาล")
    agency.get_by_label("ผลที่คาดว่าจะได้รับ").fill("แปลงที่ผ่านการรับรองเพิ่มเป็น 2,000 แปลง")
    agency.get_by_label("หน่วยงานรับผิดชอบ").select_option(label=AGRICULTURE)
    agency.get_by_label("ตั้งแต่ปีงบประมาณ").select_option("2550")
    agency.get_by_label("ถึงปีงบประมาณ").select_option("2551")
    click_button(agency, "เพิ่มในข้อเสนอของหน่วยงาน")
    expect_message(agency, "เพิ่มในข้อเสนอของหน่วยงานแล้ว")
    expect(main(agency).locator(".bp-input-item")).to_contain_text(CHANGE_TITLE)
    agency.get_by_label("หมายเหตุถึงสำนักงานบริหารยุทธศาสตร์").fill("เสนอจากการประชุมเกษตรกร")
    click_button(agency, "ส่งให้สำนักงานบริหารยุทธศาสตร์")
    expect_message(agency, "ส่งให้สำนักงานบริหารยุทธศาสตร์แล้ว")
    steps.shot(agency, "input-submitted")

    # …and comments on the diagnosis section.
    agency.goto(blueprint_url)
    section(agency, "diagnosis").get_by_role("link", name="ความคิดเห็น").click()
    agency.get_by_label("ความเห็น").fill("ขอให้ระบุราคาผลไม้ที่เกษตรกรขายได้ในสภาพปัจจุบันด้วย")
    click_button(agency, "ส่งความคิดเห็น")
    thread = agency.locator("article.bp-thread").filter(has_text="ราคาผลไม้ที่เกษตรกรขายได้")
    thread.wait_for()
    steps.shot(agency, "comment-posted")

    # 4. The office accepts the input: the change proposal is in the Blueprint.
    office.goto(blueprint_url)
    main(office).get_by_role("link", name="การมีส่วนร่วม").click()
    main(office).get_by_role("link", name=f"{AGRICULTURE} → ประเด็นการเปลี่ยนแปลง").click()
    steps.shot(office, "input-to-decide")
    click_button(office, "รับและรวมเข้าข้อเสนอการเปลี่ยนแปลง")
    expect_message(office, "รวมข้อเสนอเข้าข้อเสนอการเปลี่ยนแปลงแล้ว")
    assert CHANGE_TITLE in section(office, "changes").inner_text()
    assert "รับแล้ว" in section(office, "changes").locator(".card-header").inner_text()
    steps.shot(office, "input-accepted")

    # 5. The office records a workshop with its minutes and takes attendance.
    main(office).get_by_role("link", name="การประชุมระดมสมอง", exact=True).click()
    main(office).get_by_role("link", name="+ บันทึกการประชุมระดมสมอง").click()
    office.get_by_label("ชื่อเรื่อง").fill(WORKSHOP)
    office.locator("input[name=date]").fill("12/01/2550")
    office.get_by_label("เวลาเริ่มประชุม").fill("09:30")
    office.get_by_label("เวลาเลิกประชุม").fill("12:00")
    office.get_by_label("สถานที่").fill("ห้องประชุมศาลากลางจังหวัดชุมพร")
    office.get_by_label("วาระการประชุม").fill("1. สภาพปัจจุบันของผลไม้ส่งออก")
    office.get_by_label("รายงานการประชุม").fill("ที่ประชุมเห็นควรเร่งการตรวจรับรองแปลง GAP")
    save(office)
    expect_message(office, "บันทึกการประชุมแล้ว")
    expect(main(office)).to_contain_text("ที่ประชุมเห็นควรเร่งการตรวจรับรองแปลง GAP")
    click_button(office, "เชิญทุกหน่วยงานที่ร่วมจัดทำ")
    expect_message(office, "เชิญหน่วยงานแล้ว 1 หน่วยงาน")
    row = office.locator("#invitees tbody tr").filter(has_text=AGRICULTURE)
    row.get_by_role("button", name="เข้าประชุม").click()
    row.get_by_role("button", name="เข้าประชุม", pressed=True).wait_for()
    counts = office.locator("#attendance-counts tbody tr").filter(has_text=AGRICULTURE)
    expect(counts.locator("td").first).to_have_text("1")  # the counts, updated in place
    expect(office.locator("#invitees tbody tr")).to_have_count(1)  # and nothing spilt over
    steps.shot(office, "workshop")

    # 6. The office completes the diagnosis (answering the comment) and resolves the thread.
    office.goto(blueprint_url)
    section(office, "diagnosis").get_by_role("link", name="แก้ไข").click()
    diagnosis = {
        "สภาพปัจจุบัน": SITUATION + " ราคาทุเรียนหน้าสวนเฉลี่ยกิโลกรัมละ 25 บาท",
        "สภาพที่พึงประสงค์": "ผลไม้ชุมพรได้มาตรฐานส่งออกและจำหน่ายผ่านตลาดกลาง",
        "ช่องว่าง": "แปลงที่ได้รับรองมาตรฐานยังน้อยกว่าความต้องการของตลาด",
        "สาเหตุ": "เจ้าหน้าที่ตรวจรับรองมีน้อย",
        "จุดแข็ง": "ผลไม้ชุมพรมีชื่อเสียง",
        "จุดอ่อน": "ขาดโรงคัดบรรจุ",
        "โอกาส": "ตลาดจีนต้องการผลไม้เพิ่มขึ้น",
        "อุปสรรค": "ราคาผันผวนตามตลาดโลก",
    }
    for label, text in diagnosis.items():
        office.get_by_label(label, exact=True).fill(text)
    save(office)
    expect_message(office, "บันทึกแล้ว")
    section(office, "diagnosis").get_by_role("link", name="ความคิดเห็น").click()
    thread = office.locator("article.bp-thread").filter(has_text="ราคาผลไม้ที่เกษตรกรขายได้")
    thread.get_by_role("button", name="ได้ข้อยุติ").click()
    thread.get_by_text("ได้ข้อยุติแล้ว").wait_for()
    steps.shot(office, "comment-resolved")

    # 7. The rest of what the completeness check asks for, through the section forms.
    readiness = [
        ("ทุนมนุษย์", "ผู้ตรวจประเมินมาตรฐาน GAP เพิ่ม 10 คน"),
        ("ทุนสารสนเทศ", "ฐานข้อมูลแปลงปลูกที่ทุกอำเภอใช้ร่วมกัน"),
        ("ทุนองค์การ", "คณะทำงานบูรณาการระหว่างส่วนราชการ"),
    ]
    for capital, requirement in readiness:
        office.goto(blueprint_url)
        section(office, "readiness").get_by_role("link", name=f"+ เพิ่มใน{capital}").click()
        office.get_by_label("สิ่งที่ต้องมี").fill(requirement)
        save(office)
        expect_message(office, "บันทึกแล้ว")
    section(office, "risks").get_by_role("link", name="+ เพิ่มความเสี่ยง").click()
    office.get_by_role("textbox", name="ความเสี่ยง").fill("ราคาผลไม้ตกต่ำในช่วงผลผลิตออกมาก")
    office.get_by_label("โอกาสเกิด").select_option(label="สูง")
    office.get_by_label("ผลกระทบ").select_option(label="สูง")
    office.get_by_label("มาตรการจัดการ").fill("ทำข้อตกลงซื้อขายล่วงหน้ากับผู้ส่งออก")
    save(office)
    expect_message(office, "บันทึกแล้ว")
    section(office, "success_factors").get_by_role("link", name="+ เพิ่มปัจจัยแห่งความสำเร็จ").click()
    office.get_by_role("textbox", name="ปัจจัยแห่งความสำเร็จ").fill(
        "ผู้ว่าราชการจังหวัดติดตามความก้าวหน้าทุกเดือน"
    )
    save(office)
    expect_message(office, "บันทึกแล้ว")
    office.goto(blueprint_url)
    expect(office.locator("#completeness")).to_contain_text("ไม่มีสิ่งใดติดขัด")
    steps.shot(office, "complete")

    # 8. Consultation → provincial review → governor's approval → submission to OPDC.
    consult_review_approve_submit(office, steps, edition=1)
    blueprint = Blueprint.objects.get(title=TITLE)
    assert blueprint.status == BlueprintStatus.SUBMITTED and blueprint.edition == 1

    # 9. OPDC scores the submission against the rubric and returns it with a reason.
    reviewer = new_page()
    login(reviewer, "opdc.reviewer")
    menu(reviewer, "งานพิจารณาของ ก.พ.ร.").click()
    open_review_from_dashboard(reviewer)
    steps.shot(reviewer, "review")
    rubric = reviewer.locator("#rubric")
    criteria = rubric.locator("fieldset")
    assert criteria.count() >= 8
    for index in range(criteria.count()):
        criteria.nth(index).get_by_role("radio", name=re.compile(r"^3 — ")).check()
    rubric.get_by_role("button", name="บันทึกคะแนน").click()
    expect_message(reviewer, "บันทึกคะแนนแล้ว")
    assert SCORE_60.search(rubric.inner_text())  # level 3 of 5 on every criterion
    decision = reviewer.locator("#decision")
    decision.get_by_label("ส่งกลับให้ปรับปรุง").check()
    decision.get_by_label("เหตุผล", exact=False).fill(RETURN_REASON)
    steps.shot(reviewer, "review-scored")
    decision.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    expect_status(reviewer, "ส่งกลับให้ปรับปรุง")
    steps.shot(reviewer, "returned")

    # 10. The office reads the reason, starts a revised version, answers and resubmits.
    office.goto(blueprint_url)
    returned = main(office).get_by_role("status").filter(has_text="สำนักงาน ก.พ.ร. ส่งกลับ")
    assert RETURN_REASON in returned.inner_text()  # the reason, on the Blueprint itself
    returned.get_by_role("link", name="ดูคะแนนและข้อสังเกตในประวัติการพิจารณา").click()
    office.wait_for_url("**/history/")
    history = main(office).inner_text()
    assert RETURN_REASON in history and SCORE_60.search(history)  # the score, once decided
    steps.shot(office, "returned-seen")
    office.goto(blueprint_url)
    take_step(office, "เริ่มฉบับปรับปรุง")
    expect_status(office, "ร่าง")
    section(office, "diagnosis").get_by_role("link", name="แก้ไข").click()
    office.get_by_label("สภาพปัจจุบัน", exact=True).fill(SITUATION_REVISED)
    save(office)
    expect_message(office, "บันทึกแล้ว")
    consult_review_approve_submit(office, steps, edition=2)

    # 11. OPDC sees what changed, accepts, and downloads the PDF.
    menu(reviewer, "งานพิจารณาของ ก.พ.ร.").click()
    open_review_from_dashboard(reviewer)
    expect(reviewer.locator("h1 ~ .badge").filter(has_text="ฉบับที่")).to_have_text("ฉบับที่ 2")
    assert "1,600" in " ".join(reviewer.locator("#review-diagnosis ins").all_inner_texts())
    decision = reviewer.locator("#decision")
    decision.get_by_label("รับข้อเสนอการเปลี่ยนแปลง").check()
    decision.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    expect_status(reviewer, "สำนักงาน ก.พ.ร. รับแล้ว")
    steps.shot(reviewer, "accepted")
    with reviewer.expect_download() as download:
        main(reviewer).get_by_role("link", name="PDF", exact=True).first.click()
    pdf_path = tmp_path / "blueprint.pdf"
    download.value.save_as(pdf_path)

    blueprint.refresh_from_db()
    assert blueprint.status == BlueprintStatus.ACCEPTED and blueprint.edition == 2
    content = pdf_path.read_bytes()
    assert content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(content)).pages
    text = squash("".join(page.extract_text() or "" for page in pages))
    for needle in (TITLE, CHANGE_TITLE, SITUATION_REVISED, GOVERNOR, WORKSHOP):
        assert squash(needle) in text, needle
