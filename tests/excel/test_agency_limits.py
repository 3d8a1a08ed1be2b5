"""The Excel agency import keeps to what one Blueprint may hold (proposals.limits)."""

import pytest
from django.urls import reverse

from proposals import workflow
from proposals.models import ChangeProposal, Section, SectionKey
from proposals.rows import KINDS
from tests.excel.test_agency_import import change_rows, preview_of, upload
from tests.excel.workbooks import fill

pytestmark = pytest.mark.django_db

CHANGE = KINDS["change"]
SHEET = "ประเด็นการเปลี่ยนแปลง"


@pytest.fixture
def assigned(world, blueprint):
    """The change-proposals section is assigned to the contributor's agency."""
    section = Section.objects.get(blueprint=blueprint, key=SectionKey.CHANGES)
    workflow.section_assign(
        user=world.editor, section=section, assignee=world.agency, due_date=None,
        status=section.status, instructions="", version=section.version,
    )  # fmt: skip
    return blueprint


def template_for(client, blueprint):
    return client.get(reverse("excel:blueprint_template", args=[blueprint.pk])).content


def test_a_cell_past_the_text_bound_is_an_error_of_the_preview(world, assigned, client):
    client.force_login(world.contributor)
    rows = change_rows()
    rows[0][3] = "ก" * (CHANGE.max_chars + 1)  # the gap
    filled = fill(template_for(client, assigned), {SHEET: rows})
    _url, preview, page = preview_of(client, upload(client, assigned, filled))
    assert preview.counts["error"] == 1 and preview.counts["create"] == 0
    assert "3000" in page.content.decode() or "3,000" in page.content.decode()


def test_an_import_past_the_row_bound_imports_nothing_with_a_thai_message(world, assigned, client):
    ChangeProposal.objects.bulk_create(
        ChangeProposal(blueprint=assigned, category="quality", title=f"ข้อเสนอ {n}", position=n)
        for n in range(1, CHANGE.max_rows + 1)
    )
    # The strategy office's import writes live rows: the bound refuses it. (An agency's
    # import is a proposal; the bound applies when the office accepts it.)
    client.force_login(world.editor)
    client.cookies["django_language"] = "th"
    filled = fill(template_for(client, assigned), {SHEET: change_rows()})
    url, preview, _page = preview_of(client, upload(client, assigned, filled))
    response = client.post(url, {"fingerprint": preview.fingerprint}, follow=True)
    page = response.content.decode()
    assert "ได้ไม่เกิน 100 รายการ" in page
    assert ChangeProposal.objects.filter(blueprint=assigned).count() == CHANGE.max_rows
