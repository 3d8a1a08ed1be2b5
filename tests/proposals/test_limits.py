"""What one Blueprint may hold (proposals.limits): every path that adds rows or text to a
Blueprint refuses past the bounds, with a clear message (Thai in Thai), nothing saved."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from proposals import history, limits, services, workflow
from proposals.models import ChangeProposal, Diagnosis, RevisionAction, Section, SectionKey
from proposals.participation import inputs
from proposals.participation.models import AgencyInput
from proposals.rows import KINDS

pytestmark = pytest.mark.django_db

CHANGE = KINDS["change"]
TOO_LONG = "ช่องว่างของการให้บริการ " * 200  # 4,800 characters, over the 3,000 of a row's text


def fill_changes(blueprint, count):
    ChangeProposal.objects.bulk_create(
        ChangeProposal(blueprint=blueprint, category="quality", title=f"ข้อเสนอ {n}", position=n)
        for n in range(1, count + 1)
    )


def create_change(user, blueprint, **values):
    return services.row_create(
        user=user, blueprint=blueprint, kind=CHANGE,
        values={"category": "quality", "title": "ข้อเสนอ", **values},
    )  # fmt: skip


def test_the_bounds_are_those_of_the_row_kinds():
    assert CHANGE.max_rows == 100 and CHANGE.max_chars == 3000
    assert KINDS["diagnosis"].max_chars == 20_000
    assert limits.text_limit(CHANGE, ChangeProposal._meta.get_field("title")) == 500
    assert limits.text_limit(CHANGE, ChangeProposal._meta.get_field("category")) is None


def test_the_form_refuses_a_row_past_the_bound_and_keeps_what_was_typed(
    world, blueprint, client_for
):
    fill_changes(blueprint, CHANGE.max_rows)
    client = client_for(world.editor)
    client.cookies["django_language"] = "th"
    response = client.post(
        reverse("proposals:row_create", args=[blueprint.pk, "change"]),
        {"category": "quality", "title": "ข้อเสนอที่ 101", "gap": "", "expected_result": ""},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "มี “ประเด็นการเปลี่ยนแปลง” ได้ไม่เกิน 100 รายการ" in page, page[-3000:]
    assert response.context["form"]["title"].value() == "ข้อเสนอที่ 101"
    assert ChangeProposal.objects.filter(blueprint=blueprint).count() == CHANGE.max_rows


def test_the_form_refuses_text_past_the_bound(world, blueprint, client_for):
    response = client_for(world.editor).post(
        reverse("proposals:row_create", args=[blueprint.pk, "change"]),
        {"category": "quality", "title": "ข้อเสนอ", "gap": TOO_LONG, "expected_result": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["gap"]
    assert not ChangeProposal.objects.exists()


def test_the_services_refuse_text_and_rows_past_the_bounds_in_thai(world, blueprint):
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        create_change(world.editor, blueprint, gap=TOO_LONG)
    (message,) = refused.value.message_dict["gap"]
    assert "ยาวเกินไป" in message and "3,000" in message and "4,800" in message
    change = create_change(world.editor, blueprint)
    with pytest.raises(ValidationError):
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=CHANGE, obj=change,
            values={"expected_result": TOO_LONG}, version=change.version,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["diagnosis"],
            obj=blueprint.diagnosis, values={"gap": "ก" * 20_001},
            version=blueprint.diagnosis.version,
        )  # fmt: skip
    with pytest.raises(ValidationError):  # SQLite would store a 600-character title
        services.blueprint_update_header(
            user=world.editor, blueprint=blueprint, values={"title": "ก" * 600},
            version=blueprint.version,
        )  # fmt: skip
    fill_changes(blueprint, CHANGE.max_rows - 1)  # with the one above: full
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        create_change(world.editor, blueprint)
    assert "ได้ไม่เกิน 100 รายการ" in refused.value.messages[0]
    assert ChangeProposal.objects.filter(blueprint=blueprint).count() == CHANGE.max_rows
    assert Diagnosis.objects.get(pk=blueprint.diagnosis.pk).gap == ""


def test_restore_refuses_a_version_past_the_bounds(world, blueprint):
    change = create_change(world.editor, blueprint, gap="สั้น")
    # A version saved before the bounds existed: its text is too long for today's rules.
    ChangeProposal.objects.filter(pk=change.pk).update(gap=TOO_LONG)
    change.refresh_from_db()
    services.record_revision(
        user=world.editor, blueprint=blueprint, kind=CHANGE, obj=change,
        action=RevisionAction.UPDATED,
    )  # fmt: skip
    point = history.latest_number(blueprint, "changes")
    change = services.row_update(
        user=world.editor, blueprint=blueprint, kind=CHANGE, obj=change,
        values={"gap": "สั้นอีกครั้ง"}, version=change.version,
    )  # fmt: skip
    with translation.override("th"), pytest.raises(services.Refused) as refused:
        services.section_restore(
            user=world.editor, blueprint=blueprint, section="changes", number=point,
            head=history.latest_number(blueprint, "changes"),
        )  # fmt: skip
    assert "ยาวเกินไป" in refused.value.message
    assert ChangeProposal.objects.get(pk=change.pk).gap == "สั้นอีกครั้ง"


def test_restore_refuses_bringing_back_rows_past_the_bound(world, blueprint, monkeypatch):
    create_change(world.editor, blueprint, title="ข้อเสนอที่หนึ่ง")
    removed = create_change(world.editor, blueprint, title="ข้อเสนอที่ถูกลบ")
    point = history.latest_number(blueprint, "changes")
    services.row_delete(
        user=world.editor, blueprint=blueprint, kind=CHANGE, obj=removed, version=removed.version
    )
    # The version was saved when the bound was higher than it is now.
    monkeypatch.setitem(KINDS, "change", dataclasses.replace(CHANGE, max_rows=1))
    with pytest.raises(services.Refused) as refused:
        services.section_restore(
            user=world.editor, blueprint=blueprint, section="changes", number=point,
            head=history.latest_number(blueprint, "changes"),
        )  # fmt: skip
    assert "at most 1 rows" in refused.value.message
    assert not ChangeProposal.objects.filter(pk=removed.pk).exists()


@pytest.fixture
def agency_draft(world, blueprint):
    section = Section.objects.get(blueprint=blueprint, key=SectionKey.CHANGES)
    workflow.section_assign(
        user=world.editor, section=section, assignee=world.agency, due_date=None,
        status=section.status, instructions="", version=section.version,
    )  # fmt: skip
    return inputs.input_start(user=world.contributor, section=section)


def test_an_agency_input_refuses_text_past_the_bound(world, agency_draft):
    with pytest.raises(ValidationError):
        inputs.input_item_add(
            user=world.contributor, agency_input=agency_draft, kind=CHANGE,
            data={"category": "quality", "title": "ใหม่", "gap": TOO_LONG}, display={},
        )  # fmt: skip
    assert not agency_draft.items.exists()


def test_accepting_an_input_past_the_bound_merges_nothing(world, blueprint, agency_draft):
    for title in ("ใหม่หนึ่ง", "ใหม่สอง"):
        inputs.input_item_add(
            user=world.contributor, agency_input=agency_draft, kind=CHANGE,
            data={"category": "quality", "title": title}, display={"title": title},
        )  # fmt: skip
    inputs.input_submit(user=world.contributor, agency_input=agency_draft)
    fill_changes(blueprint, CHANGE.max_rows - 1)  # room for one of the two
    with translation.override("th"), pytest.raises(services.Refused) as refused:
        inputs.input_accept(
            user=world.editor, agency_input=AgencyInput.objects.get(pk=agency_draft.pk),
            head=history.latest_number(blueprint, "changes"),
        )  # fmt: skip
    assert "ได้ไม่เกิน 100 รายการ" in refused.value.message
    assert ChangeProposal.objects.filter(blueprint=blueprint).count() == CHANGE.max_rows - 1
