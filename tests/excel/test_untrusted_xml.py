"""XML declarations in an uploaded workbook: refused wherever they hide, never expanded.

Every part of an upload is parsed with defusedxml before openpyxl reads it. These workbooks
get past a filter that looks for ``<!DOCTYPE`` in the first bytes of the parts named
``*.xml``: the declaration comes after a 70 KB comment, the part is encoded in UTF-16, or
the sheet is stored under a name that does not end in ``.xml``.
"""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from proposals import workflow
from proposals.excel_sheets import AGENCY_SHEETS
from proposals.models import Section, SectionKey
from strategies.excel import safety
from strategies.excel.models import ImportBatch, ImportKind
from tests.excel.workbooks import PLAN, headers, xlsx

pytestmark = pytest.mark.django_db

MARKER = "MARKERTEXT"  # the cell the entity replaces
EXPANDED = "ข้อความจากเอนทิตี"
DECLARATION = f'<!DOCTYPE x [<!ENTITY e "{EXPANDED}">]>'
COMMENT = "<!--" + "x" * (70 * 1024) + "-->"
CHANGES = {spec.key: spec for spec in AGENCY_SHEETS}["change"]


def _rewrite(content: bytes, rewrite) -> bytes:
    """``content`` with each part passed through ``rewrite(name, text)`` → (name, bytes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            name, data = rewrite(entry.filename, source.read(entry).decode("utf-8"))
            archive.writestr(name, data)
    return buffer.getvalue()


def _body(text: str) -> str:
    return text.split("?>", 1)[1] if text.startswith("<?xml") else text


def _inline_entity(text: str, cell: str) -> str:
    """The sheet's ``cell`` as an inline string holding the entity reference."""
    return re.sub(
        rf'<c r="{cell}"[^>]*>.*?</c>',
        f'<c r="{cell}" t="inlineStr"><is><t>&e;</t></is></c>',
        text,
        count=1,
    )


SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SST_BODY = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&e;</t></si></sst>'
)


def _shared_strings(content: bytes, cell: str, part: bytes) -> bytes:
    """The workbook with ``cell`` taken from a shared-strings part ``part`` (as Excel
    writes text; openpyxl writes inline strings)."""

    def rewrite(name, text):
        if name == "xl/worksheets/sheet1.xml":
            text = re.sub(rf'<c r="{cell}"[^>]*>.*?</c>', f'<c r="{cell}" t="s"><v>0</v></c>', text)
        elif name == "[Content_Types].xml":
            override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
            text = text.replace("</Types>", override + "</Types>")
        elif name == "xl/_rels/workbook.xml.rels":
            rel = f'<Relationship Id="rIdSst" Type="{SST_REL}" Target="sharedStrings.xml"/>'
            text = text.replace("</Relationships>", rel + "</Relationships>")
        return name, text.encode("utf-8")

    rewritten = _rewrite(content, rewrite)
    buffer = io.BytesIO(rewritten)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", part)
    return buffer.getvalue()


def comment_then_doctype_in_shared_strings(content: bytes, cell: str) -> bytes:
    text = '<?xml version="1.0" encoding="UTF-8"?>' + COMMENT + DECLARATION + SST_BODY
    return _shared_strings(content, cell, text.encode("utf-8"))


def comment_then_doctype_in_sheet(content: bytes, cell: str) -> bytes:
    def rewrite(name, text):
        if name == "xl/worksheets/sheet1.xml":
            text = _inline_entity(text, cell)
            text = '<?xml version="1.0" encoding="UTF-8"?>' + COMMENT + DECLARATION + _body(text)
        return name, text.encode("utf-8")

    return _rewrite(content, rewrite)


def utf16_sheet(content: bytes, cell: str) -> bytes:
    def rewrite(name, text):
        if name == "xl/worksheets/sheet1.xml":
            text = _inline_entity(text, cell)
            text = '<?xml version="1.0" encoding="UTF-16"?>' + DECLARATION + _body(text)
            return name, text.encode("utf-16")  # with a byte-order mark, as Windows writes it
        return name, text.encode("utf-8")

    return _rewrite(content, rewrite)


def utf16_shared_strings(content: bytes, cell: str) -> bytes:
    text = '<?xml version="1.0" encoding="UTF-16"?>' + DECLARATION + SST_BODY
    return _shared_strings(content, cell, text.encode("utf-16"))


