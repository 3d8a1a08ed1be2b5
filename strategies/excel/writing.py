"""Templates and exports: the same sheets, empty or filled, so exports import back unchanged.

Every workbook starts with an instructions sheet in Thai, ends with a sheet of reference
lists (agency codes and names, perspectives, budget sources…) that the drop-down lists of
the data sheets point to. Text is always written as text, never as a formula, even when it
begins with "=" (a title typed as "=..." must not run in someone's Excel): every cell goes
through :func:`strategies.excel.cells.put_value`.
"""

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from strategies import http
from strategies.excel import layout
from strategies.excel.cells import put_value

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
VALIDATED_ROWS = 1000  # drop-down lists and text format on this many rows of each sheet
TEXT_KINDS = {"code", "text", "list", "agency", "agencies", "choice"}


@dataclass
class ReferenceList:
    """One block of the reference sheet: a header and (value, description) rows."""

    title: str
    rows: list[tuple[str, str]]
    column: int = 0  # filled in when written
    first_row: int = 0
    last_row: int = 0

    def formula(self) -> str:
        letter = get_column_letter(self.column)
        return (
            f"{quote_sheetname(layout.LISTS_TITLE)}!${letter}${self.first_row}:"
            f"${letter}${max(self.last_row, self.first_row)}"
        )


def put(worksheet, row: int, column: int, value, *, number_format=None):
    """Write one cell; strings always as text."""
    cell = put_value(worksheet.cell(row=row, column=column), value)
    if number_format:
        cell.number_format = number_format
    return cell


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def write_instructions(workbook, title: str, facts: list[tuple[str, str]], specs, rules):
    sheet = workbook.create_sheet(layout.INSTRUCTIONS_TITLE)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    put(sheet, 1, 1, title).font = TITLE_FONT
    row = 3
    for label, value in facts:
        put(sheet, row, 1, label).font = BOLD
        put(sheet, row, 2, value).alignment = WRAP
        row += 1
    row += 1
    put(sheet, row, 1, "วิธีกรอก").font = BOLD
    row += 1
    for number, rule in enumerate(rules, start=1):
        put(sheet, row, 1, f"{number}.")
        put(sheet, row, 2, rule).alignment = WRAP
        row += 1
    for spec in specs:
        row += 1
        put(sheet, row, 1, f"ชีต “{spec.title}”").font = BOLD
        put(sheet, row, 2, spec.purpose).alignment = WRAP
        row += 1
        for column in spec.columns:
            mark = " *" if column.required else ""
            put(sheet, row, 1, f"  {column.header}{mark}")
            put(sheet, row, 2, column.note or "").alignment = WRAP
            row += 1
        if spec.year_prefix:
            put(sheet, row, 1, f"  {spec.year_prefix} …")
            put(sheet, row, 2, "หนึ่งคอลัมน์ต่อปีงบประมาณของแผน (ตัวเลข)").alignment = WRAP
            row += 1
    row += 1
    put(sheet, row, 1, "* คอลัมน์ที่ต้องกรอก")
    return sheet


def place_lists(lists: list[ReferenceList]) -> list[ReferenceList]:
    """Decide where each list goes on the reference sheet (the data sheets point there)."""
    for index, reference in enumerate(lists):
        reference.column = 1 + 3 * index
        reference.first_row = 2
        reference.last_row = 1 + len(reference.rows)
    return lists


def write_lists(workbook, lists: list[ReferenceList]):
    """The reference sheet, last in the workbook; call :func:`place_lists` first."""
    sheet = workbook.create_sheet(layout.LISTS_TITLE)
    for reference in lists:
        column = reference.column
        head = put(sheet, 1, column, reference.title)
        head.font = HEADER_FONT
        head.fill = HEADER_FILL
        put(sheet, 1, column + 1, "คำอธิบาย").font = BOLD
        for offset, (value, description) in enumerate(reference.rows):
            put(sheet, reference.first_row + offset, column, value)
            put(sheet, reference.first_row + offset, column + 1, description)
        sheet.column_dimensions[get_column_letter(column)].width = 24
        sheet.column_dimensions[get_column_letter(column + 1)].width = 48
    sheet.freeze_panes = "A2"
    return sheet


def write_sheet(workbook, spec, rows, *, years=(), validations=None):
    """A data sheet: the header, ``rows`` (lists of cell values, in column order), formats,
    and drop-down lists (``validations``: column key → a ReferenceList, or a
    DataValidation)."""
    sheet = workbook.create_sheet(spec.title)
    headers = [column.header + (" *" if column.required else "") for column in spec.columns]
    headers += [f"{spec.year_prefix} {year}" for year in years]
    for index, header in enumerate(headers, start=1):
        cell = put(sheet, 1, index, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "B2"
    last_row = max(VALIDATED_ROWS, len(rows) + 1)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in TEXT_KINDS:
            # Typed codes stay text ("1.10" must not become the number 1.1).
            sheet.column_dimensions[letter].number_format = "@"
    for offset in range(len(years)):
        sheet.column_dimensions[get_column_letter(len(spec.columns) + 1 + offset)].width = 14
    for row_index, values in enumerate(rows, start=2):
        for column_index, value in enumerate(values, start=1):
            number_format = None
            if not isinstance(value, str) and value is not None:
                number_format = "#,##0.00" if not isinstance(value, int) else "0"
            cell = put(sheet, row_index, column_index, value, number_format=number_format)
            if isinstance(value, str) and len(value) > 60:
                cell.alignment = WRAP
    for key, rule in (validations or {}).items():
        index = next(i for i, column in enumerate(spec.columns, start=1) if column.key == key)
        letter = get_column_letter(index)
        if isinstance(rule, ReferenceList):
            strict = spec.column(key).kind == "choice"
            rule = DataValidation(
                type="list",
                formula1=rule.formula(),
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop" if strict else "warning",
                errorTitle="ค่าไม่อยู่ในรายการ",
                error=f"เลือกจากรายการในชีต “{layout.LISTS_TITLE}”",
            )
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{last_row}")
    return sheet


def number_rule(minimum=None, maximum=None, *, whole=False) -> DataValidation:
    rule = DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1=str(minimum if minimum is not None else -99999999999999),
        formula2=str(maximum if maximum is not None else 99999999999999),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="ต้องเป็นตัวเลข",
        error="กรอกเป็นตัวเลขเท่านั้น",
    )
    return rule


def to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = http.XLSX_CONTENT_TYPE
