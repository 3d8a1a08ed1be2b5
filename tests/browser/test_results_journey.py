"""The results of a quarter, through the real UI in Chromium, in Thai (issue 21).

Chumphon's strategy office opens Q1 of fiscal year 2549 with a due date picked from the
Buddhist-Era calendar. The agriculture office enters its income indicator through the web,
with a Thai note and a photo as evidence; then it downloads its workbook of the quarter,
fills in the GAP indicator and its fruit project with openpyxl, uploads it and sees a row it
may not report refused in Thai; it takes that row out, confirms, and uploading the same file
again changes nothing. The office keys in a paper report of the villages indicator, watches
the board's statuses go from "no data" to on track / at risk / off track (each with its
rule) and downloads the quarterly PDF, whose text is checked with pdftotext and whose pages
are turned into PNG (``test-artifacts/screenshots/results-pdf-*.png``) to be looked at.

The demo's users and action plan are the only preconditions: the office hands the GAP
indicator to the agriculture office through the indicator's form first, because in the demo
only one indicator is the agriculture office's. The clock of the monitoring pages is set to
10 January 2006 (10 ม.ค. 2549): the demo is the plan of 2548–2551, and a quarter of 2549
opened today with a due date in 2549 would be locked at once.

A screenshot of each step lands in test-artifacts/screenshots/results-NN-step.png.
"""

import datetime
import io
import re
import subprocess

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from strategies.thai import thai_digits

from .conftest import SCREENSHOTS, login
from .test_journey import Steps, expect_message, main, menu, squash

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date(2006, 1, 10)
AGRICULTURE = "สำนักงานเกษตรจังหวัดชุมพร"
INCOME = "ร้อยละที่เพิ่มขึ้นของรายได้เฉลี่ยต่อครัวเรือนเกษตรกร"  # 1.1.1, the agriculture office's
GAP = "จำนวนแปลงผลไม้ที่ผ่านการรับรองมาตรฐาน GAP"  # 1.2.1, handed to it below
VILLAGES = "จำนวนหมู่บ้านที่ผ่านเกณฑ์หมู่บ้านเศรษฐกิจพอเพียง"  # 3.1.1, a paper report
FRUIT_PROJECT = "โครงการพัฒนาคุณภาพผลไม้เพื่อการส่งออก (ทุเรียน มังคุด)"  # 1.1.1
INCOME_NOTE = "รายได้ครัวเรือนเกษตรกรเพิ่มขึ้นจากราคามังคุดส่งออกที่สูงขึ้นในช่วงปลายปี"
GAP_NOTE = "ตรวจรับรองแปลงทุเรียนเพิ่ม 50 แปลงในอำเภอหลังสวน"
MILESTONES = "อบรมเกษตรกรผู้ปลูกทุเรียน 3 รุ่น"
VILLAGES_NOTE = "รายงานเป็นหนังสือจากสำนักงานพัฒนาชุมชนจังหวัด"
# The statuses as the board's badges show them: a mark (not colour alone) and the label.
ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "เป็นไปตามแผน", "มีความเสี่ยง", "ไม่เป็นไปตามแผน", "ไม่มีข้อมูล"
BADGES = {ON_TRACK: "● ", AT_RISK: "▲ ", OFF_TRACK: "✕ ", NO_DATA: "○ "}


def badge(row):
    return row.locator(".badge")


@pytest.fixture
def clock(monkeypatch):
    """The monitoring pages' today (one function, ``services.today``) in January 2549."""
    from proposals.monitoring import services

    monkeypatch.setattr(services, "today", lambda: TODAY)


def board_row(page, section_name, text):
    """The row of the board's table of indicators or projects that names ``text``."""
    table = main(page).get_by_role("region", name=section_name, exact=True).get_by_role("table")
    return table.get_by_role("row").filter(has_text=text)


def open_board(page):
    """From the Blueprints list to the province's results, as a user gets there."""
    menu(page, "ข้อเสนอการเปลี่ยนแปลง").click()
    main(page).get_by_role("link", name="ผลการดำเนินงาน").first.click()
    expect(page.locator("h1")).to_contain_text("ผลการดำเนินงาน")


def quarter_row(page):
    periods = main(page).get_by_role("region", name="งวดรายงาน", exact=True)
    return periods.get_by_role("row").filter(has_text="Q1/2549")


def enter_value(page, value, note):
    main(page).get_by_role("spinbutton", name="ผลการดำเนินงาน").fill(value)
    main(page).get_by_role("textbox", name="หมายเหตุ", exact=True).fill(note)
    main(page).get_by_role("button", name="บันทึก", exact=True).click()
    expect_message(page, "บันทึกแล้ว")


