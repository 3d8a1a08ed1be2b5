"""Issue 20 in the browser: an agency's Excel round trip becomes an input the strategy office
decides like any web input, and the office starts next year's Blueprint from this year's.

Real XLSX files: downloaded through Chromium, edited with openpyxl, uploaded again.
"""

import openpyxl
import pytest
from django.urls import reverse

from .conftest import login, screenshot
from .test_a11y import demo_objects

pytestmark = pytest.mark.django_db(transaction=True)

SHEET = "ประเด็นการเปลี่ยนแปลง"


def download_export(page, blueprint, path):
    page.goto(reverse("excel:blueprint", args=[blueprint.pk]))
    with page.expect_download() as download:
        page.locator(f"a[href='{reverse('excel:blueprint_export', args=[blueprint.pk])}']").click()
    download.value.save_as(path)
    return download.value.suggested_filename


def upload(page, blueprint, path):
    page.goto(reverse("excel:blueprint", args=[blueprint.pk]))
    page.set_input_files("#id_file", str(path))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/excel/imports/**")


def test_agency_round_trip_and_next_year(demo_data, new_page, tmp_path):
    from proposals import next_year
    from proposals.models import Blueprint, ChangeProposal, Revision
    from proposals.participation.models import AgencyInput, InputStatus

    _plan, _issue, blueprint, _numbers = demo_objects()
    assert blueprint.is_editable
    agency = new_page()
    login(agency, "chumphon.agriculture")

    # 1. The agency downloads its workbook: its own section only, named in the Buddhist Era.
    exported = tmp_path / "export.xlsx"
    name = download_export(agency, blueprint, exported)
    assert f"-{blueprint.fiscal_year}-25" in name
    workbook = openpyxl.load_workbook(exported)
    assert SHEET in workbook.sheetnames and "ความเสี่ยง" not in workbook.sheetnames
    sheet = workbook[SHEET]
    assert sheet.max_row >= 3

    # 2. Uploaded unchanged: nothing to import, and the preview says so.
    upload(agency, blueprint, exported)
    assert agency.locator("#confirm").count() == 0
    assert agency.locator(".alert-info").count() == 1
    screenshot(agency, "agency-round-trip-1-unchanged")
    drafts = AgencyInput.objects.filter(blueprint=blueprint, status=InputStatus.DRAFT)
    assert not drafts.filter(items__isnull=False).exists()

    # 3. Two rows changed in Excel, uploaded again: two changes for the agency's input.
    ids = [sheet.cell(row=row, column=1).value for row in (2, 3)]
    titles = {}
    for row, row_id in zip((2, 3), ids, strict=True):
        titles[row_id] = f"{sheet.cell(row=row, column=3).value} (ปรับปรุงปี 2549)"
        sheet.cell(row=row, column=3).value = titles[row_id]
    changed = tmp_path / "ข้อเสนอที่แก้แล้ว.xlsx"
    workbook.save(changed)
    upload(agency, blueprint, changed)
    assert agency.locator("tr.xl-update").count() == 2
    screenshot(agency, "agency-round-trip-2-two-changes")
    agency.locator("#confirm button[type=submit]").click()
    agency.wait_for_url("**/inputs/**")
    draft = AgencyInput.objects.get(blueprint=blueprint, status=InputStatus.DRAFT)
    assert sorted(draft.items.values_list("target_id", flat=True)) == sorted(ids)
    assert not ChangeProposal.objects.filter(title__in=titles.values()).exists()  # not live
    screenshot(agency, "agency-round-trip-3-draft-input")
    agency.locator("form[action$='/submit/'] button[type=submit]").click()
    agency.wait_for_load_state("domcontentloaded")
    draft.refresh_from_db()
    assert draft.status == InputStatus.SUBMITTED

    # 4. The office sees the input beside the Blueprint and accepts it, as a web input.
    office = new_page()
    login(office, "chumphon.strategy")
    office.goto(draft.get_absolute_url())
    assert office.locator(".bp-input-item").count() == 2
    for choice in office.locator("fieldset.bp-input-choice input[value=agency]").all():
        choice.check()  # rows saved since the agency read them: the office chooses
    screenshot(office, "agency-round-trip-4-office-decides")
    office.locator("form[action$='/accept/'] button[type=submit]").click()
    office.wait_for_url(f"**{blueprint.get_absolute_url()}**")
    draft.refresh_from_db()
    assert draft.status == InputStatus.ACCEPTED
    for row_id, title in titles.items():
        row = ChangeProposal.objects.get(pk=row_id)
        assert row.title == title
        author = Revision.objects.filter(kind="change", object_id=row_id).latest("number").author
        assert author.username == "chumphon.agriculture"

    # 5. The office starts next year's Blueprint from this year's and sees what differs
    # (the demo's issue whose next fiscal year has no Blueprint yet).
    source = next(
        bp
        for bp in Blueprint.objects.filter(province__code="chumphon").order_by("-fiscal_year")
        if next_year.next_year_refusal(bp) == ""
    )
    office.goto(source.get_absolute_url())
    office.locator(f"a[href='{reverse('proposals:next_year', args=[source.pk])}']").click()
    office.wait_for_url("**/next-year/")
    screenshot(office, "agency-round-trip-5-next-year-start")
    office.locator("main form button[type=submit]").click()
    office.wait_for_url("**/since-last-year/")
    new = Blueprint.objects.get(previous=source)
    assert (new.fiscal_year, new.status) == (source.fiscal_year + 1, "draft")
    assert office.locator(".bp-year-same").count() >= 1
    assert office.locator(".bp-year-added, .bp-year-removed").count() == 0
    # Only the dates of activities and milestones differ: they moved a year later.
    changed = office.locator(".bp-year-changed").count()
    dated = sum(
        office.locator(f"section[aria-labelledby='kind-{key}-h'] .bp-year-changed").count()
        for key in ("activity", "milestone")
    )
    assert changed == dated
    screenshot(office, "agency-round-trip-6-since-last-year")
    assert sorted(new.change_proposals.values_list("title", flat=True)) == sorted(
        source.change_proposals.values_list("title", flat=True)
    )
