"""One contribution model (issue 20): a line agency never writes the live Blueprint.

Its row forms save into its draft input; the strategy office accepts or returns it; a row
saved in the Blueprint after the agency read it is never overwritten silently — the office
sees both texts and chooses.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from proposals import history, services
from proposals.models import ChangeProposal, Revision
from proposals.participation import inputs
from proposals.participation.models import AgencyInput, InputAction, InputStatus
from proposals.rows import KINDS, serialize

pytestmark = pytest.mark.django_db

CHANGE = KINDS["change"]


def new_change(blueprint, world, title="ตลาดผลไม้ออนไลน์"):
    return services.row_create(
        user=world.editor,
        blueprint=blueprint,
        kind=CHANGE,
        values={"category": "quality", "title": title, "responsible_agency": world.agency},
    )


def change_form(row, title, version=None):
    return {
        "category": row.category,
        "title": title,
        "gap": row.gap,
        "expected_result": row.expected_result,
        "responsible_agency": row.responsible_agency_id or "",
        "indicator": "",
        "start_year": "",
        "end_year": "",
        "version": version if version is not None else row.version,
    }


# --------------------------------------------------------------------------
# The web form of an agency goes into its input
# --------------------------------------------------------------------------


def test_an_agencys_edit_on_the_blueprint_page_becomes_its_draft_input(world, assigned, client_for):
    row = new_change(assigned, world)
    client = client_for(world.contributor)
    response = client.post(
        reverse("proposals:row_edit", args=[assigned.pk, "change", row.pk]),
        change_form(row, "ตลาดผลไม้ออนไลน์และตลาดนัดชุมชน"),
    )
    draft = AgencyInput.objects.get(blueprint=assigned, agency=world.agency)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.status == InputStatus.DRAFT
    item = draft.items.get()
    assert (item.action, item.target_id, item.target_version) == (
        InputAction.CHANGE,
        row.pk,
        row.version,
    )
    assert item.data["title"] == "ตลาดผลไม้ออนไลน์และตลาดนัดชุมชน"
    row.refresh_from_db()
    assert row.title == "ตลาดผลไม้ออนไลน์"  # nothing live until the office accepts


def test_an_agencys_new_row_on_the_blueprint_page_becomes_a_proposed_row(
    world, assigned, client_for
):
    client = client_for(world.contributor)
    response = client.post(
        reverse("proposals:row_create", args=[assigned.pk, "change"]),
        {
            "category": "efficiency",
            "title": "ศูนย์บริการจุดเดียว",
            "responsible_agency": world.agency.pk,
        },
    )
    assert response.status_code == 302
    assert not ChangeProposal.objects.filter(blueprint=assigned).exists()
    item = AgencyInput.objects.get(blueprint=assigned).items.get()
    assert item.action == InputAction.ADD and item.data["title"] == "ศูนย์บริการจุดเดียว"


def test_an_invalid_form_of_an_agency_keeps_what_was_typed(world, assigned, client_for):
    client = client_for(world.contributor)
    response = client.post(
        reverse("proposals:row_create", args=[assigned.pk, "change"]),
        {"category": "efficiency", "title": "", "gap": "ช่องว่างที่พิมพ์ไว้"},
    )
    assert response.status_code == 200
    assert "ช่องว่างที่พิมพ์ไว้" in response.content.decode()
    assert not AgencyInput.objects.exists()


def test_the_services_refuse_an_agencys_live_write(world, assigned):
    row = new_change(assigned, world)
    with pytest.raises(PermissionDenied):
        services.row_update(
            user=world.contributor, blueprint=assigned, kind=CHANGE, obj=row,
            values={"title": "ข้อความใหม่"}, version=row.version,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.row_create(
            user=world.contributor,
            blueprint=assigned,
            kind=CHANGE,
            values={"category": "quality", "title": "x", "responsible_agency": world.agency},
        )
    row.refresh_from_db()
    assert row.title == "ตลาดผลไม้ออนไลน์"


def test_an_agency_proposes_removing_its_row_and_the_office_decides(world, assigned, client_for):
    row = new_change(assigned, world)
    client = client_for(world.contributor)
    delete = reverse("proposals:row_delete", args=[assigned.pk, "change", row.pk])
    page = client.get(delete)
    assert page.status_code == 200
    assert "Propose removing this change proposal?" in page.content.decode()
    response = client.post(delete, {"version": row.version})
    draft = AgencyInput.objects.get(blueprint=assigned, agency=world.agency)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    item = draft.items.get()
    assert (item.action, item.target_id, item.target_version) == (
        InputAction.REMOVE,
        row.pk,
        row.version,
    )
    assert ChangeProposal.objects.filter(pk=row.pk).exists()  # nothing live yet
    inputs.input_submit(user=world.contributor, agency_input=draft)
    # The office sees the row struck out, as any input, and accepts it.
    office = client_for(world.editor)
    shown = office.get(draft.get_absolute_url()).content.decode()
    assert "Removal of a row" in shown and "<del>ตลาดผลไม้ออนไลน์</del>" in shown
    accept = reverse("proposals:participation:input_accept", args=[assigned.pk, draft.pk])
    assert office.post(accept, {"head": head(assigned)}).status_code == 302
    assert not ChangeProposal.objects.filter(pk=row.pk).exists()
    removal = Revision.objects.filter(blueprint=assigned, section="changes").latest("number")
    assert removal.action == "deleted" and removal.author == world.contributor


def test_a_change_then_a_removal_of_one_row_leaves_the_removal(world, assigned, client_for):
    row = new_change(assigned, world)
    client = client_for(world.contributor)
    client.post(
        reverse("proposals:row_edit", args=[assigned.pk, "change", row.pk]),
        change_form(row, "ชื่อใหม่"),
    )
    client.post(
        reverse("proposals:row_delete", args=[assigned.pk, "change", row.pk]),
        {"version": row.version},
    )
    draft = AgencyInput.objects.get(blueprint=assigned, agency=world.agency)
    assert list(draft.items.values_list("action", flat=True)) == [InputAction.REMOVE]


def test_a_row_saved_after_the_removal_was_proposed_asks_the_office(world, assigned):
    row = new_change(assigned, world)
    draft = inputs.input_start(user=world.contributor, section=assigned.sections.get(key="changes"))
    inputs.input_item_propose_removal(
        user=world.contributor, agency_input=draft, kind=CHANGE, target=row
    )
    inputs.input_submit(user=world.contributor, agency_input=draft)
    saved_by_office(world, assigned, row, "ชื่อของสำนักงาน")
    with pytest.raises(inputs.InputConflict):
        inputs.input_accept(user=world.editor, agency_input=draft, head=head(assigned))
    assert ChangeProposal.objects.filter(pk=row.pk).exists()
    item = draft.items.get()
    inputs.input_accept(
        user=world.editor,
        agency_input=draft,
        head=head(assigned),
        choices={item.pk: inputs.KEEP_CURRENT},
    )
    row.refresh_from_db()
    assert row.title == "ชื่อของสำนักงาน"  # kept, as the office chose


def test_an_agency_proposes_removing_only_rows_of_its_own_section(world, assigned, client_for):
    """The rows an agency may propose to remove are those it may propose to change: the
    section assigned to it (and, for projects shared with the plan, those it leads)."""
    risk = services.row_create(
        user=world.editor, blueprint=assigned, kind=KINDS["risk"],
        values={"description": "ฝนทิ้งช่วง", "likelihood": "high", "impact": "high"},
    )  # fmt: skip
    client = client_for(world.contributor)
    delete = reverse("proposals:row_delete", args=[assigned.pk, "risk", risk.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"version": risk.version}).status_code == 403
    draft = inputs.input_start(user=world.contributor, section=assigned.sections.get(key="changes"))
    with pytest.raises(PermissionDenied):
        inputs.input_item_propose_removal(
            user=world.contributor, agency_input=draft, kind=KINDS["risk"], target=risk
        )
    assert not draft.items.exists()
    assert assigned.risks.filter(pk=risk.pk).exists()
    # Moving rows stays the office's.
    mine = new_change(assigned, world)
    move = reverse("proposals:row_move", args=[assigned.pk, "change", mine.pk])
    assert client.post(move, {"direction": "up"}).status_code == 403


def test_the_blueprint_page_offers_an_agency_to_propose_not_to_edit(world, assigned, client_for):
    row = new_change(assigned, world)
    page = client_for(world.contributor).get(assigned.get_absolute_url()).content.decode()
    edit_url = reverse("proposals:row_edit", args=[assigned.pk, "change", row.pk])
    assert edit_url in page and "Propose a change" in page
    assert reverse("proposals:row_delete", args=[assigned.pk, "change", row.pk]) in page
    assert "Propose removing it" in page
    office = client_for(world.editor).get(assigned.get_absolute_url()).content.decode()
    assert reverse("proposals:row_delete", args=[assigned.pk, "change", row.pk]) in office


# --------------------------------------------------------------------------
# A newer value is never lost silently
# --------------------------------------------------------------------------


def proposed(world, blueprint, row, title):
    draft = inputs.input_start(
        user=world.contributor, section=blueprint.sections.get(key="changes")
    )
    data, display = serialize(CHANGE, row, extras=False)
    inputs.input_item_add(
        user=world.contributor,
        agency_input=draft,
        kind=CHANGE,
        data={**data, "title": title},
        display={**display, "title": title},
        target=row,
        target_version=row.version,
        base_display=display,
    )
    return inputs.input_submit(user=world.contributor, agency_input=draft)


def saved_by_office(world, blueprint, row, title):
    return services.row_update(
        user=world.editor, blueprint=blueprint, kind=CHANGE, obj=row,
        values={"title": title}, version=row.version,
    )  # fmt: skip


@pytest.fixture
def conflicted(world, assigned):
    """The agency proposed a new title; the office then saved another one."""
    row = new_change(assigned, world)
    agency_input = proposed(world, assigned, row, "ชื่อของหน่วยงาน")
    saved_by_office(world, assigned, row, "ชื่อของสำนักงาน")
    return agency_input, row


def head(blueprint):
    return history.latest_number(blueprint, "changes")


def test_accepting_an_older_input_over_a_newer_value_asks_first(world, assigned, conflicted):
    agency_input, row = conflicted
    assert [item.target_id for item in inputs.input_conflicts(agency_input)] == [row.pk]
    with pytest.raises(inputs.InputConflict) as refused:
        inputs.input_accept(user=world.editor, agency_input=agency_input, head=head(assigned))
    assert [item.target_id for item in refused.value.items] == [row.pk]
    row.refresh_from_db()
    agency_input.refresh_from_db()
    assert row.title == "ชื่อของสำนักงาน"  # nothing merged
    assert agency_input.status == InputStatus.SUBMITTED  # still waiting for a decision


def test_the_office_keeps_the_newer_value(world, assigned, conflicted):
    agency_input, row = conflicted
    item = agency_input.items.get()
    inputs.input_accept(
        user=world.editor,
        agency_input=agency_input,
        head=head(assigned),
        choices={item.pk: inputs.KEEP_CURRENT},
    )
    row.refresh_from_db()
    agency_input.refresh_from_db()
    assert row.title == "ชื่อของสำนักงาน"
    assert agency_input.status == InputStatus.ACCEPTED


def test_the_office_takes_the_agencys_value(world, assigned, conflicted):
    agency_input, row = conflicted
    item = agency_input.items.get()
    inputs.input_accept(
        user=world.editor,
        agency_input=agency_input,
        head=head(assigned),
        choices={item.pk: inputs.TAKE_AGENCY},
    )
    row.refresh_from_db()
    assert row.title == "ชื่อของหน่วยงาน"


def test_an_input_on_rows_nobody_changed_since_is_accepted_without_a_question(world, assigned):
    row = new_change(assigned, world)
    agency_input = proposed(world, assigned, row, "ชื่อของหน่วยงาน")
    assert inputs.input_conflicts(agency_input) == []
    inputs.input_accept(user=world.editor, agency_input=agency_input, head=head(assigned))
    row.refresh_from_db()
    assert row.title == "ชื่อของหน่วยงาน"


def test_the_input_page_shows_both_and_asks_the_office(world, assigned, conflicted, client_for):
    agency_input, row = conflicted
    item = agency_input.items.get()
    client = client_for(world.editor)
    page = client.get(agency_input.get_absolute_url()).content.decode()
    # Both texts: the Blueprint's now, and the agency's marked against it.
    assert '<td class="keep-lines bp-text">ชื่อของสำนักงาน</td>' in page
    assert "ชื่อของ<del>สำนักงาน</del><ins>หน่วยงาน</ins>" in page
    assert f'name="choice-{item.pk}"' in page
    url = reverse("proposals:participation:input_accept", args=[assigned.pk, agency_input.pk])
    response = client.post(url, {"head": head(assigned)}, follow=True)
    assert "Nothing was merged" in response.content.decode()
    row.refresh_from_db()
    assert row.title == "ชื่อของสำนักงาน"
    response = client.post(url, {"head": head(assigned), f"choice-{item.pk}": "agency"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.title == "ชื่อของหน่วยงาน"


def test_the_help_page_explains_the_model(client):
    page = client.get(reverse("help")).content.decode()
    assert "How line agencies contribute" in page
    assert "A newer value is never lost silently" in page
    assert "Next year&#x27;s Blueprint" in page or "Next year's Blueprint" in page
