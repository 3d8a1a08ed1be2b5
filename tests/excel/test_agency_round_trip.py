"""The agency workbook's round trip (issue 20): the workbook holds only what the agency may
change; uploading it unchanged is a no-op; rows it may not change are read-only, never
errors; its changes become its input; a row saved since the download is never lost."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.participation import inputs
from proposals.participation.models import AgencyInput, InputAction
from proposals.rows import KINDS
from strategies.excel import layout
from strategies.thai import be_year, thai_date
from tests.excel import test_agency_import as agency_tests
from tests.excel.workbooks import edit, read

assigned = agency_tests.assigned  # the fixture: "changes" assigned to the agency
preview_of, upload = agency_tests.preview_of, agency_tests.upload

pytestmark = pytest.mark.django_db

SHEET = "ประเด็นการเปลี่ยนแปลง"
CHANGE = KINDS["change"]


@pytest.fixture
def rows(world, chain, assigned):
    """Two change proposals of the agency's section and a risk of the office's own."""
    made = [
        services.row_create(
            user=world.editor,
            blueprint=assigned,
            kind=CHANGE,
            values={"category": "quality", "title": title, "responsible_agency": world.agency},
        )  # fmt: skip
        for title in ("ตลาดผลไม้ออนไลน์", "ศูนย์บริการจุดเดียว")
    ]
    services.row_create(
        user=world.editor, blueprint=assigned, kind=KINDS["risk"],
        values={"description": "ฝนทิ้งช่วง", "likelihood": "high", "impact": "medium"},
    )  # fmt: skip
    return made


def export(client, blueprint):
    response = client.get(reverse("excel:blueprint_export", args=[blueprint.pk]))
    assert response.status_code == 200
    return response


def test_the_agencys_workbook_holds_only_its_sections_in_buddhist_era(
    world, assigned, rows, client_for
):
    response = export(client_for(world.contributor), assigned)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert SHEET in workbook.sheetnames
    assert "ความเสี่ยง" not in workbook.sheetnames  # the office's section: not in it
    today = timezone.localdate()
    stamp = f"{be_year(today.year)}{today.month:02d}{today.day:02d}"
    assert f"-2548-{stamp}.xlsx" in response["Content-Disposition"]
    facts = dict(row[:2] for row in read(response.content, layout.INSTRUCTIONS_TITLE) if row)
    assert facts["จัดทำเมื่อ"].startswith(thai_date(today))  # "3 ธันวาคม 2569 …"
    assert str(today.year) not in facts["จัดทำเมื่อ"]
    office = export(client_for(world.editor), assigned)
    assert "ความเสี่ยง" in openpyxl.load_workbook(io.BytesIO(office.content)).sheetnames


def test_uploading_it_unchanged_is_a_no_op(world, assigned, rows, client_for):
    client = client_for(world.contributor)
    content = export(client, assigned).content
    url, preview, page = preview_of(client, upload(client, assigned, content))
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert not preview.can_apply
    assert "Nothing to import" in page.content.decode()
    assert [sheet.key for sheet in preview.quiet_sheets] == []  # no other section's sheet
    assert not AgencyInput.objects.exists()


def test_the_offices_whole_workbook_is_read_only_outside_the_agencys_section(
    world, assigned, rows, client_for
):
    office = export(client_for(world.editor), assigned).content
    office = edit(office, "ความเสี่ยง", "B2", "ราคาผลไม้ตกต่ำ")  # not the agency's to change
    client = client_for(world.contributor)
    url, preview, page = preview_of(client, upload(client, assigned, office))
    assert not preview.has_errors
    assert preview.sheet("risk").read_only
    assert preview.counts["update"] == 0 and not preview.can_apply
    assert "Read only: not imported" in page.content.decode()


def test_two_changed_rows_become_the_agencys_input(world, assigned, rows, client_for):
    client = client_for(world.contributor)
    content = export(client, assigned).content
    content = edit(content, SHEET, "C2", "ตลาดผลไม้ออนไลน์ทั้งจังหวัด")
    content = edit(content, SHEET, "C3", "ศูนย์บริการจุดเดียวทุกอำเภอ")
    url, preview, page = preview_of(client, upload(client, assigned, content))
    assert preview.counts["update"] == 2
    assert "Add to my agency" in page.content.decode()
    response = client.post(url, {"fingerprint": preview.fingerprint})
    draft = AgencyInput.objects.get(blueprint=assigned, agency=world.agency)
    assert response["Location"] == draft.get_absolute_url()
    items = list(draft.items.order_by("target_id"))
    assert [(i.action, i.target_id, i.target_version) for i in items] == [
        (InputAction.CHANGE, row.pk, row.version) for row in rows
    ]
    assert [i.data["title"] for i in items] == [
        "ตลาดผลไม้ออนไลน์ทั้งจังหวัด",
        "ศูนย์บริการจุดเดียวทุกอำเภอ",
    ]
    for row in rows:
        row.refresh_from_db()
    assert [row.title for row in rows] == ["ตลาดผลไม้ออนไลน์", "ศูนย์บริการจุดเดียว"]


def office_saves(world, blueprint, row, title):
    row.refresh_from_db()
    return services.row_update(
        user=world.editor, blueprint=blueprint, kind=CHANGE, obj=row,
        values={"title": title}, version=row.version,
    )  # fmt: skip


def test_a_row_saved_since_the_download_and_untouched_is_left_alone(
    world, assigned, rows, client_for
):
    client = client_for(world.contributor)
    content = export(client, assigned).content
    office_saves(world, assigned, rows[0], "ชื่อของสำนักงาน")
    url, preview, page = preview_of(client, upload(client, assigned, content))
    # Without the row's version this was an "update" back to the old title.
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert "since your download" in page.content.decode()


def test_a_row_saved_since_the_download_and_changed_is_the_offices_choice(
    world, assigned, rows, client_for
):
    client = client_for(world.contributor)
    content = edit(export(client, assigned).content, SHEET, "C2", "ชื่อของหน่วยงาน")
    exported_version = rows[0].version
    office_saves(world, assigned, rows[0], "ชื่อของสำนักงาน")
    url, preview, page = preview_of(client, upload(client, assigned, content))
    assert preview.counts["update"] == 1 and not preview.has_errors
    assert "will see both" in page.content.decode()
    client.post(url, {"fingerprint": preview.fingerprint})
    draft = AgencyInput.objects.get(blueprint=assigned)
    assert draft.items.get().target_version == exported_version
    inputs.input_submit(user=world.contributor, agency_input=draft)
    assert [item.target_id for item in inputs.input_conflicts(draft)] == [rows[0].pk]


def test_the_offices_import_never_overwrites_a_newer_row(world, assigned, rows, client_for):
    client = client_for(world.editor)
    content = edit(export(client, assigned).content, SHEET, "C2", "ชื่อจากไฟล์เก่า")
    office_saves(world, assigned, rows[0], "ชื่อที่บันทึกภายหลัง")
    url, preview, page = preview_of(client, upload(client, assigned, content))
    assert preview.has_errors
    assert "Download the workbook again" in page.content.decode()
    rows[0].refresh_from_db()
    assert rows[0].title == "ชื่อที่บันทึกภายหลัง"
