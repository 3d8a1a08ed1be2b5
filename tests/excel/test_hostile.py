"""Malformed and hostile workbooks: refused with a message, never a 500, never half-imported."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from strategies.excel import reading, safety
from strategies.excel.models import ImportBatch
from tests.excel.test_plan_import import preview_of, snapshot, upload
from tests.excel.workbooks import PLAN, headers, xlsx

pytestmark = pytest.mark.django_db


def _minimal_parts(**extra) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in extra.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    return _minimal_parts(xl__worksheets__sheet1_xml=b"<a>" + b"0" * (8 * 1024 * 1024) + b"</a>")


def entity_expansion() -> bytes:
    """A real workbook whose sheet declares XML entities ("billion laughs")."""
    good = xlsx({"เป้าประสงค์": [headers(PLAN["goals"]), ["1.2", "ก", "ประสิทธิผล"]]})
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' + body
                )
            archive.writestr(entry, data)
    return buffer.getvalue()


def broken_sheet() -> bytes:
    """A real workbook whose goals sheet is cut off half-way through its XML."""
    good = xlsx({"เป้าประสงค์": [headers(PLAN["goals"]), ["1.2", "ก", "ประสิทธิผล"]]})
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            archive.writestr(entry, data)
    return buffer.getvalue()


def garbage_workbook() -> bytes:
    return _minimal_parts(xl___rels__workbook_xml_rels="<not-xml")


def encrypted_flag() -> bytes:
    content = bytearray(xlsx({"เป้าประสงค์": [headers(PLAN["goals"])]}))
    # Set the "encrypted" general-purpose flag of every central-directory entry.
    position = content.find(b"PK\x01\x02")
    while position != -1:
        content[position + 8] |= 0x1
        position = content.find(b"PK\x01\x02", position + 4)
    return bytes(content)


def many_sheets() -> bytes:
    return xlsx({f"ชีต {n}": [["x"]] for n in range(safety.MAX_SHEETS + 1)})


REFUSED = [
    pytest.param("แผน.xlsx", b"this is not a workbook at all", "not an Excel workbook", id="text"),
    pytest.param("แผน.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "Save older .xls", id="old-xls"),
    pytest.param("แผน.csv", b"a,b\n1,2\n", "Upload an Excel workbook", id="csv"),
    pytest.param("แผน.xlsx", b"PK\x03\x04" + b"\0" * 200, "not an Excel workbook", id="broken-zip"),
    pytest.param("แผน.xlsx", zip_bomb(), "expands to more data", id="zip-bomb"),
    pytest.param("แผน.xlsx", entity_expansion(), "XML declarations", id="xml-entities"),
    pytest.param("แผน.xlsx", garbage_workbook(), "could not be read", id="malformed-parts"),
    pytest.param("แผน.xlsx", broken_sheet(), "could not be read", id="truncated-sheet"),
    pytest.param("แผน.xlsx", encrypted_flag(), "not an Excel workbook", id="encrypted"),
    pytest.param("แผน.xlsx", many_sheets(), "sheets; at most", id="too-many-sheets"),
    pytest.param(
        "แผน.xlsx", b"PK\x03\x04" + b"x" * (safety.MAX_UPLOAD_BYTES + 10), "too large", id="6-MB"
    ),
    pytest.param(
        "แผน.xlsx",
        _minimal_parts(**{f"xl__media__image{n}_png": b"x" for n in range(safety.MAX_ZIP_ENTRIES)}),
        "expands to more data",
        id="too-many-parts",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_a_hostile_file_is_refused_cleanly(world, chain, client, name, content, message):
    client.force_login(world.editor)
    before = snapshot(world.plan)
    response = client.post(
        reverse("excel:plan", args=[world.plan.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/vnd.ms-excel")},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'aria-invalid="true"' in text  # the message is tied to the file field
    assert not ImportBatch.objects.exists()
    assert snapshot(world.plan) == before


def test_an_empty_upload_is_refused(world, client):
    client.force_login(world.editor)
    response = client.post(
        reverse("excel:plan", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("แผน.xlsx", b"")},
    )
    assert response.status_code == 400
    assert "The submitted file is empty." in response.content.decode()


def test_a_huge_sheet_is_an_error_not_a_timeout(world, chain, client, monkeypatch):
    """One cell a million rows down: the reader stops after a bounded scan (counted here
    in rows read from the file; the time it takes is measured in ``bench/inputs.py``)."""
    read = []  # rows read by each scan of a sheet (the upload and its preview read it)
    iter_rows = ReadOnlyWorksheet.iter_rows

    def counted(self, *args, **kwargs):
        read.append(0)
        for row in iter_rows(self, *args, **kwargs):
            read[-1] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counted)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "เป้าประสงค์"
    sheet.append(headers(PLAN["goals"]))
    sheet.cell(row=1_000_000, column=1, value="1.9")
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(world.editor)
    _url, preview, page = preview_of(client, upload(client, world.plan, buffer.getvalue()))
    assert read and all(0 < rows <= reading.ROW_SCAN_LIMIT + 1 for rows in read), read
    assert preview.has_errors
    assert "more than 5000 rows" in page.content.decode()


def test_more_rows_than_the_limit_is_an_error(world, chain, client):
    rows = [headers(PLAN["goals"])] + [
        [f"1.{n}", f"เป้าประสงค์ {n}", "ประสิทธิผล"] for n in range(2, 5004)
    ]
    client.force_login(world.editor)
    _url, preview, _page = preview_of(client, upload(client, world.plan, xlsx({"เป้าประสงค์": rows})))
    assert any("more than 5000 rows" in p.message for p in preview.sheet("goals").problems)
    assert not preview.can_apply


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "is not a number"),
        ("2005-01-01", "is text where a number belongs"),
        ("NaN", "is text where a number belongs"),
        ("1e400", "The number is too large."),
        (10**20, "The number is too large."),
    ],
)
def test_wrong_types_are_errors(world, chain, client, value, message):
    import datetime

    if value == "2005-01-01":
        value = datetime.date(2005, 1, 1)
        message = "is not a number"
    rows = [headers(PLAN["budgets"]), ["1.1.1", 2549, "งบปกติ", value]]
    client.force_login(world.editor)
    _url, preview, _page = preview_of(client, upload(client, world.plan, xlsx({"งบประมาณ": rows})))
    problems = [p for r in preview.sheet("budgets").rows for p in r.problems]
    assert problems and problems[0].cell == "D2"
    assert message in problems[0].message


def test_a_workbook_without_any_known_sheet_says_so(world, chain, client):
    client.force_login(world.editor)
    _url, preview, page = preview_of(
        client, upload(client, world.plan, xlsx({"Sheet1": [["a", "b"], [1, 2]]}))
    )
    assert preview.has_errors
    assert "No sheet of the template was found" in page.content.decode()


def test_a_sheet_missing_its_code_column_is_one_clear_error(world, chain, client):
    client.force_login(world.editor)
    rows = [["เป้าประสงค์", "มิติ"], ["ไม่มีรหัส", "ประสิทธิผล"]]
    _url, preview, _page = preview_of(client, upload(client, world.plan, xlsx({"เป้าประสงค์": rows})))
    problems = preview.sheet("goals").problems
    assert (
        len(problems) == 1 and "Required column(s) missing: “รหัสเป้าประสงค์”" in problems[0].message
    )


def test_a_workbook_with_as_many_sheets_as_allowed_is_read():
    workbook = safety.open_workbook(xlsx({f"ชีต {n}": [["x"]] for n in range(safety.MAX_SHEETS)}))
    assert len(workbook.sheetnames) == safety.MAX_SHEETS
    workbook.close()