def sheet_under_another_name(content: bytes, cell: str) -> bytes:
    """The sheet stored as ``sheet1.dat``: the content types and relationships point to it."""

    def rewrite(name, text):
        if name == "xl/worksheets/sheet1.xml":
            name = "xl/worksheets/sheet1.dat"
            text = '<?xml version="1.0"?>' + DECLARATION + _body(_inline_entity(text, cell))
        else:
            text = text.replace("worksheets/sheet1.xml", "worksheets/sheet1.dat")
        return name, text.encode("utf-8")

    return _rewrite(content, rewrite)


def doctype_without_entities_in_relationships(content: bytes, cell: str) -> bytes:
    def rewrite(name, text):
        if name == "xl/_rels/workbook.xml.rels":
            text = '<?xml version="1.0"?>' + COMMENT + "<!DOCTYPE Relationships>" + _body(text)
        return name, text.encode("utf-8")

    return _rewrite(content, rewrite)


HOSTILE = [
    comment_then_doctype_in_shared_strings,
    comment_then_doctype_in_sheet,
    utf16_sheet,
    utf16_shared_strings,
    sheet_under_another_name,
    doctype_without_entities_in_relationships,
]


def plan_workbook() -> bytes:
    return xlsx({"เป้าประสงค์": [headers(PLAN["goals"]), ["1.2", MARKER, "ประสิทธิผล"]]})


def agency_workbook() -> bytes:
    row = ["", "การพัฒนาคุณภาพ", MARKER, "ช่องว่าง", "ผล", "1.1", "chumphon-agri", 2548, 2549]
    return xlsx({CHANGES.title: [headers(CHANGES), row]})


@pytest.fixture
def assigned(world, blueprint):
    section = Section.objects.get(blueprint=blueprint, key=SectionKey.CHANGES)
    workflow.section_assign(
        user=world.editor,
        section=section,
        assignee=world.agency,
        due_date=None,
        status=section.status,
        instructions="",
        version=section.version,
    )
    return blueprint


def test_the_workbooks_are_real_ones_apart_from_the_declaration():
    """Without the entity the same files open in openpyxl, so only the declaration is refused."""
    for content in (plan_workbook(), agency_workbook()):
        safety.check_zip(content)
        assert openpyxl.load_workbook(io.BytesIO(content), read_only=True).sheetnames


@pytest.mark.parametrize("make", HOSTILE)
def test_a_declaration_anywhere_is_refused_by_the_plan_import(world, chain, client, make):
    client.force_login(world.editor)
    content = make(plan_workbook(), "B2")
    response = client.post(
        reverse("excel:plan", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("แผน.xlsx", content)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "XML declarations" in page
    assert EXPANDED not in page
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("make", HOSTILE)
def test_a_declaration_anywhere_is_refused_by_the_agency_import(
    world, chain, assigned, client, make
):
    client.force_login(world.contributor)
    content = make(agency_workbook(), "C2")
    response = client.post(
        reverse("excel:blueprint", args=[assigned.pk]),
        {"file": SimpleUploadedFile("input.xlsx", content)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "XML declarations" in page
    assert EXPANDED not in page
    assert not ImportBatch.objects.exists()


def test_the_refusal_is_in_thai(world, chain):
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.editor)
    response = client.post(
        reverse("excel:plan", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("แผน.xlsx", utf16_sheet(plan_workbook(), "B2"))},
    )
    assert response.status_code == 400
    assert "ไฟล์นี้มีการประกาศ DOCTYPE หรือ ENTITY ของ XML" in response.content.decode()


def test_a_stored_upload_with_a_declaration_is_not_expanded_in_the_preview(world, chain, client):
    """A batch stored before this check (or by any other path) is checked again when shown."""
    client.force_login(world.editor)
    content = comment_then_doctype_in_sheet(plan_workbook(), "B2")
    batch = ImportBatch.objects.create(
        kind=ImportKind.ACTION_PLAN,
        target_id=world.plan.pk,
        user=world.editor,
        filename="แผน.xlsx",
        sha256="0" * 64,
        size=len(content),
        content=content,
    )
    page = client.get(reverse("excel:preview", args=[batch.pk]))
    assert page.status_code == 302  # back to the upload page, with the message
    assert not ImportBatch.objects.exists()
    shown = client.get(page["Location"]).content.decode()
    assert "XML declarations" in shown
    assert EXPANDED not in shown


def test_openpyxl_parses_with_defusedxml(monkeypatch):
    """openpyxl picks defusedxml up by itself when installed; without it, nothing is read."""
    assert openpyxl.DEFUSEDXML is True
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ImproperlyConfigured) as refused:
        safety.open_workbook(plan_workbook())
    # The operator reads what to do in the error.
    assert str(refused.value) == (
        "openpyxl is not using defusedxml: install defusedxml and leave OPENPYXL_DEFUSEDXML unset."
    )
