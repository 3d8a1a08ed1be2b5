"""Bulk entry: download the period's workbook, fill it, upload, preview, confirm; the same
file again changes nothing; errors name their cell."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.monitoring import services, workbook
from proposals.monitoring.models import (
    ActualRevision,
    IndicatorActual,
    ProjectProgress,
    ReportingPeriod,
)
from strategies.excel.models import ImportBatch
from tests import factories

FAR = datetime.date(2099, 1, 1)


@pytest.fixture
def period(world, chain):
    return ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=FAR
    )


def download(client, period):
    response = client.get(reverse("proposals:monitoring:workbook", args=[period.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def as_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, period, content, name="results.xlsx"):
    return client.post(
        reverse("proposals:monitoring:workbook_upload", args=[period.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def header_column(sheet, header):
    for cell in sheet[1]:
        if str(cell.value or "").rstrip(" *") == header:
            return cell.column
    raise AssertionError(header)


def fill(
    book, *, value="42.5", note="ผลจากทะเบียน", percent="30", committed="1000", disbursed="400"
):
    actuals = book["ผลตัวชี้วัด"]
    actuals.cell(2, header_column(actuals, "ผลการดำเนินงานไตรมาสนี้"), value)
    actuals.cell(2, header_column(actuals, "หมายเหตุ"), note)
    progress = book["ความก้าวหน้าโครงการ"]
    progress.cell(2, header_column(progress, "ร้อยละความก้าวหน้า"), percent)
    progress.cell(2, header_column(progress, "งบปกติ ก่อหนี้ผูกพัน (บาท)"), committed)
    progress.cell(2, header_column(progress, "งบปกติ เบิกจ่าย (บาท)"), disbursed)
    return book


def test_the_workbook_holds_only_what_the_agency_reports(world, chain, period, client_for, second):
    mine = download(client_for(world.contributor), period)
    assert [row[0] for row in mine["ผลตัวชี้วัด"].iter_rows(min_row=2, values_only=True) if row[0]] == [
        "1.1.1"
    ]
    assert [
        row[0] for row in mine["ความก้าวหน้าโครงการ"].iter_rows(min_row=2, values_only=True) if row[0]
    ] == ["1.1.1"]
    theirs = download(client_for(second.contributor), period)
    assert not [row for row in theirs["ผลตัวชี้วัด"].iter_rows(min_row=2, values_only=True) if row[0]]


def test_fill_upload_preview_confirm_and_the_same_file_again_changes_nothing(
    world, chain, period, client_for
):
    client = client_for(world.contributor)
    content = as_bytes(fill(download(client, period)))
    response = upload(client, period, content)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    preview = page.context["preview"]
    assert preview.counts["create"] == 2 and not preview.has_errors
    assert not IndicatorActual.objects.exists()  # nothing saved by a preview
    done = client.post(preview_url, {"fingerprint": preview.fingerprint})
    assert done.status_code == 302
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.note, actual.entered_by) == (
        Decimal("42.5"),
        "ผลจากทะเบียน",
        world.contributor,
    )
    assert ActualRevision.objects.get().source == "workbook"
    progress = ProjectProgress.objects.get()
    assert progress.percent_complete == 30 and progress.spending.get().disbursed == 400

    # The same file again: a no-op preview, nothing to confirm.
    again = client.get(upload(client, period, content)["Location"])
    assert again.context["preview"].counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert not again.context["preview"].can_apply
    # And the workbook downloaded now (with the saved values) is a no-op too.
    fresh = as_bytes(download(client, period))
    assert not workbook.preview_results_import(period, world.contributor, fresh).has_changes
    assert ActualRevision.objects.count() == 1 and IndicatorActual.objects.get().version == 1


def test_row_errors_name_the_cell_in_thai(world, chain, period, client_for, second, settings):
    other = factories.IndicatorFactory(goal=chain["goal"], number=2, owner=second.agency)
    factories.IndicatorTargetFactory(indicator=other, fiscal_year=2548)
    book = fill(download(client_for(world.contributor), period), value="สิบ")
    sheet = book["ผลตัวชี้วัด"]
    sheet.append(["1.1.2", "", "", None, "5", ""])
    sheet.append(["1.1.9", "", "", None, "5", ""])
    from django.utils import translation

    with translation.override("th"):
        preview = workbook.preview_results_import(period, world.contributor, as_bytes(book))
    rows = preview.sheet("actuals").rows
    messages = [f"{p.cell} {p.message}" for row in rows for p in row.problems]
    assert preview.has_errors and [row.action for row in rows] == ["error", "error", "error"]
    assert any(m.startswith("E2 ") and "ตัวเลข" in m for m in messages), messages
    assert any(m.startswith("A3 ") and "1.1.2" in m for m in messages), messages  # not theirs
    assert any(m.startswith("A4 ") and "1.1.9" in m for m in messages), messages  # no such code


def test_confirming_a_stale_preview_writes_nothing(world, chain, period, client_for):
    client = client_for(world.contributor)
    response = upload(client, period, as_bytes(fill(download(client, period))))
    preview = client.get(response["Location"]).context["preview"]
    services.actual_save(
        user=world.editor, indicator=chain["indicator"], period=period, value=Decimal(7)
    )
    client.post(response["Location"], {"fingerprint": preview.fingerprint})
    assert IndicatorActual.objects.get().value == 7
    assert not ProjectProgress.objects.exists()


def test_a_locked_period_refuses_the_workbook(world, chain, client_for):
    locked = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=2, due_date=datetime.date(2005, 4, 15)
    )
    client = client_for(world.contributor)
    preview = workbook.preview_results_import(
        locked, world.contributor, as_bytes(fill(download(client, locked)))
    )
    assert preview.has_errors and "locked" in preview.problems[0].message


@pytest.mark.parametrize(
    ("actor", "status"), [("viewer", 403), ("stranger", 404), ("reviewer", 404)]
)
def test_who_may_not_use_the_workbook(world, chain, period, client_for, actor, status):
    client = client_for(world.actor(actor))
    assert (
        client.get(reverse("proposals:monitoring:workbook", args=[period.pk])).status_code == status
    )
    assert upload(client, period, b"PK").status_code == status
    assert not ImportBatch.objects.exists()


def test_an_upload_is_its_uploaders_alone(world, chain, period, client_for):
    response = upload(
        client_for(world.contributor),
        period,
        as_bytes(download(client_for(world.contributor), period)),
    )
    url = response["Location"]
    assert client_for(world.editor).get(url).status_code == 404
    assert client_for(world.stranger).get(url).status_code == 404


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(world, chain, period, client_for):
    response = upload(client_for(world.contributor), period, b"not a zip", name="x.xlsx")
    assert response.status_code == 400 and not ImportBatch.objects.exists()
