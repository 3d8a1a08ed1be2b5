"""Sheets → rows of cells, each cell with its address; and the typed reading of one cell.

Every problem names its cell (``H7``) and says in plain words what is wrong and how to fix
it. Reading never raises on bad content: a bad cell becomes a problem on its row, so the
preview can list every row with what is wrong with it.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from strategies import fiscal, thai
from strategies.excel import layout
from strategies.excel.safety import WorkbookRefused

MAX_ROWS = 5000  # data rows per sheet
MAX_COLUMNS = 60
ROW_SCAN_LIMIT = 20_000  # rows looked at per sheet, empty ones included
MAX_DIGITS = 16
MAX_AMOUNT = Decimal("99999999999999.99")


@dataclass
class Problem:
    cell: str  # "H7", or "" for the whole sheet
    message: str


@dataclass
class Cell:
    ref: str
    value: object
    formula: bool = False


@dataclass
class Row:
    number: int  # the Excel row number
    cells: dict[str, Cell]
    years: dict[int, Cell] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def cell(self, key) -> Cell | None:
        return self.cells.get(key)


@dataclass
class Sheet:
    spec: layout.SheetSpec
    title: str  # as named in the file
    columns: set[str]
    years: dict[int, str]  # target year → its column letter
    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column key → its letter

    def ref(self, row: Row, key) -> str:
        """The address of ``row``'s cell in column ``key`` (a year for a target column)."""
        letter = self.years.get(key) if isinstance(key, int) else self.letters.get(key)
        return f"{letter}{row.number}" if letter else f"{row.number}"


@dataclass
class ReadResult:
    sheets: dict[str, Sheet]  # by spec key
    ignored: list[str]  # sheet names not recognised


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheets(workbook, specs, *, years=None) -> ReadResult:
    """Read the sheets of ``specs`` found in ``workbook`` (by Thai or English name).

    ``years`` are the plan's fiscal years; a target column for another year is a problem.
    """
    by_name = {}
    for spec in specs:
        for name in spec.names:
            by_name[name] = spec
    sheets: dict[str, Sheet] = {}
    ignored = []
    for title in workbook.sheetnames:
        spec = by_name.get(layout.normalise(title))
        if spec is None or spec.key in sheets:
            if layout.normalise(title) not in {
                layout.normalise(layout.INSTRUCTIONS_TITLE),
                layout.normalise(layout.LISTS_TITLE),
            }:
                ignored.append(title)
            continue
        worksheet = workbook[title]
        if getattr(worksheet, "iter_rows", None) is None:  # a chart sheet
            ignored.append(title)
            continue
        sheets[spec.key] = _read_sheet(worksheet, spec, title, years or [])
    return ReadResult(sheets=sheets, ignored=ignored)


def _read_sheet(worksheet, spec, title, years) -> Sheet:
    names = {}
    for column in spec.columns:
        for name in column.names:
            names[name] = column.key
    sheet = Sheet(spec=spec, title=title, columns=set(), years={}, rows=[])
    positions: dict[int, str] = {}  # column index → key
    year_positions: dict[int, int] = {}
    header_seen = False
    data_rows = 0
    for index, cells in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if index > ROW_SCAN_LIMIT:
            sheet.problems.append(
                Problem("", _("The sheet has more than %(limit)s rows.") % {"limit": MAX_ROWS})
            )
            break
        values = [getattr(cell, "value", None) for cell in cells]
        if not header_seen:
            if all(_is_empty(value) for value in values):
                continue
            header_seen = True
            _read_header(sheet, spec, cells, index, names, positions, year_positions, years)
            continue
        if all(_is_empty(value) for value in values):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            sheet.problems.append(
                Problem("", _("The sheet has more than %(limit)s rows.") % {"limit": MAX_ROWS})
            )
            break
        sheet.rows.append(_read_row(cells, index, positions, year_positions))
    missing = [
        column
        for column in spec.columns
        if column.required and column.key not in sheet.columns and column.kind != "id"
    ]
    if header_seen and missing:
        # Without its key or required columns no row of the sheet can be read: say so once.
        sheet.problems.append(
            Problem(
                "",
                _("Required column(s) missing: %(columns)s.")
                % {"columns": ", ".join(f"“{column.header}”" for column in missing)},
            )
        )
        sheet.rows = []
    return sheet


