"""An officer brings a plan in from Excel in the browser: download, fill, upload, check, confirm."""

import io

import openpyxl
import pytest
from django.urls import reverse

from .conftest import login, screenshot
from .test_a11y import demo_objects

pytestmark = pytest.mark.django_db(transaction=True)


def test_template_to_plan_in_the_browser(demo_data, page, tmp_path):
    from strategies.models import Goal

    plan, issue, _blueprint, _numbers = demo_objects()
    login(page, "chumphon.strategy")
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="นำเข้าหรือส่งออก Excel").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="แม่แบบเปล่าสำหรับแผนนี้").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames[0] == "คำอธิบาย"
    workbook["เป้าประสงค์"].append([f"{issue.number}.9", "ผลไม้คุณภาพส่งออกได้มากขึ้น", "ประสิทธิผล"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled = tmp_path / "แผนที่กรอกแล้ว.xlsx"
    filled.write_bytes(buffer.getvalue())

    page.set_input_files("#id_file", str(filled))
    page.get_by_role("button", name="อัปโหลดและดูตัวอย่าง").click()
    page.wait_for_url("**/excel/imports/**")
    assert "ผลไม้คุณภาพส่งออกได้มากขึ้น" in page.locator("main").inner_text()
    screenshot(page, "import-preview-ready")
    assert not Goal.objects.filter(issue=issue, number=9).exists()

    page.get_by_role("button", name="นำเข้าเลย").click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    assert "นำเข้าแล้ว: ใหม่ 1" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_role("link", name="เป้าประสงค์ 9. ผลไม้คุณภาพส่งออกได้มากขึ้น").is_visible()
    assert Goal.objects.get(issue=issue, number=9).perspective == "effectiveness"
    assert reverse("excel:plan", args=[plan.pk]) in page.content()
