"""The Blueprint's data inside its PDF: written by the renderer, read back by the importer.

Every Blueprint PDF is PDF/A-3b with one embedded file:

- name ``blueprint.json``, MIME type ``application/json``, UTF-8, relationship
  ``/Source`` (the document was rendered from it), listed in the catalogue's ``/AF``;
- content: exactly the dict the PDF was rendered from — the snapshot schema of
  :mod:`proposals.snapshot` (``schema_version`` first; a reader checks it before
  anything else). A submission carries its ``Snapshot.data`` unchanged; a draft
  carries the same shape built from the working copy, with ``submitted_at: null``
  and an empty ``submitted_by``.
"""

import io
import json

ATTACHMENT_NAME = "blueprint.json"
RELATIONSHIP = "Source"
DESCRIPTION = "ข้อมูลข้อเสนอการเปลี่ยนแปลงในรูปแบบ JSON (Blueprint for Change data)"


class NoBlueprintData(ValueError):
    """The file is not a PDF, or carries no readable ``blueprint.json``."""


def encode(data: dict) -> bytes:
    """The attachment's bytes for ``data``."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def json_attachment(data: dict, *, created, url_fetcher=None):
    """The ``blueprint.json`` attachment (a ``weasyprint.Attachment``) for ``write_pdf``."""
    from weasyprint import Attachment

    return Attachment(
        string=encode(data),
        name=ATTACHMENT_NAME,
        description=DESCRIPTION,
        created=created,
        modified=created,
        relationship=RELATIONSHIP,
        url_fetcher=url_fetcher,
    )


def read_attachment(content: bytes) -> dict:
    """The ``blueprint.json`` dict embedded in a PDF, or :class:`NoBlueprintData`."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not content.startswith(b"%PDF-"):
        raise NoBlueprintData("not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(content))
        files = reader.attachments
        payloads = files.get(ATTACHMENT_NAME) or []
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise NoBlueprintData(f"unreadable PDF: {error}") from error
    if not payloads:
        raise NoBlueprintData(f"the PDF has no {ATTACHMENT_NAME} attachment")
    try:
        data = json.loads(payloads[0].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NoBlueprintData(f"{ATTACHMENT_NAME} is not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise NoBlueprintData(f"{ATTACHMENT_NAME} does not hold a Blueprint")
    return data