def _read_header(sheet, spec, cells, index, names, positions, year_positions, years):
    for position, cell in enumerate(cells, start=1):
        value = getattr(cell, "value", None)
        if _is_empty(value):
            continue
        ref = f"{get_column_letter(position)}{index}"
        key = names.get(layout.normalise(value))
        if key is not None and key not in sheet.columns:
            sheet.columns.add(key)
            sheet.letters[key] = get_column_letter(position)
            positions[position] = key
            continue
        year = layout.year_of_header(value) if spec.year_prefix else None
        if year is None:
            continue  # a column of the office's own: ignored
        problem = year_problem(year, years)
        if problem:
            sheet.problems.append(Problem(ref, problem))
        elif year in sheet.years:
            sheet.problems.append(
                Problem(ref, _("A second target column for %(year)s.") % {"year": year})
            )
        else:
            sheet.years[year] = get_column_letter(position)
            year_positions[position] = year


def _read_row(cells, index, positions, year_positions) -> Row:
    row = Row(number=index, cells={})
    for position, cell in enumerate(cells, start=1):
        key = positions.get(position)
        year = year_positions.get(position)
        if key is None and year is None:
            continue
        ref = f"{get_column_letter(position)}{index}"
        value = getattr(cell, "value", None)
        formula = getattr(cell, "data_type", None) == "f"
        entry = Cell(ref=ref, value=None if formula else value, formula=formula)
        if formula:
            row.problems.append(
                Problem(ref, _("Formulas are not accepted: copy the cells and paste values only."))
            )
        if key is not None:
            row.cells[key] = entry
        else:
            row.years[year] = entry
    return row


def year_problem(year: int, years) -> str:
    """Why ``year`` cannot be one of the plan's fiscal years (empty if it can)."""
    if year < fiscal.MIN_FISCAL_YEAR:
        return _(
            "%(year)s looks like a Christian Era year: enter the Buddhist Era year (e.g. 2548)."
        ) % {"year": year}
    if years and year not in years:
        return _("Fiscal year %(year)s is outside the plan (%(first)s–%(last)s).") % {
            "year": year,
            "first": years[0],
            "last": years[-1],
        }
    return ""


# --------------------------------------------------------------------------
# Typed reading of one cell. Each returns (value, problem-or-None).
# --------------------------------------------------------------------------

THAI_DIGITS = thai.ARABIC_DIGITS  # Thai digits read as Arabic ones


def _plain(value) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def as_text(cell: Cell | None, *, required=False, max_length=None):
    if cell is None or _is_empty(cell.value):
        if required and not (cell and cell.formula):
            return "", _("This cell needs a value.")
        return "", None
    text = _plain(cell.value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if max_length and len(text) > max_length:
        return text, _("At most %(max)s characters (this has %(length)s).") % {
            "max": max_length,
            "length": len(text),
        }
    return text, None


def number_text(value) -> str:
    """A typed number without its separators, in ASCII digits."""
    return str(value).translate(THAI_DIGITS).replace(",", "").replace(" ", "").replace("\u00a0", "")


def as_decimal(cell: Cell | None, *, minimum=None, maximum=None):
    if cell is None or _is_empty(cell.value):
        return None, None
    value = cell.value
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time):
        return None, _("“%(value)s” is not a number.") % {"value": _plain(value)}
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(number_text(value))
    except (InvalidOperation, ValueError):
        return None, _("“%(value)s” is text where a number belongs.") % {
            "value": _plain(value)[:60]
        }
    if not number.is_finite():
        return None, _("“%(value)s” is text where a number belongs.") % {"value": _plain(value)}
    if abs(number) > MAX_AMOUNT:
        return None, _("The number is too large.")
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        return None, _("At most two decimal places (this is %(value)s).") % {"value": number}
    number = number.quantize(Decimal("0.01"))
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        return None, _("Enter a number from %(min)s to %(max)s.") % {
            "min": minimum if minimum is not None else "…",
            "max": maximum if maximum is not None else "…",
        }
    return number, None


