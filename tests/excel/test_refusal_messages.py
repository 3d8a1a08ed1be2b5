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
    assert str(refused.value) == refused.value.message  # the same reason in the logs
    return refused.value.message


def test_the_name_and_size_are_checked_before_reading():
    assert refusal(safety.check_upload, "plan.xls", 10) == (
        "Upload an Excel workbook (.xlsx). Save older .xls or .csv files as .xlsx first."
    )
    assert refusal(safety.check_upload, "plan.xlsx", 0) == "The file is empty."
    assert refusal(safety.check_upload, "plan.xlsx", 7_710_000) == (
        "The file is too large (7.4 MB); the limit is 5 MB."  # 7.353 MiB
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


TOO_BIG = (
    "The workbook expands to more data than this app accepts. Remove unused sheets, pictures "
    "and formatting, or split it into smaller files."
)
REQUIRED = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}


def _central(content: bytes, name: str, **fields) -> bytes:
    """``content`` with the central directory's record of ``name`` changed: what a crafted
    file can claim (``flags``, ``compress_size``, ``file_size``)."""
    import struct

    offsets = {"flags": (8, "<H"), "compress_size": (20, "<I"), "file_size": (24, "<I")}
    data = bytearray(content)
    at = data.index(b"PK\x01\x02")  # the first record
    while True:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            break
        at = data.index(b"PK\x01\x02", at + 4)
    for field, value in fields.items():
        offset, layout = offsets[field]
        struct.pack_into(layout, data, at + offset, value)
    return bytes(data)


def test_a_workbook_needs_both_of_its_required_parts():
    for missing in REQUIRED:
        parts = {name: data for name, data in REQUIRED.items() if name != missing}
        assert refusal(safety.check_zip, _zip(parts)) == NOT_XLSX


def test_the_number_of_parts_is_bounded_at_the_limit():
    extra = {f"xl/media/image{n}.xml": "<a/>" for n in range(safety.MAX_ZIP_ENTRIES - 2)}
    safety.check_zip(_zip({**REQUIRED, **extra}))
    extra["xl/media/one-more.xml"] = "<a/>"
    assert refusal(safety.check_zip, _zip({**REQUIRED, **extra})) == TOO_BIG


def test_the_sizes_are_bounded_part_by_part_and_in_total(monkeypatch):
    monkeypatch.setattr(safety, "MAX_PART_BYTES", 60)
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 100)
    small = {"[Content_Types].xml": "<T/>", "xl/workbook.xml": "<w/>"}  # 4 bytes each

    def parts(*sizes):
        return _zip({**small, **{f"xl/p{n}.xml": "x" * size for n, size in enumerate(sizes)}})

    safety.check_zip(parts(60))  # a part at the limit
    assert refusal(safety.check_zip, parts(61)) == TOO_BIG
    safety.check_zip(parts(46, 46))  # 100 bytes in all: the limit
    assert refusal(safety.check_zip, parts(46, 47)) == TOO_BIG  # no part too big, the sum is


def test_a_large_part_that_compresses_too_well_is_a_bomb():
    megabyte = 1024 * 1024
    zeros = {**REQUIRED, "xl/zeros.xml": "0" * megabyte}
    safety.check_zip(_zip(zeros))  # up to a megabyte the ratio is not looked at
    zeros["xl/zeros.xml"] += "0"
    assert refusal(safety.check_zip, _zip(zeros)) == TOO_BIG


def test_the_compression_ratio_is_refused_above_its_limit_only():
    content = _zip({**REQUIRED, "xl/part.xml": "<a>" + "x" * 20_000 + "</a>"})
    ratio = safety.MAX_COMPRESSION_RATIO
    at_limit = _central(content, "xl/part.xml", compress_size=10_000, file_size=10_000 * ratio)
    safety.check_zip(at_limit)
    above = _central(content, "xl/part.xml", compress_size=10_000, file_size=10_000 * ratio + 1)
    assert refusal(safety.check_zip, above) == TOO_BIG
    nothing = _central(content, "xl/part.xml", compress_size=0, file_size=2 * 1024 * 1024)
    assert refusal(safety.check_zip, nothing) == TOO_BIG


def test_an_encrypted_part_is_refused_and_a_compression_option_is_not():
    content = _zip(REQUIRED)
    assert refusal(safety.check_zip, _central(content, "xl/workbook.xml", flags=0x1)) == NOT_XLSX
    safety.check_zip(_central(content, "xl/workbook.xml", flags=0x2))  # "maximum compression"


def test_formulas_are_read_as_written_so_that_they_can_be_refused():
    workbook = openpyxl.Workbook()
    workbook.active.append(["=1+1", '=HYPERLINK("https://example.com")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = safety.open_workbook(buffer.getvalue())
    assert list(read.active.iter_rows(values_only=True)) == [
        ("=1+1", '=HYPERLINK("https://example.com")')
    ]
