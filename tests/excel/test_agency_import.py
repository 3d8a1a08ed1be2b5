"""A line agency sends its part of a Blueprint in Excel: into its agency input (issue 20),
which the strategy office accepts or returns; the office imports through proposals.services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals import history, services, workflow
from proposals.excel_sheets import AGENCY_SHEETS
from proposals.models import ChangeProposal, Revision, Risk, Section, SectionKey
from proposals.participation import inputs
from proposals.participation.models import AgencyInput
from tests.conftest import ACTORS
from tests.excel.workbooks import edit, fill, headers, xlsx

pytestmark = pytest.mark.django_db

CHANGES = {spec.key: spec for spec in AGENCY_SHEETS}["change"]


@pytest.fixture
def assigned(world, blueprint):
    """The change-proposals section is assigned to the contributor's agency."""
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


def upload(client, blueprint, content):
    return client.post(
        reverse("excel:blueprint", args=[blueprint.pk]),
        {"file": SimpleUploadedFile("input.xlsx", content)},
    )


def preview_of(client, response):
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return response["Location"], page.context["preview"], page


ROW = ["", "การพัฒนาคุณภาพ", "ตลาดผลไม้ออนไลน์", "เกษตรกรขายผ่านพ่อค้าคนกลาง", "รายได้เพิ่ม"]


def change_rows(indicator_code="1.1", agency="chumphon-agri", start=2548, end=2549):
    return [ROW + [indicator_code, agency, start, end]]


def test_a_contributor_imports_change_proposals(world, chain, assigned, client):
    client.force_login(world.contributor)
    page = client.get(reverse("excel:blueprint", args=[assigned.pk]))
    assert page.status_code == 200
    template = client.get(reverse("excel:blueprint_template", args=[assigned.pk])).content
    filled = fill(template, {"ประเด็นการเปลี่ยนแปลง": change_rows()})
    url, preview, page = preview_of(client, upload(client, assigned, filled))
    assert preview.counts == {"create": 1, "update": 0, "unchanged": 0, "error": 0}
    assert not ChangeProposal.objects.exists()

    response = client.post(url, {"fingerprint": preview.fingerprint})
    assert response.status_code == 302
    # Into the agency's draft input, not the Blueprint; live once the office accepts it.
    draft = AgencyInput.objects.get(blueprint=assigned, agency=world.agency)
    assert response["Location"] == draft.get_absolute_url()
    assert not ChangeProposal.objects.exists()
    submit_and_accept(world, assigned, draft)
    change = ChangeProposal.objects.get(blueprint=assigned)
    assert (change.category, change.title, change.indicator, change.responsible_agency) == (
        "quality",
        "ตลาดผลไม้ออนไลน์",
        chain["indicator"],
        world.agency,
    )
    assert (change.start_year, change.end_year) == (2548, 2549)
    revision = Revision.objects.filter(blueprint=assigned, kind="change").get()
    assert revision.author == world.contributor  # kept in the section's history

    # The same file again: nothing new.
    url, preview, page = preview_of(client, upload(client, assigned, filled))
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 1, "error": 0}
    assert "Nothing to import" in page.content.decode()

    # Export, edit the row in Excel, import: the row (found by its id) is updated.
    exported = client.get(reverse("excel:blueprint_export", args=[assigned.pk])).content
    edited = edit(exported, "ประเด็นการเปลี่ยนแปลง", "C2", "ตลาดผลไม้ออนไลน์ทั้งจังหวัด")
    url, preview, page = preview_of(client, upload(client, assigned, edited))
    assert preview.counts["update"] == 1 and preview.counts["create"] == 0
    client.post(url, {"fingerprint": preview.fingerprint})
    change.refresh_from_db()
    assert change.title == "ตลาดผลไม้ออนไลน์"
    submit_and_accept(world, assigned, AgencyInput.objects.get(status="draft"))
    change.refresh_from_db()
    assert change.title == "ตลาดผลไม้ออนไลน์ทั้งจังหวัด" and change.version == 2
    assert ChangeProposal.objects.count() == 1


def submit_and_accept(world, blueprint, draft):
    inputs.input_submit(user=world.contributor, agency_input=draft)
    inputs.input_accept(
        user=world.editor,
        agency_input=draft,
        head=history.latest_number(blueprint, draft.section.key),
    )