def as_integer(cell: Cell | None, *, minimum=None, maximum=None):
    number, problem = as_decimal(cell)
    if problem or number is None:
        return None, problem
    if number != number.to_integral_value():
        return None, _("“%(value)s” is not a whole number.") % {"value": _plain(cell.value)}
    value = int(number)
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        return None, _("Enter a whole number from %(min)s to %(max)s.") % {
            "min": minimum,
            "max": maximum,
        }
    return value, None


def as_year(cell: Cell | None, years, *, required=False):
    """A B.E. fiscal year; one of ``years`` unless ``years`` is empty."""
    if cell is None or _is_empty(cell.value):
        return None, (_("This cell needs a value.") if required else None)
    year, problem = as_integer(cell, minimum=0, maximum=fiscal.MAX_FISCAL_YEAR)
    if problem:
        return None, problem
    problem = year_problem(year, years)
    return (None, problem) if problem else (year, None)


def as_choice(cell: Cell | None, index: dict[str, str], labels, *, required=False):
    if cell is None or _is_empty(cell.value):
        return None, (_("This cell needs a value.") if required else None)
    value = index.get(layout.normalise(_plain(cell.value)))
    if value is None:
        return None, _("“%(value)s” is not one of: %(choices)s.") % {
            "value": _plain(cell.value)[:60],
            "choices": ", ".join(labels),
        }
    return value, None


CODE_PART = re.compile(r"^\d{1,4}$")
MAX_NUMBER = 32767  # PositiveSmallIntegerField


def parse_code(text: str, depth: int) -> tuple[int, ...] | None:
    parts = text.translate(THAI_DIGITS).strip().rstrip(".").split(".")
    if len(parts) != depth or not all(CODE_PART.match(part.strip()) for part in parts):
        return None
    numbers = tuple(int(part) for part in parts)
    if not all(1 <= number <= MAX_NUMBER for number in numbers):
        return None
    return numbers


def code_example(depth: int) -> str:
    return ".".join(str(n) for n in (1, 2, 3)[:depth])


def as_code(cell: Cell | None, depth: int, *, required=True):
    text, problem = as_text(cell, required=required)
    if problem or not text:
        return None, problem
    code = parse_code(text, depth)
    if code is None:
        return None, _("The code “%(value)s” should look like %(example)s.") % {
            "value": text[:40],
            "example": code_example(depth),
        }
    return code, None


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]+", text) if part.strip()]


def code_text(code: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in code)


class AgencyIndex:
    """Agencies a row may name, by code or by exact name."""

    def __init__(self, organisations):
        self.by_key = {}
        self.organisations = list(organisations)
        for organisation in self.organisations:
            self.by_key[layout.normalise(organisation.code)] = organisation
        for organisation in self.organisations:
            self.by_key.setdefault(layout.normalise(organisation.name), organisation)

    def find(self, text):
        return self.by_key.get(layout.normalise(text))

    def one(self, cell: Cell | None):
        text, problem = as_text(cell)
        if problem or not text:
            return None, problem
        organisation = self.find(text)
        if organisation is None:
            return None, unknown_agency(text)
        return organisation, None

    def many(self, cell: Cell | None):
        text, problem = as_text(cell)
        if problem or not text:
            return [], problem
        found, unknown = [], []
        for part in split_list(text):
            organisation = self.find(part)
            if organisation is None:
                unknown.append(part)
            elif organisation not in found:
                found.append(organisation)
        if unknown:
            return [], unknown_agency(", ".join(unknown))
        return found, None


def unknown_agency(text) -> str:
    return _(
        "Unknown agency “%(value)s”: use an agency code from the sheet “%(sheet)s” "
        "(only the province and its line agencies)."
    ) % {"value": str(text)[:80], "sheet": layout.LISTS_TITLE}


__all__ = ["WorkbookRefused"]
