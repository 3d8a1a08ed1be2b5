"""Refuse a hostile or malformed workbook before it costs memory, time or a server error.

An ``.xlsx`` file is a zip of XML parts. Before openpyxl sees it, the upload is checked for
size, for being a real zip with a workbook in it, for a plausible uncompressed size (a
"zip bomb" expands a few kilobytes into gigabytes) and for document type declarations (XML
entity expansion; no genuine workbook has one). openpyxl then reads it in read-only mode,
so only one row at a time is in memory; :mod:`strategies.excel.reading` caps rows and
columns and refuses formulas.

Declarations are found by parsing, not by looking for bytes: every part of the zip, whatever
its name (a sheet may be stored as ``sheet1.dat`` and still be read), is fed in full to
defusedxml's parser, which reads any encoding (UTF-16 included) the way openpyxl's parser
would and stops at the first ``<!DOCTYPE``. openpyxl itself parses with defusedxml too when it
is installed (``openpyxl.DEFUSEDXML``); :func:`open_workbook` refuses to run without it.
"""

import io
import zipfile

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_PART_BYTES = 40 * 1024 * 1024
MAX_ZIP_ENTRIES = 300
MAX_COMPRESSION_RATIO = 150  # real sheets compress ~10×; bombs compress thousands of times
MAX_SHEETS = 30
XML_CHUNK_BYTES = 64 * 1024


class WorkbookRefused(Exception):
    """The file is not a workbook this app will read; ``message`` tells the person why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def too_large() -> str:
    """The message for a file cut off at :data:`MAX_UPLOAD_BYTES` while it was received."""
    return _("The file is too large: the limit is %(limit)s MB.") % {
        "limit": MAX_UPLOAD_BYTES // 1024 // 1024
    }


def check_upload(name: str, size: int) -> None:
    """The file's name and size, before reading it."""
    if not name.lower().endswith(".xlsx"):
        raise WorkbookRefused(
            _("Upload an Excel workbook (.xlsx). Save older .xls or .csv files as .xlsx first.")
        )
    if size == 0:
        raise WorkbookRefused(_("The file is empty."))
    if size > MAX_UPLOAD_BYTES:
        raise WorkbookRefused(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
        )


def check_zip(content: bytes) -> None:
    """Refuse anything that is not a plain, sanely sized xlsx zip."""
    not_xlsx = _(
        "This file is not an Excel workbook (.xlsx). If it is password-protected, "
        "remove the password; if it is an old .xls file, save it as .xlsx."
    )
    if not content.startswith(b"PK\x03\x04"):
        raise WorkbookRefused(not_xlsx)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise WorkbookRefused(not_xlsx) from error
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise WorkbookRefused(not_xlsx)
    too_big = WorkbookRefused(
        _("The workbook expands to more data than this app accepts. Remove unused sheets, "
          "pictures and formatting, or split it into smaller files.")
    )  # fmt: skip
    if len(entries) > MAX_ZIP_ENTRIES:
        raise too_big
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:  # encrypted member
            raise WorkbookRefused(not_xlsx)
        total += entry.file_size
        if entry.file_size > MAX_PART_BYTES or total > MAX_UNCOMPRESSED_BYTES:
            raise too_big
        if entry.file_size > 1024 * 1024 and (
            entry.compress_size == 0
            or entry.file_size / entry.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise too_big
    for entry in entries:
        _check_part(archive, entry, not_xlsx)


class _Nothing:
    """A parser target that builds nothing: the parse is only a check."""

    def close(self):
        return None


def _check_part(archive, entry, not_xlsx: str) -> None:
    """Refuse ``entry`` if it is XML with a document type declaration (and so entities).

    A part that is not XML at all (a picture) stops the parser at its first bytes; openpyxl
    would fail on it the same way, so it is left to openpyxl's own error.
    """
    parser = DefusedXMLParser(
        target=_Nothing(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    expat = getattr(parser, "parser", None)
    if expat is not None:
        # Text would otherwise go through a Python callback that does nothing here: five
        # times slower. The declaration handlers that refuse are not touched.
        expat.DefaultHandlerExpand = None
    try:
        with archive.open(entry) as part:
            while chunk := part.read(XML_CHUNK_BYTES):
                parser.feed(chunk)
            parser.close()
    except DefusedXmlException as error:
        raise WorkbookRefused(
            _("This file contains XML declarations (DOCTYPE or ENTITY) that Excel never "
              "writes, so it is not accepted. Open it in Excel, save it again as .xlsx "
              "and retry.")
        ) from error  # fmt: skip
    except ParseError:
        return
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as error:
        raise WorkbookRefused(not_xlsx) from error


def open_workbook(content: bytes):
    """The workbook, read-only and with formulas visible (so they can be refused)."""
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured(
            "openpyxl is not using defusedxml: install defusedxml and leave "
            "OPENPYXL_DEFUSEDXML unset."
        )
    check_zip(content)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:  # openpyxl raises many types on malformed parts
        raise WorkbookRefused(
            _("The workbook could not be read. Open it in Excel, save it again as .xlsx and retry.")
        ) from error
    if len(workbook.sheetnames) > MAX_SHEETS:
        workbook.close()
        raise WorkbookRefused(
            _("The workbook has %(count)s sheets; at most %(limit)s are accepted.")
            % {"count": len(workbook.sheetnames), "limit": MAX_SHEETS}
        )
    return workbook
