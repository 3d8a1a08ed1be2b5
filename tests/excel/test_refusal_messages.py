"""What an office is told when its upload is refused (strategies/excel/safety.py): each refusal
in its own words, with the figures that let the person fix the file."""

import io
import zipfile

import openpyxl
import pytest

from strategies.excel import safety

NOT_XLSX = (
    "This file is not an Excel workbook (.xlsx). If it is password-protected, remove the "
    "password; if it is an old .xls file, save it as .xlsx."
)


def refusal(call, *args) -> str:
    with pytest.raises(safety.WorkbookRefused) as refused:
        call(*args)
    return str(refused.value.message)


def test_the_name_and_size_are_checked_before_reading():
    assert refusal(safety.check_upload, "plan.xls", 10) == (
        "Upload an Excel workbook (.xlsx). Save older .xls or .csv files as .xlsx first."
    )
    assert refusal(safety.check_upload, "plan.xlsx", 0) == "The file is empty."
    assert refusal(safety.check_upload, "plan.xlsx", 7_700_000) == (
        "The file is too large (7.3 MB); the limit is 5 MB."
    )
    safety.check_upload("PLAN.XLSX", 1)
    safety.check_upload("plan.xlsx", safety.MAX_UPLOAD_BYTES)  # the limit itself is allowed


def _zip(parts: dict, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_that_is_no_workbook_cannot_be_read():
    content = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    assert refusal(safety.open_workbook, content) == (
        "The workbook could not be read. Open it in Excel, save it again as .xlsx and retry."
    )


def test_a_damaged_part_is_not_a_workbook():
    content = bytearray(
        _zip(
            {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook>" + "ก" * 50 + "</"},
            compression=zipfile.ZIP_STORED,
        )
    )
    at = bytes(content).index("ก".encode())
    content[at + 3] ^= 0xFF  # the stored bytes no longer match their checksum
    assert refusal(safety.check_zip, bytes(content)) == NOT_XLSX


def test_too_many_sheets_says_how_many():
    workbook = openpyxl.Workbook()
    for number in range(safety.MAX_SHEETS):
        workbook.create_sheet(f"แผ่นที่ {number + 2}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refusal(safety.open_workbook, buffer.getvalue()) == (
        f"The workbook has {safety.MAX_SHEETS + 1} sheets; "
        f"at most {safety.MAX_SHEETS} are accepted."
    )
