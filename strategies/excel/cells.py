"""Text in a spreadsheet is shown as typed, never run: the one rule every CSV and XLSX the
app writes goes through.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel, LibreOffice and Google Sheets — and a title typed by a province as
``=HYPERLINK(…)`` would run on the reviewer's machine (OWASP, "CSV Injection"). So:

- in a CSV such text gets a leading apostrophe, which spreadsheets read as "this is text"
  (:func:`csv_text`); any other text is written exactly as typed;
- in an XLSX every string is written as a string cell (never a formula), and one that
  begins like a formula also gets Excel's quote-prefix style, so that editing the cell in
  Excel does not turn it into one either (:func:`put_value`). The text itself is unchanged,
  so a workbook exported and imported again reads back the same.

Numbers stay numbers: only text is ever prefixed.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """``text`` for a CSV field: prefixed with ``'`` when it would be a formula."""
    return "'" + text if looks_like_formula(text) else text


def plain_number(value: Decimal) -> str:
    """A decimal as a spreadsheet reads it: ``1500000`` rather than ``1.5E+6``."""
    if value == value.to_integral():
        return format(value.normalize(), "f")
    return str(value)


def csv_field(value) -> str:
    """One CSV field: text neutralised, decimals plain, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """A CSV document of ``rows`` (the header first), every field through :func:`csv_field`,
    in UTF-8 with a byte-order mark so that spreadsheets read the Thai."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_field(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def put_value(cell, value):
    """Write ``value`` into an openpyxl ``cell``; text always as text, never a formula."""
    if value is None or value == "":
        cell.value = None
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise take "=…" for a formula
        if looks_like_formula(value):
            cell.quotePrefix = True  # and Excel would, once the cell is edited
    return cell