def test_a_sheet_of_a_section_not_assigned_to_the_agency_is_shown_read_only(
    world, chain, assigned, client
):
    client.force_login(world.contributor)
    risks = {spec.key: spec for spec in AGENCY_SHEETS}["risk"]
    content = xlsx(
        {
            "ความเสี่ยง": [headers(risks), ["", "ฝนทิ้งช่วง", "สูง", "ปานกลาง", "", ""]],
            "ประเด็นการเปลี่ยนแปลง": [headers(CHANGES), *change_rows()],
        }
    )
    url, preview, page = preview_of(client, upload(client, assigned, content))
    assert not preview.has_errors  # shown, never refused (issue 20)
    assert preview.sheet("risk").read_only
    assert [row.label for row in preview.sheet("risk").rows] == ["ฝนทิ้งช่วง"]
    assert "Read only: not imported" in page.content.decode()
    assert preview.counts == {"create": 1, "update": 0, "unchanged": 1, "error": 0}
    client.post(url, {"fingerprint": preview.fingerprint})
    assert not Risk.objects.exists() and not ChangeProposal.objects.exists()
    item = AgencyInput.objects.get(blueprint=assigned).items.get()
    assert item.kind == "change"  # the risk went nowhere


@pytest.mark.parametrize(
    ("row", "cell", "message"),
    [
        (change_rows(agency="nobody"), "G2", "Unknown agency “nobody”"),
        (change_rows(indicator_code="9.9"), "F2", "The strategic issue has no indicator 9.9."),
        (change_rows(start=2553), "H2", "Fiscal year 2553 is outside the plan"),
        (change_rows(start=2550, end=2548), "I2", "The end year cannot come before"),
        ([["99999", *change_rows()[0][1:]]], "A2", "Row id 99999 is not a row of this sheet"),
        ([["", "ปฏิรูป", *change_rows()[0][2:]]], "B2", "“ปฏิรูป” is not one of"),
    ],
)
def test_agency_errors_name_their_cell(world, chain, assigned, client, row, cell, message):
    client.force_login(world.contributor)
    content = xlsx({"ประเด็นการเปลี่ยนแปลง": [headers(CHANGES), *row]})
    _url, preview, _page = preview_of(client, upload(client, assigned, content))
    problems = {(p.cell, p.message) for r in preview.sheet("change").rows for p in r.problems}
    assert any(c == cell and message in m for c, m in problems), problems


def test_a_frozen_blueprint_takes_no_import(world, chain, assigned, client):
    from proposals.models import Blueprint

    Blueprint.objects.filter(pk=assigned.pk).update(status="approved")
    client.force_login(world.editor)
    content = xlsx({"ประเด็นการเปลี่ยนแปลง": [headers(CHANGES), *change_rows()]})
    url, preview, page = preview_of(client, upload(client, assigned, content))
    assert preview.has_errors and "cannot be changed" in page.content.decode()


AGENCY_PAGE = {
    "anonymous": 302,
    "editor": 200,
    "contributor": 200,
    "viewer": 200,
    "reviewer": 404,  # never submitted: OPDC does not see it yet
    "stranger": 404,
    "admin": 200,
}
AGENCY_UPLOAD = {**AGENCY_PAGE, "editor": 302, "contributor": 302, "viewer": 403, "admin": 302}


@pytest.mark.parametrize("actor", ACTORS)
def test_agency_access(actor, world, chain, assigned, client_for):
    client = client_for(world.actor(actor))
    for name in ("excel:blueprint", "excel:blueprint_template", "excel:blueprint_export"):
        assert client.get(reverse(name, args=[assigned.pk])).status_code == AGENCY_PAGE[actor]
    content = xlsx({"ประเด็นการเปลี่ยนแปลง": [headers(CHANGES), *change_rows()]})
    response = client.post(
        reverse("excel:blueprint", args=[assigned.pk]),
        {"file": SimpleUploadedFile("input.xlsx", content)},
    )
    assert response.status_code == AGENCY_UPLOAD[actor]


def test_the_blueprint_page_links_to_the_excel_page(world, chain, assigned, client):
    client.force_login(world.contributor)
    page = client.get(assigned.get_absolute_url())
    assert reverse("excel:blueprint", args=[assigned.pk]) in page.content.decode()


