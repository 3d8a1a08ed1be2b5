"""Build workbooks for the tests the way an office would: openpyxl, Thai headers."""

import io

import openpyxl

from strategies.excel import layout


def headers(spec, *, years=()):
    return [column.header for column in spec.columns] + [
        f"{spec.year_prefix} {year}" for year in years
    ]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """``{sheet title: [header row, row, …]}`` → xlsx bytes. Strings starting with "=" are
    formulas, as when typed in Excel."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill(content: bytes, sheets: dict[str, list[list]]) -> bytes:
    """Append rows to the sheets of a downloaded template (below its header row)."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for title, rows in sheets.items():
        sheet = workbook[title]
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit(content: bytes, title: str, cell: str, value) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    workbook[title][cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(content: bytes, title: str) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


PLAN = {spec.key: spec for spec in layout.PLAN_SHEETS}
