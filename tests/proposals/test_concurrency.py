"""Two editors, one Blueprint: a stale save is refused and nobody's text is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from proposals import services
from proposals.models import ChangeProposal, Revision
from proposals.rows import KINDS
from strategies.models import Indicator, Membership, Role
from tests import factories
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world):
    user = factories.UserFactory(username="colleague", first_name="มานี", last_name="มีนา")
    Membership.objects.create(user=user, organisation=world.province, role=Role.EDITOR)
    return user


def browser(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def change_form(change, **overrides):
    data = {
        "category": change.category,
        "title": change.title,
        "gap": change.gap,
        "expected_result": change.expected_result,
        "indicator": "",
        "responsible_agency": "",
        "start_year": "",
        "end_year": "",
    }
    data.update(overrides)
    return data


def test_two_editors_second_save_refused_both_texts_shown_then_merged(world, blueprint, colleague):
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint, gap="ช่องว่างเดิม")
    url = reverse("proposals:row_edit", args=[blueprint.pk, "change", change.pk])
    first, second = browser(world.editor), browser(colleague)

    # Both open the same row at the same version.
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version

    ok = first.post(url, change_form(change, gap="เกษตรกรรอการรับรองนาน 120 วัน", version=version))
    assert ok.status_code == 302

    late = second.post(url, change_form(change, gap="ขาดผู้ตรวจประเมินที่ได้รับการรับรอง", version=version))
    assert late.status_code == 200
    body = late.content.decode()
    assert "Saved by someone else while you were editing" in body
    assert "เกษตรกรรอการรับรองนาน 120 วัน" in body  # theirs, side by side
    assert "ขาดผู้ตรวจประเมินที่ได้รับการรับรอง" in body  # mine, still in the form
    conflict = late.context["conflict"]
    assert [row["name"] for row in conflict["rows"]] == ["gap"]
    assert conflict["rows"][0]["theirs"] == "เกษตรกรรอการรับรองนาน 120 วัน"
    assert late.context["form"]["gap"].value() == "ขาดผู้ตรวจประเมินที่ได้รับการรับรอง"
    change.refresh_from_db()
    assert change.gap == "เกษตรกรรอการรับรองนาน 120 วัน"  # nothing was overwritten

    # Having seen both, the second editor merges and saves deliberately.
    merged_version = late.context["form"]["version"].value()
    assert merged_version == version + 1
    merged_text = "เกษตรกรรอการรับรองนาน 120 วัน เพราะขาดผู้ตรวจประเมินที่ได้รับการรับรอง"
    merged = second.post(url, change_form(change, gap=merged_text, version=merged_version))
    assert merged.status_code == 302
    change.refresh_from_db()
    assert change.gap == merged_text
    assert change.version == version + 2
    # All three saves are in the history, each with its author.
    saves = Revision.objects.filter(kind="change", object_id=change.pk, action="updated")
    assert [r.author for r in saves.order_by("number")] == [world.editor, colleague]
    assert [r.data["gap"] for r in saves.order_by("number")][-1] == merged_text


def test_stale_service_save_raises_and_writes_nothing(world, blueprint, colleague):
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint)
    kind = KINDS["change"]
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=kind, obj=change,
        values={"title": "ข้อความของคนแรก"}, version=1,
    )  # fmt: skip
    before = Revision.objects.count()
    with pytest.raises(services.EditConflict) as refused:
        services.row_update(
            user=colleague, blueprint=blueprint, kind=kind, obj=change,
            values={"title": "ข้อความของคนที่สอง"}, version=1,
        )  # fmt: skip
    assert refused.value.current.title == "ข้อความของคนแรก"
    assert ChangeProposal.objects.get(pk=change.pk).title == "ข้อความของคนแรก"
    assert Revision.objects.count() == before


def test_diagnosis_conflict_keeps_long_thai_paragraphs(world, blueprint, colleague):
    url = reverse("proposals:row_edit", args=[blueprint.pk, "diagnosis", blueprint.diagnosis.pk])
    first, second = browser(world.editor), browser(colleague)
    version = first.get(url).context["form"]["version"].value()
    second.get(url)
    mine = "ย่อหน้าแรกของฉัน\n\nย่อหน้าที่สองของฉัน"
    empty = dict.fromkeys(KINDS["diagnosis"].fields, "")
    first.post(url, {**empty, "current_situation": "สภาพของอีกคน", "version": version})
    late = second.post(url, {**empty, "current_situation": mine, "version": version})
    assert late.status_code == 200
    assert late.context["form"]["current_situation"].value().replace("\r\n", "\n") == mine
    blueprint.diagnosis.refresh_from_db()
    assert blueprint.diagnosis.current_situation == "สภาพของอีกคน"


def test_indicator_targets_conflict_through_the_cascade(world, blueprint, chain, colleague):
    """The goals section writes the action plan: a stale indicator save is refused too."""
    indicator = chain["indicator"]
    url = reverse("proposals:row_edit", args=[blueprint.pk, "indicator", indicator.pk])
    first, second = browser(world.editor), browser(colleague)
    version = first.get(url).context["form"]["version"].value()
    second.get(url)
    base = {
        "number": 1,
        "name": indicator.name,
        "unit": indicator.unit,
        "formula": "",
        "data_source": "",
        "baseline": "2.5",
        "baseline_year": "2547",
        "weight": "",
        "owner": world.agency.pk,
    }
    targets = {f"target_{year}": "3" for year in world.plan.years}
    assert (
        first.post(url, {**base, **targets, "target_2551": "9", "version": version}).status_code
        == 302
    )
    late = second.post(url, {**base, **targets, "target_2551": "7", "version": version})
    assert late.status_code == 200
    names = [row["name"] for row in late.context["conflict"]["rows"]]
    assert names == ["target_2551"]
    assert Indicator.objects.get(pk=indicator.pk).targets.get(fiscal_year=2551).value == 9


def test_edit_of_a_row_removed_meanwhile_keeps_the_text(world, blueprint, colleague):
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint)
    url = reverse("proposals:row_edit", args=[blueprint.pk, "change", change.pk])
    second = browser(colleague)
    version = second.get(url).context["form"]["version"].value()
    services.row_delete(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change, version=version
    )
    # A save already on its way is not lost: the form comes back with the typed text.
    late = second.post(url, change_form(change, title="ข้อความที่ยังต้องการ", version=version))
    assert late.status_code == 200
    assert "Someone else removed this row" in late.content.decode()
    assert late.context["form"]["title"].value() == "ข้อความที่ยังต้องการ"
    create_url = late.context["create_url"]
    again = second.post(create_url, change_form(change, title="ข้อความที่ยังต้องการ"))
    assert again.status_code == 302
    assert ChangeProposal.objects.get(blueprint=blueprint).title == "ข้อความที่ยังต้องการ"
    # An ordinary visit to a removed row is still a 404.
    assert second.get(url).status_code == 404


def test_delete_of_a_row_changed_meanwhile_asks_again(world, blueprint, colleague):
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint)
    url = reverse("proposals:row_delete", args=[blueprint.pk, "change", change.pk])
    second = browser(colleague)
    second.get(url)
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        values={"title": "แก้ไขใหม่ล่าสุด"}, version=1,
    )  # fmt: skip
    response = second.post(url, {"version": 1})
    assert response.status_code == 200
    assert "แก้ไขใหม่ล่าสุด" in response.content.decode()
    assert ChangeProposal.objects.filter(pk=change.pk).exists()
    # Confirming against the version now shown removes it.
    assert second.post(url, {"version": 2}).status_code == 302
    assert not ChangeProposal.objects.filter(pk=change.pk).exists()


def test_header_conflict(world, blueprint, colleague):
    url = reverse("proposals:edit", args=[blueprint.pk])
    first, second = browser(world.editor), browser(colleague)
    version = first.get(url).context["form"]["version"].value()
    second.get(url)
    data = {"fiscal_year": 2548, "cluster": "", "cluster_reference": "", "cluster_url": ""}
    first.post(url, {**data, "title": "ชื่อของคนแรก", "version": version})
    late = second.post(url, {**data, "title": "ชื่อของคนที่สอง", "version": version})
    assert late.status_code == 200
    assert "ชื่อของคนแรก" in late.content.decode()
    blueprint.refresh_from_db()
    assert blueprint.title == "ชื่อของคนแรก"


def test_assignment_conflict(world, blueprint, colleague):
    url = reverse("proposals:section_assign", args=[blueprint.pk, "changes"])
    first, second = browser(world.editor), browser(colleague)
    version = first.get(url).context["form"]["version"].value()
    second.get(url)
    data = {"assignee": world.agency.pk, "due_date": "31/01/2548", "status": "in_progress"}
    assert first.post(url, {**data, "version": version}).status_code == 302
    late = second.post(url, {**data, "assignee": "", "version": version})
    assert late.status_code == 200
    assert late.context["conflict"]["current"].assignee == world.agency