def sheet_rows(sheet):
    """Rows of a workbook sheet by their code in column A (below the header rows)."""
    return {row[0].value: row for row in sheet.iter_rows() if row[0].value}


def upload(page, path):
    page.get_by_label("ไฟล์ Excel (.xlsx)").set_input_files(str(path))
    main(page).get_by_role("button", name="อัปโหลดและตรวจ").click()
    page.wait_for_url("**/imports/**")
    expect(page.locator("h1")).to_have_text("ตรวจสอบก่อนนำเข้า")


def test_a_quarter_from_opening_to_the_pdf(demo_data, clock, new_page, tmp_path, settings):
    from proposals.monitoring.models import IndicatorActual, ProjectProgress, ReportingPeriod
    from strategies.models import Indicator

    settings.PDF_THAI_NUMERALS = True
    steps = Steps("results")
    office = new_page()
    login(office, "chumphon.strategy")

    # 0. The office hands the GAP indicator to the agriculture office (the demo gives it one).
    gap = Indicator.objects.get(name=GAP, goal__issue__plan__organisation__code="chumphon")
    office.goto(gap.get_absolute_url())
    main(office).get_by_role("link", name="แก้ไข", exact=True).first.click()
    office.get_by_label("หน่วยงานเจ้าของตัวชี้วัด").select_option(label=AGRICULTURE)
    main(office).get_by_role("button", name="บันทึก", exact=True).click()
    expect_message(office, "บันทึก")
    gap.refresh_from_db()
    assert gap.owner.name == AGRICULTURE

    # 1. The office opens Q1 of 2549: the calendar is in the Buddhist Era.
    open_board(office)
    office.get_by_label("ปีงบประมาณ", exact=True).select_option("2549")
    main(office).get_by_role("button", name="แสดง").click()
    expect(office.locator("h1")).to_contain_text("2549")
    main(office).get_by_role("link", name="เปิดงวดรายงาน").click()
    expect(office.get_by_label("ปีงบประมาณ (พ.ศ.)")).to_have_value("2549")
    expect(office.get_by_label("ไตรมาส")).to_have_value("1")
    due = office.get_by_label("กำหนดส่ง")
    expect(due).to_have_value("15/01/2549")  # two weeks after the quarter, in B.E.
    office.get_by_role("button", name="เลือกวันที่จากปฏิทิน").click()
    calendar = office.get_by_role("dialog", name="เลือกวันที่จากปฏิทิน")
    expect(calendar.locator(".bp-cal-title")).to_have_text("มกราคม 2549")
    calendar.get_by_role("button", name="20 มกราคม 2549").click()
    expect(due).to_have_value("20/01/2549")
    office.get_by_label("ระยะผ่อนผัน (วัน)").fill("5")
    steps.shot(office, "open-quarter")
    main(office).get_by_role("button", name="บันทึก", exact=True).click()
    expect_message(office, "เปิดรับรายงานผลไตรมาส 1 ปีงบประมาณ 2549 แล้ว")
    period = ReportingPeriod.objects.get(province__code="chumphon", fiscal_year=2549, quarter=1)
    assert (period.due_date, period.grace_days) == (datetime.date(2006, 1, 20), 5)
    expect(quarter_row(office)).to_contain_text("เปิด")
    for name in (INCOME, GAP, VILLAGES):
        expect(badge(board_row(office, "ตัวชี้วัด", name))).to_have_text(BADGES[NO_DATA] + NO_DATA)
    steps.shot(office, "quarter-open")

    # 2. The agriculture office enters its income indicator through the web, with evidence.
    agency = new_page()
    login(agency, "chumphon.agriculture")
    open_board(agency)
    expect(agency.locator("h1")).to_contain_text("2549")
    board_row(agency, "ตัวชี้วัด", INCOME).get_by_role("link", name="บันทึก Q1 1.1.1").click()
    expect(agency.locator("h1")).to_contain_text(INCOME)
    enter_value(agency, "3.40", INCOME_NOTE)
    expect(badge(main(agency))).to_have_text(BADGES[ON_TRACK] + ON_TRACK)
    photo = tmp_path / "ภาพถ่ายการประชุมเกษตรกร.png"
    photo.write_bytes(_photo())
    evidence = main(agency).get_by_role("region", name="หลักฐาน")
    evidence.get_by_label("ชื่อเรื่อง").fill("ภาพการประชุมกลุ่มเกษตรกรผู้ส่งออกมังคุด")
    evidence.get_by_label("ไฟล์ (PDF, PNG, JPEG)").set_input_files(str(photo))
    evidence.get_by_role("button", name="แนบไฟล์").click()
    expect_message(agency, "แนบหลักฐานแล้ว")
    link = main(agency).get_by_role("link", name="ภาพการประชุมกลุ่มเกษตรกรผู้ส่งออกมังคุด")
    expect(link).to_be_visible()
    steps.shot(agency, "actual-entered")

    # …then reports the rest in the quarter's workbook, downloaded through the browser.
    main(agency).get_by_role("link", name="กลับไปหน้าผลการดำเนินงาน").click()
    quarter_row(agency).get_by_role("link", name="รายงานผ่านไฟล์ Excel").click()
    with agency.expect_download() as download:
        main(agency).get_by_role("link", name="ดาวน์โหลดไฟล์ Excel").click()
    assert download.value.suggested_filename == "results-chumphon-2549-q1.xlsx"
    downloaded = tmp_path / download.value.suggested_filename
    download.value.save_as(downloaded)
    workbook = openpyxl.load_workbook(downloaded)
    actuals = sheet_rows(workbook["ผลตัวชี้วัด"])
    assert {"1.1.1", "1.2.1"} <= set(actuals) and "3.1.1" not in actuals
    assert actuals["1.1.1"][4].value == 3.4  # what was typed on the web is in the file
    actuals["1.2.1"][4].value = 1250
    actuals["1.2.1"][5].value = GAP_NOTE
    progress = sheet_rows(workbook["ความก้าวหน้าโครงการ"])
    headers = {cell.value: cell.column - 1 for cell in workbook["ความก้าวหน้าโครงการ"][1]}
    fruit = progress["1.1.1"]
    fruit[headers["ร้อยละความก้าวหน้า"]].value = 20
    fruit[headers["ผลสำเร็จตามขั้นตอน"]].value = MILESTONES
    fruit[headers["งบปกติ ก่อหนี้ผูกพัน (บาท)"]].value = 700000
    fruit[headers["งบปกติ เบิกจ่าย (บาท)"]].value = 450000
    # A row that is not the agriculture office's: the community development office's villages.
    sheet = workbook["ผลตัวชี้วัด"]
    sheet.append(["3.1.1", VILLAGES, "หมู่บ้าน", None, 70, None])
    bad_row = sheet.max_row
    with_error = tmp_path / "ผลไตรมาส1-มีแถวผิด.xlsx"
    workbook.save(with_error)

    agency.get_by_label("ไฟล์ Excel (.xlsx)").wait_for()
    upload(agency, with_error)
    refused = main(agency).locator(f"#actuals-row-{bad_row}")
    expect(refused).to_contain_text("รหัส 3.1.1 ไม่ใช่รายการที่หน่วยงานของท่านต้องรายงาน")
    expect(main(agency).get_by_role("alert")).to_contain_text("ต้องแก้ไขปัญหา 1 รายการก่อนจึงจะนำเข้าได้")
    expect(main(agency).get_by_role("button", name="นำเข้าเลย")).to_have_count(0)
    steps.shot(agency, "workbook-row-refused")
    assert not IndicatorActual.objects.filter(indicator=gap, period=period).exists()

    sheet.delete_rows(bad_row)
    corrected = tmp_path / "ผลไตรมาส1.xlsx"
    workbook.save(corrected)
    main(agency).get_by_role("link", name="อัปโหลดไฟล์ที่แก้ไขแล้ว").click()
    upload(agency, corrected)
    expect(main(agency).locator("#actuals-row-" + str(actuals["1.2.1"][0].row))).to_contain_text(
        "1,250"
    )
    expect(main(agency).locator("#progress-row-" + str(fruit[0].row))).to_contain_text(MILESTONES)
    steps.shot(agency, "workbook-preview")
    main(agency).get_by_role("button", name="นำเข้าเลย").click()
    expect_message(agency, "นำเข้าแล้ว: ใหม่ 2 เปลี่ยน 0 ไม่เปลี่ยน 1")
    steps.shot(agency, "workbook-imported")

    quarter_row(agency).get_by_role("link", name="รายงานผ่านไฟล์ Excel").click()
    upload(agency, corrected)
    expect(main(agency).get_by_role("status")).to_contain_text(
        "ไม่มีสิ่งที่ต้องนำเข้า: ทุกแถวในไฟล์ตรงกับที่บันทึกไว้แล้ว"
    )
    expect(main(agency).get_by_role("button", name="นำเข้าเลย")).to_have_count(0)
    steps.shot(agency, "workbook-again-nothing")
    assert IndicatorActual.objects.filter(period=period).count() == 2
    saved = ProjectProgress.objects.get(period=period)
    assert saved.percent_complete == 20 and saved.revisions.count() == 1

    # 3. The office keys in the villages from a paper report and reads the statuses.
    office.reload()
    board_row(office, "ตัวชี้วัด", VILLAGES).get_by_role("link", name="บันทึก Q1 3.1.1").click()
    enter_value(office, "52", VILLAGES_NOTE)
    main(office).get_by_role("link", name="กลับไปหน้าผลการดำเนินงาน").click()
    expected = {
        INCOME: (ON_TRACK, "3.4", "ผลไตรมาส 1 เทียบกับ 3.25 (จาก 3 สู่ค่าเป้าหมายปี 4"),
        GAP: (AT_RISK, "1,250", "ผลไตรมาส 1 เทียบกับ 1,300 (จาก 1,200 สู่ค่าเป้าหมายปี 1,600"),
        VILLAGES: (OFF_TRACK, "52", "ผลไตรมาส 1 เทียบกับ 65 (จาก 60 สู่ค่าเป้าหมายปี 80"),
        "จำนวนครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์": (NO_DATA, "–", "ผลไตรมาส 1 เทียบกับ 3,325"),
    }
    for name, (label, value, rule) in expected.items():
        row = board_row(office, "ตัวชี้วัด", name)
        expect(badge(row)).to_have_text(BADGES[label] + label)
        expect(row).to_contain_text(value)
        expect(row).to_contain_text(rule)
        expect(row).to_contain_text("ค่ายิ่งสูงยิ่งดี ต่ำกว่าไม่เกินร้อยละ 10: มีความเสี่ยง")
    fruit_row = board_row(office, "โครงการ", FRUIT_PROJECT)
    expect(badge(fruit_row)).to_have_text(BADGES[AT_RISK] + AT_RISK)
    expect(fruit_row).to_contain_text("คาดว่าแล้วเสร็จร้อยละ 25 ณ สิ้นไตรมาส 1")
    steps.shot(office, "statuses")

    # 4. The quarterly report: Thai text that can be searched, the figures, numbered pages
    # (the setting for Thai numerals on, as an office that wants them sets it).
    with office.expect_download() as download:
        quarter_row(office).get_by_role("link", name="รายงานรายไตรมาส (PDF)").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename == "results-report-chumphon-2549-q1.pdf"
    reader = PdfReader(str(pdf))
    pages = len(reader.pages)
    # poppler (most viewers' search) for the lines; pypdf reads each table cell whole.
    text = pdftotext(pdf)
    for line in (
        "รายงานผลการดำเนินงานตามแผนปฏิบัติราชการ",
        "ไตรมาสที่ ๑ ปีงบประมาณ พ.ศ. ๒๕๔๙",
        "กำหนดส่ง ๒๐ มกราคม ๒๕๔๙",
        "๓๑ ธันวาคม ๒๕๔๘",
        "รายงานผลการดำเนินงาน ไตรมาสที่ ๑/๒๕๔๙ จังหวัดชุมพร",
    ):
        assert line in text, line
    flat = squash("".join(page.extract_text() for page in reader.pages))
    for needle in (
        INCOME,
        GAP,
        VILLAGES,
        FRUIT_PROJECT,
        INCOME_NOTE,
        thai_digits(GAP_NOTE),
        thai_digits(MILESTONES),
        "เป็นไปตามแผน ๑ ตัวชี้วัด · มีความเสี่ยง ๑ ตัวชี้วัด · ไม่เป็นไปตามแผน ๑ ตัวชี้วัด",
    ):
        assert squash(needle) in flat, needle
    for figures in ("3.4 / 3.25", "1,250 / 1,300", "52 / 65", "- / 3,325", "450,000"):
        assert squash(thai_digits(figures)) in flat, figures
    assert not re.search(r"[0-9]", text.replace("GAP", ""))  # one kind of numeral
    assert (
        pages >= 2 and page_number(pdftotext(pdf, "-layout"), 2) == "-๒-"
    )  # "- ๒ -"; pdftotext drops spaces
    for old in SCREENSHOTS.glob("results-pdf-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "results-pdf")], check=True
    )
    assert len(list(SCREENSHOTS.glob("results-pdf-*.png"))) == pages


def pdftotext(path, *options) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def page_number(text: str, page: int) -> str:
    """The first line of ``page`` (where its number stands), without spaces."""
    lines = [line for line in text.split("\f")[page - 1].splitlines() if line.strip()]
    return "".join(lines[0].split())


def _photo() -> bytes:
    """A small picture (a field and a group of people; not a real photo)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (170, 205, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 320, 80), fill=(150, 190, 230))
    for x in range(40, 300, 50):
        draw.ellipse((x, 110, x + 24, 134), fill=(120, 80, 50))
        draw.rectangle((x + 4, 134, x + 20, 170), fill=(40, 70, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
