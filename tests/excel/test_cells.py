"""Formula-like text in the workbooks the Excel pages write: text, never a formula, even
once edited in Excel; and the same text again when the workbook comes back."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from strategies.excel import cells
from tests.excel.test_plan_import import preview_of, snapshot, upload

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("http://evil.example/","คลิก")'


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+66 77 123 456", "'+66 77 123 456"),
        ("-ลดต้นทุน", "'-ลดต้นทุน"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("ลดขั้นตอน - 30 วัน", "ลดขั้นตอน - 30 วัน"),
        ("'ข้อความ", "'ข้อความ"),
        ("", ""),
    ],
)
def test_csv_text(typed, written):
    assert cells.csv_text(typed) == written


def test_csv_bytes_leaves_numbers_alone():
    from decimal import Decimal

    body = cells.csv_bytes([["ก", "ข", "ค"], [Decimal("-1500000.00"), -3, None]])
    assert body.decode("utf-8") == "\ufeffก,ข,ค\r\n-1500000,-3,\r\n"


def test_put_value_writes_text_that_stays_text():
    sheet = Workbook().active
    formula_like = cells.put_value(sheet["A1"], "=1+1")
    plain = cells.put_value(sheet["A2"], "ข้อความ")
    number = cells.put_value(sheet["A3"], -5)
    assert (formula_like.data_type, formula_like.value, formula_like.quotePrefix) == (
        "s",
        "=1+1",
        True,
    )
    assert (plain.data_type, plain.quotePrefix) == ("s", False)
    assert (number.data_type, number.value) == ("n", -5)


def test_plan_export_writes_a_formula_like_title_as_text_and_reads_it_back(world, chain, client):
    chain["issue"].__class__.objects.filter(pk=chain["issue"].pk).update(title=TITLE)
    client.force_login(world.editor)
    exported = client.get(reverse("excel:plan_export", args=[world.plan.pk])).content
    sheet = load_workbook(io.BytesIO(exported))["ประเด็นยุทธศาสตร์"]
    cell = sheet["B2"]
    assert (cell.value, cell.data_type) == (TITLE, "s")
    assert cell.quotePrefix  # Excel's "text" marker: editing the cell does not run it
    before = snapshot(world.plan)
    _url, preview, _page = preview_of(client, upload(client, world.plan, exported))
    assert preview.counts["error"] == 0 and not preview.has_changes
    assert snapshot(world.plan) == before