def test_agency_import_is_all_or_nothing(world, chain, assigned, client, monkeypatch):
    client.force_login(world.editor)  # the office's import writes live rows
    rows = change_rows() + [["", "การปรับปรุงประสิทธิภาพ", "ลดขั้นตอนอนุญาต", "", "", "", "", "", ""]]
    content = xlsx({"ประเด็นการเปลี่ยนแปลง": [headers(CHANGES), *rows]})
    url, preview, _page = preview_of(client, upload(client, assigned, content))
    assert preview.counts["create"] == 2
    real = services.row_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise services.Refused("simulated refusal")
        return real(**kwargs)

    monkeypatch.setattr(services, "row_create", failing)
    response = client.post(url, {"fingerprint": preview.fingerprint}, follow=True)
    assert "simulated refusal" in response.content.decode()
    assert not ChangeProposal.objects.exists()
    assert not Revision.objects.filter(blueprint=assigned, kind="change").exists()


# --------------------------------------------------------------------------
# Two agencies of the same province (issue 23): each imports into the section assigned
# to it, never into the other's — "their agency" is not "any agency of the province".
# --------------------------------------------------------------------------

RISKS = {spec.key: spec for spec in AGENCY_SHEETS}["risk"]
RISK_ROW = ["", "ฝนทิ้งช่วงในฤดูออกดอก", "สูง", "ปานกลาง", "", ""]


def both_sheets():
    return xlsx(
        {
            "ความเสี่ยง": [headers(RISKS), RISK_ROW],
            "ประเด็นการเปลี่ยนแปลง": [headers(CHANGES), *change_rows()],
        }
    )


@pytest.fixture
def split(world, second, assigned):
    """ "changes" assigned to the agriculture office, "risks" to the tourism office."""
    section = Section.objects.get(blueprint=assigned, key=SectionKey.RISKS)
    workflow.section_assign(
        user=world.editor, section=section, assignee=second.agency, due_date=None,
        status=section.status, instructions="", version=section.version,
    )  # fmt: skip
    return assigned


@pytest.mark.parametrize("who", ["first", "second"])
def test_each_agency_imports_only_into_its_own_section(world, second, split, client, who):
    person = world.contributor if who == "first" else second.contributor
    own, other = ("change", "risk") if who == "first" else ("risk", "change")
    client.force_login(person)
    url, preview, page = preview_of(client, upload(client, split, both_sheets()))
    assert not preview.has_errors
    assert preview.sheet(other).read_only and not preview.sheet(own).read_only
    assert preview.sheet(own).counts["create"] == 1
    assert client.post(url, {"fingerprint": preview.fingerprint}).status_code == 302
    # Its own sheet goes into its own input for its own section, the other sheet nowhere.
    agency = world.agency if who == "first" else second.agency
    draft = AgencyInput.objects.get(blueprint=split)
    assert draft.agency == agency and draft.items.get().kind == own
    assert not Risk.objects.exists() and not ChangeProposal.objects.exists()
    inputs.input_submit(user=person, agency_input=draft)
    inputs.input_accept(
        user=world.editor, agency_input=draft,
        head=history.latest_number(split, draft.section.key),
    )  # fmt: skip
    model = ChangeProposal if own == "change" else Risk
    other_model = Risk if own == "change" else ChangeProposal
    assert model.objects.filter(blueprint=split).count() == 1
    assert not other_model.objects.exists()
    assert Revision.objects.filter(blueprint=split, kind=own).get().author == person


def test_an_agency_with_no_section_assigned_may_not_upload(world, second, assigned, client):
    """The tourism office has no section of this Blueprint: it reads the page and the
    workbooks, and an upload is refused outright."""
    client.force_login(second.contributor)
    for name in ("excel:blueprint", "excel:blueprint_template", "excel:blueprint_export"):
        assert client.get(reverse(name, args=[assigned.pk])).status_code == 200
    assert upload(client, assigned, both_sheets()).status_code == 403
    assert not Risk.objects.exists() and not ChangeProposal.objects.exists()


def test_a_row_the_services_refuse_stops_the_import_with_the_reason():
    """Whatever a service refuses, the import says so in the person's words and imports
    nothing (both the office's apply and an agency's proposal go through here)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from proposals import excel_agency, services

    refused = excel_agency._refusal(services.Refused("ส่งแล้ว แก้ไขไม่ได้"))
    assert refused.message == "ส่งแล้ว แก้ไขไม่ได้"
    denied = excel_agency._refusal(PermissionDenied())
    assert "may not change these sections" in denied.message
    invalid = excel_agency._refusal(ValidationError(["วันที่ไม่ถูกต้อง"]))
    assert "nothing was imported" in invalid.message
    assert [problem.message for problem in invalid.problems] == ["วันที่ไม่ถูกต้อง"]
