"""The quarterly progress report: a Thai official PDF with the quarter's figures and
statuses, for whoever may read the period, and only what they may read."""

import datetime
import io
import subprocess
from decimal import Decimal

from django.urls import reverse

from proposals.monitoring import services
from proposals.monitoring.models import ReportingPeriod
from tests import factories

FAR = datetime.date(2099, 1, 1)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_report_prints_the_quarter_in_thai(world, chain, client_for, tmp_path):
    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=FAR
    )
    services.actual_save(
        user=world.contributor,
        indicator=chain["indicator"],
        period=period,
        value=Decimal("4321.5"),
        note="จากทะเบียนเกษตรกร",
    )
    response = client_for(world.viewer).get(
        reverse("proposals:monitoring:report", args=[period.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 1
    text = pdf_text(response.content, tmp_path)
    assert "รายงานผลการดำเนินงาน" in text and "ไตรมาสที่ 1" in text
    assert "4,321.5" in text and "ร้อยละที่" in text
    assert (
        "ไม่มีข้อมูล" in text or "เป็นไปตามแผน" in text or "ไม่เป็นไปตามแผน" in text or "มีความเสี่ยง" in text
    )
    assert "1 ต.ค. 2547" in text or "1 ตุลาคม 2547" in text  # Buddhist Era dates


def test_opdc_gets_a_locked_quarter_without_the_issues_never_submitted(
    world, chain, client_for, submitted_blueprint, tmp_path
):
    hidden = factories.IndicatorFactory(
        goal=factories.GoalFactory(
            issue=factories.StrategicIssueFactory(plan=world.plan, number=2), number=1
        ),
        number=1,
        name="ตัวชี้วัดลับยังไม่ส่ง",
    )
    assert hidden.pk
    locked = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=2, due_date=datetime.date(2005, 4, 15)
    )
    response = client_for(world.reviewer).get(
        reverse("proposals:monitoring:report", args=[locked.pk])
    )
    assert response.status_code == 200
    assert "ตัวชี้วัดลับยังไม่ส่ง" not in pdf_text(response.content, tmp_path)
    open_period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=FAR
    )
    assert (
        client_for(world.reviewer)
        .get(reverse("proposals:monitoring:report", args=[open_period.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(world.stranger)
        .get(reverse("proposals:monitoring:report", args=[locked.pk]))
        .status_code
        == 404
    )


def test_thai_numerals_number_the_pages_and_the_running_head_too(world, chain, tmp_path):
    """One kind of numeral throughout: with the setting on, the page numbers ("- ๒ -") and
    the running head at the foot are in Thai digits like the figures; a date never breaks
    across lines (the quarter's end date is on one line)."""
    from proposals.monitoring import access, report

    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=FAR
    )
    for number in range(2, 12):  # enough indicators for a second page
        factories.IndicatorFactory(goal=chain["indicator"].goal, number=number)
    context = report.report_context(
        world.editor, period, access.rights_for(world.editor, world.province), today=FAR
    )
    pages = report.render_pdf(context, thai_numerals=True)
    assert pages.pages >= 2
    text = pdf_text(pages.content, tmp_path)
    assert page_number(text, 2) == "-๒-"  # "- ๒ -" as drawn; pdftotext drops the spaces
    assert "ไตรมาสที่ ๑/๒๕๔๘" in text and "ไตรมาสที่ 1/2548" not in text
    assert "๓๑ ธันวาคม ๒๕๔๗" in text
    arabic = pdf_text(report.render_pdf(context, thai_numerals=False).content, tmp_path)
    assert page_number(arabic, 2) == "-2-" and "๒" not in arabic


def page_number(text: str, page: int) -> str:
    """The first line of ``page`` (where the page number stands), without spaces."""
    lines = [line for line in text.split("\f")[page - 1].splitlines() if line.strip()]
    return "".join(lines[0].split())
