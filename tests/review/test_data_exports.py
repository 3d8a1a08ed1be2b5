"""Data exports: indicators with yearly targets, projects with budgets, change proposals —
CSV and XLSX with Thai headers, from submitted versions only — and the JSON of a
Blueprint, which is exactly the data its PDF carries."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from proposals import services
from proposals.models import BlueprintStatus
from proposals.rows import KINDS
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db
# The Thai label of "Submitted to OPDC", whatever the reader's language.
with translation.override("th"):
    STATUS_SUBMITTED = str(BlueprintStatus.SUBMITTED.label)


def export(client, kind, fmt, **params):
    response = client.get(
        reverse("proposals:review:data_export", args=[kind, fmt]), {"fy": 2548, **params}
    )
    assert response.status_code == 200, response.status_code
    return response


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read the Thai correctly
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_indicators_csv_has_thai_headers_and_yearly_targets(world, round_, client_for):
    rows = csv_rows(export(client_for(world.reviewer), "indicators", "csv"))
    assert {row["จังหวัด"] for row in rows} == {"ชุมพร", "สุราษฎร์ธานี"}
    chumphon = next(row for row in rows if row["จังหวัด"] == "ชุมพร")
    assert chumphon["ตัวชี้วัด"] == "จำนวนแปลงผลไม้ที่ผ่านการรับรองมาตรฐาน GAP"
    assert chumphon["กลุ่มจังหวัด"] == "กลุ่มจังหวัดภาคใต้ตอนบน"
    assert [chumphon[f"ค่าเป้าหมาย ปี {year}"] for year in (2548, 2549, 2550, 2551)] == [
        "8",
        "9",
        "10",
        "11",
    ]
    assert chumphon["ฉบับที่"] == "1"
    assert chumphon["สถานะ"] == STATUS_SUBMITTED


def test_projects_csv_sums_budgets_by_year_and_source(world, round_, client_for):
    rows = csv_rows(export(client_for(world.reviewer), "projects", "csv"))
    chumphon = next(row for row in rows if row["จังหวัด"] == "ชุมพร")
    assert Decimal(chumphon["งบประมาณ ปี 2548 (บาท)"]) == Decimal("2500000")
    assert Decimal(chumphon["งบประมาณรวม (บาท)"]) == Decimal("2500000")
    assert Decimal(chumphon["งบประมาณปกติ (บาท)"]) == Decimal("2500000")
    assert chumphon["งบประมาณ ปี 2549 (บาท)"] == ""


def test_changes_csv(world, round_, client_for):
    rows = csv_rows(export(client_for(world.reviewer), "changes", "csv"))
    assert len(rows) == 2
    assert all(row["ประเด็นการเปลี่ยนแปลง"].startswith("ลดขั้นตอน") for row in rows)
    assert {row["ประเภทการเปลี่ยนแปลง"] for row in rows} == {"การปรับปรุงประสิทธิภาพ"}


def test_xlsx_workbook_with_four_sheets(world, round_, client_for):
    response = export(client_for(world.reviewer), "all", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "ตัวชี้วัดและค่าเป้าหมาย",
        "โครงการและงบประมาณ",
        "ประเด็นการเปลี่ยนแปลง",
        "คะแนนและผลการพิจารณา",
    ]
    sheet = book["ตัวชี้วัดและค่าเป้าหมาย"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["จังหวัด", "กลุ่มจังหวัด", "ปีงบประมาณ"]
    target = headers.index("ค่าเป้าหมาย ปี 2549") + 1
    values = {row[0].value: row[target - 1].value for row in sheet.iter_rows(min_row=2)}
    assert values["ชุมพร"] == 9  # a number, not text
    projects = book["โครงการและงบประมาณ"]
    total = [cell.value for cell in projects[1]].index("งบประมาณรวม (บาท)")
    assert sorted(row[total].value for row in projects.iter_rows(min_row=2)) == [1000000, 2500000]


def test_exports_follow_the_dashboard_filters(world, round_, client_for):
    rows = csv_rows(export(client_for(world.reviewer), "indicators", "csv", q="สุราษฎร์ธานี"))
    assert {row["จังหวัด"] for row in rows} == {"สุราษฎร์ธานี"}


def test_exports_never_contain_drafts_or_unsubmitted_edits(world, round_, client_for):
    """Drafts are left out, and so is whatever a province changed after submitting."""
    blueprint = round_.chumphon
    advance(blueprint, world.reviewer, "return")
    advance(blueprint, world.editor, "revise")
    change = blueprint.change_proposals.first()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        values={"title": "ข้อความที่ยังไม่ได้ส่ง"}, version=change.version,
    )  # fmt: skip
    client = client_for(world.reviewer)
    for kind in ("indicators", "projects", "changes"):
        body = export(client, kind, "csv").content.decode("utf-8")
        assert "ข้อความที่ยังไม่ได้ส่ง" not in body
        assert "การพัฒนาการท่องเที่ยวเชิงคุณภาพ" not in body  # the draft's issue
    workbook = export(client, "all", "xlsx").content
    book = load_workbook(io.BytesIO(workbook))
    cells = {str(c.value) for s in book for row in s.iter_rows() for c in row}
    assert "ข้อความที่ยังไม่ได้ส่ง" not in cells
    assert "การพัฒนาการท่องเที่ยวเชิงคุณภาพ" not in cells


def test_unknown_export_is_404(world, round_, client_for):
    client = client_for(world.reviewer)
    url = reverse("proposals:review:data_export", args=["secrets", "csv"])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("proposals:review:data_export", args=["all", "csv"])).status_code == 404
    )


def test_json_export_is_the_data_attached_to_the_pdf(world, round_, client_for):
    from proposals.pdf import archive, attach

    blueprint = round_.chumphon
    response = client_for(world.reviewer).get(
        reverse("proposals:review:blueprint_json", args=[blueprint.pk])
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    snapshot = blueprint.snapshots.get()
    assert data == snapshot.data
    assert data["schema_version"] == 1
    archived = archive.archive_for(snapshot)
    assert attach.read_attachment(bytes(archived.content)) == data
