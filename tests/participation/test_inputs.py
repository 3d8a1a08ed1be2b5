"""Agency inputs: drafted by the agency against its section, accepted (merged, attributed to
the agency) or returned with a reason, which the agency sees."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proposals import history, services, workflow
from proposals.models import Blueprint, BlueprintStatus, Revision, Section, SectionStatus
from proposals.participation import inputs
from proposals.participation.models import (
    AgencyInput,
    InputStatus,
    Notification,
    NotificationKind,
)
from proposals.rows import KINDS
from tests.participation.conftest import assign
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"proposals:participation:{name}", args=args)


@pytest.fixture
def change(assigned):
    return bp_factories.ChangeProposalFactory(
        blueprint=assigned, title="ลดขั้นตอนการรับรอง GAP", gap="ใช้เวลา 120 วัน"
    )


def draft_through_the_pages(client, blueprint, change):
    """The contributor opens a draft, proposes new text for a row and a new row."""
    response = client.post(url("input_start", blueprint.pk, "changes"))
    draft = AgencyInput.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    page = client.get(url("input_item_change", blueprint.pk, draft.pk, "change", change.pk))
    assert page.status_code == 200 and "ลดขั้นตอนการรับรอง GAP" in page.content.decode()
    response = client.post(
        url("input_item_change", blueprint.pk, draft.pk, "change", change.pk),
        {
            "category": "efficiency",
            "title": "ลดขั้นตอนการรับรอง GAP ให้เหลือ 45 วัน",
            "gap": "ใช้เวลา 120 วัน",
            "expected_result": "",
            "version": change.version,
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("input_item_add", blueprint.pk, draft.pk, "change"),
        {"category": "quality", "title": "ตลาดกลางผลไม้", "gap": "", "expected_result": ""},
    )
    assert response.status_code == 302
    return draft


def test_agency_drafts_submits_and_the_office_accepts(
    world, assigned, change, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    client = client_for(world.contributor)
    draft = draft_through_the_pages(client, assigned, change)
    assert draft.items.count() == 2
    # Nothing changed in the Blueprint yet.
    change.refresh_from_db()
    assert change.title == "ลดขั้นตอนการรับรอง GAP"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("input_submit", assigned.pk, draft.pk), {"note": "ตามมติ"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == InputStatus.SUBMITTED and draft.submitted_by == world.contributor
    assert Section.objects.get(blueprint=assigned, key="changes").status == SectionStatus.SUBMITTED
    assert Notification.objects.filter(
        recipient=world.editor, kind=NotificationKind.INPUT_SUBMITTED
    ).exists()

    # The office sees each proposal against the section as it is now.
    office = client_for(world.editor)
    page = office.get(draft.get_absolute_url()).content.decode()
    assert "ลดขั้นตอนการรับรอง GAP" in page and "ตลาดกลางผลไม้" in page
    assert "<ins>" in page  # the proposed words, marked
    head = history.latest_number(assigned, "changes")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(url("input_accept", assigned.pk, draft.pk), {"head": head})
    assert response.status_code == 302

    change.refresh_from_db()
    assert change.title == "ลดขั้นตอนการรับรอง GAP ให้เหลือ 45 วัน"
    assert assigned.change_proposals.filter(title="ตลาดกลางผลไม้").exists()
    draft.refresh_from_db()
    assert draft.status == InputStatus.ACCEPTED and draft.decided_by == world.editor
    # Merged into the history, attributed to the agency's author.
    merged = Revision.objects.filter(
        blueprint=assigned, number__gte=draft.merged_first, number__lte=draft.merged_last
    )
    assert merged.count() == 2
    assert {r.author_id for r in merged} == {world.contributor.pk}
    assert Section.objects.get(blueprint=assigned, key="changes").status == SectionStatus.ACCEPTED
    # The agency hears of it, by e-mail too.
    assert Notification.objects.filter(
        recipient=world.contributor, kind=NotificationKind.INPUT_ACCEPTED
    ).exists()
    assert [m.to for m in mailoutbox] == [[world.contributor.email]]


def test_office_returns_with_a_reason_the_agency_sees(world, assigned, change, client_for):
    client = client_for(world.contributor)
    draft = draft_through_the_pages(client, assigned, change)
    client.post(url("input_submit", assigned.pk, draft.pk))
    office = client_for(world.editor)
    # A reason is required.
    response = office.post(url("input_return", assigned.pk, draft.pk), {"reason": "  "})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == InputStatus.SUBMITTED
    response = office.post(
        url("input_return", assigned.pk, draft.pk), {"reason": "ขอให้ระบุตัวชี้วัดที่เชื่อมโยง"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == InputStatus.RETURNED
    change.refresh_from_db()
    assert change.title == "ลดขั้นตอนการรับรอง GAP"  # nothing merged
    assert (
        Section.objects.get(blueprint=assigned, key="changes").status == SectionStatus.IN_PROGRESS
    )
    notification = Notification.objects.get(
        recipient=world.contributor, kind=NotificationKind.INPUT_RETURNED
    )
    assert notification.data["reason"] == "ขอให้ระบุตัวชี้วัดที่เชื่อมโยง"
    # The agency sees the outcome and the reason in its inbox and on the input.
    client = client_for(world.contributor)
    inbox = client.get(url("inbox")).content.decode()
    assert "ขอให้ระบุตัวชี้วัดที่เชื่อมโยง" in inbox
    assert "ขอให้ระบุตัวชี้วัดที่เชื่อมโยง" in client.get(draft.get_absolute_url()).content.decode()
    # …and reworks it as a new draft with the same rows.
    response = client.post(url("input_rework", assigned.pk, draft.pk))
    new = AgencyInput.objects.get(status=InputStatus.DRAFT)
    assert response["Location"] == new.get_absolute_url()
    assert new.items.count() == 2


def test_accept_refused_when_the_section_changed_since_it_was_shown(world, assigned, change):
    section = Section.objects.get(blueprint=assigned, key="changes")
    draft = inputs.input_start(user=world.contributor, section=section)
    inputs.input_item_add(
        user=world.contributor, agency_input=draft, kind=KINDS["change"],
        data={"category": "quality", "title": "ใหม่"}, display={"title": "ใหม่"},
    )  # fmt: skip
    inputs.input_submit(user=world.contributor, agency_input=draft)
    seen = history.latest_number(assigned, "changes")
    services.row_update(
        user=world.editor, blueprint=assigned, kind=KINDS["change"], obj=change,
        values={"gap": "แก้โดยสำนักงาน"}, version=change.version,
    )  # fmt: skip
    with pytest.raises(services.Refused):
        inputs.input_accept(user=world.editor, agency_input=draft, head=seen)
    draft.refresh_from_db()
    assert draft.status == InputStatus.SUBMITTED
    assert not assigned.change_proposals.filter(title="ใหม่").exists()


def test_a_change_to_a_row_changed_meanwhile_is_flagged(world, assigned, change, client_for):
    client = client_for(world.contributor)
    draft = draft_through_the_pages(client, assigned, change)
    client.post(url("input_submit", assigned.pk, draft.pk))
    services.row_update(
        user=world.editor, blueprint=assigned, kind=KINDS["change"], obj=change,
        values={"gap": "แก้โดยสำนักงาน"}, version=change.version,
    )  # fmt: skip
    page = client_for(world.editor).get(draft.get_absolute_url()).content.decode()
    assert "Row changed since the agency drafted this" in page
    assert "แก้โดยสำนักงาน" in page  # the current text is what the office compares with


def test_rules_of_the_services(world, assigned, change, commerce):
    section = Section.objects.get(blueprint=assigned, key="changes")
    draft = inputs.input_start(user=world.contributor, section=section)
    assert inputs.input_start(user=world.contributor, section=section) == draft  # one draft
    with pytest.raises(services.Refused):
        inputs.input_submit(user=world.contributor, agency_input=draft)  # empty
    with pytest.raises(services.PermissionDenied):
        inputs.input_item_add(
            user=world.contributor,
            agency_input=draft,
            kind=KINDS["risk"],
            data={"description": "x"},
            display={},
        )  # fmt: skip — a row of another section
    _agency, commerce_user = commerce
    with pytest.raises(services.PermissionDenied):
        inputs.input_item_add(
            user=commerce_user,
            agency_input=draft,
            kind=KINDS["change"],
            data={"title": "x"},
            display={},
        )  # fmt: skip — another agency's input
    inputs.input_item_add(
        user=world.contributor, agency_input=draft, kind=KINDS["change"],
        data={"category": "quality", "title": "ใหม่"}, display={"title": "ใหม่"},
    )  # fmt: skip
    inputs.input_submit(user=world.contributor, agency_input=draft)
    with pytest.raises(services.Refused):  # no more changes once submitted
        inputs.input_item_add(
            user=world.contributor, agency_input=draft, kind=KINDS["change"],
            data={"title": "x"}, display={},
        )  # fmt: skip
    with pytest.raises(services.PermissionDenied):  # agencies do not decide
        inputs.input_accept(user=world.contributor, agency_input=draft, head=0)
    with pytest.raises(ValidationError):
        inputs.input_return(user=world.editor, agency_input=draft, reason="")
    # A section taken back from the agency: its draft cannot be submitted.
    workflow.section_assign(
        user=world.editor, section=section, assignee=None, due_date=None,
        status=section.status, instructions="", version=Section.objects.get(pk=section.pk).version,
    )  # fmt: skip
    fresh = AgencyInput.objects.create(
        blueprint=assigned, section=section, agency=world.agency, created_by=world.contributor
    )
    fresh.items.create(action="add", kind="change", data={"title": "x", "category": "quality"})
    with pytest.raises(services.Refused):
        inputs.input_submit(user=world.contributor, agency_input=fresh)


def test_inputs_wait_for_an_editable_blueprint(world, assigned, change, client_for):
    section = Section.objects.get(blueprint=assigned, key="changes")
    draft = inputs.input_start(user=world.contributor, section=section)
    inputs.input_item_add(
        user=world.contributor, agency_input=draft, kind=KINDS["change"],
        data={"category": "quality", "title": "ใหม่"}, display={"title": "ใหม่"},
    )  # fmt: skip
    Blueprint.objects.filter(pk=assigned.pk).update(status=BlueprintStatus.APPROVED)
    assigned.refresh_from_db()
    with pytest.raises(services.Locked):
        inputs.input_submit(user=world.contributor, agency_input=draft)
    response = client_for(world.contributor).post(url("input_submit", assigned.pk, draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == InputStatus.DRAFT


def test_an_agency_proposes_changes_only_to_projects_it_leads(
    world, second, blueprint, chain, client_for
):
    """Issue 18, finding 1, in the agency inputs: the change form of another agency's
    project is refused on the stored row, and so is an item naming another lead agency."""
    from django.core.exceptions import PermissionDenied

    from tests import factories

    section = assign(blueprint, world, key="action_plan")
    theirs = factories.ProjectFactory(
        strategy=chain["strategy"], number=2, lead_agency=second.agency
    )
    ours = chain["project"]
    draft = inputs.input_start(user=world.contributor, section=section)
    client = client_for(world.contributor)
    change = url("input_item_change", blueprint.pk, draft.pk, "project", theirs.pk)
    assert client.get(change).status_code == 403
    posted = {"number": 2, "title": "ของเรา", "lead_agency": world.agency.pk,
              "version": theirs.version}  # fmt: skip
    assert client.post(change, posted).status_code == 403
    assert (
        client.get(url("input_item_change", blueprint.pk, draft.pk, "project", ours.pk)).status_code
        == 200
    )
    kind = KINDS["project"]
    theirs.lead_agency = world.agency  # as a bound form leaves its instance
    with pytest.raises(PermissionDenied):
        inputs.input_item_add(
            user=world.contributor, agency_input=draft, kind=kind,
            data={"title": "ของเรา", "lead_agency_id": world.agency.pk}, display={},
            target=theirs, target_version=theirs.version,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a new project led by another agency
        inputs.input_item_add(
            user=world.contributor, agency_input=draft, kind=kind,
            data={"title": "ใหม่", "strategy": chain["strategy"].pk,
                  "lead_agency_id": second.agency.pk}, display={},
        )  # fmt: skip
    assert not draft.items.exists()


@pytest.mark.parametrize("owner", ["agriculture", "commerce"])
def test_two_agencies_each_propose_only_to_their_own_section(
    owner, world, assigned, change, commerce, client_for
):
    """ "changes" is the agriculture office's, "risks" the commerce office's (same
    province). Each contributor drafts and submits input ("เสนอข้อมูล") to its own
    section; the other agency's contributor can neither start one there, nor add to,
    submit or discard the owner's draft — and nothing of the owner's draft changes."""
    commerce_agency, commerce_user = commerce
    assign(assigned, world, key="risks", agency=commerce_agency)
    person = {"agriculture": world.contributor, "commerce": commerce_user}
    other = "commerce" if owner == "agriculture" else "agriculture"
    key, kind = ("changes", "change") if owner == "agriculture" else ("risks", "risk")
    row = (
        {"category": "quality", "title": "ตลาดกลางผลไม้", "gap": "", "expected_result": ""}
        if kind == "change"
        else {"description": "ฝนทิ้งช่วง", "likelihood": "high", "impact": "low"}
    )
    pk = assigned.pk

    outsider = client_for(person[other])
    assert outsider.post(url("input_start", pk, key)).status_code == 403
    assert not AgencyInput.objects.exists()

    insider = client_for(person[owner])
    assert insider.post(url("input_start", pk, key)).status_code == 302
    draft = AgencyInput.objects.get()
    assert draft.agency == (world.agency if owner == "agriculture" else commerce_agency)
    assert insider.post(url("input_item_add", pk, draft.pk, kind), row).status_code == 302
    assert draft.items.count() == 1

    outsider = client_for(person[other])
    assert outsider.get(url("input", pk, draft.pk)).status_code == 403
    assert outsider.post(url("input_item_add", pk, draft.pk, kind), row).status_code == 403
    assert outsider.post(url("input_submit", pk, draft.pk), {"note": "x"}).status_code == 403
    assert outsider.post(url("input_discard", pk, draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == InputStatus.DRAFT and draft.items.count() == 1

    insider = client_for(person[owner])
    assert insider.post(url("input_submit", pk, draft.pk), {"note": "ตามมติ"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == InputStatus.SUBMITTED and draft.submitted_by == person[owner]
    assert Section.objects.get(blueprint=assigned, key=key).status == SectionStatus.SUBMITTED
    untouched = "risks" if key == "changes" else "changes"
    assert Section.objects.get(blueprint=assigned, key=untouched).status != SectionStatus.SUBMITTED
