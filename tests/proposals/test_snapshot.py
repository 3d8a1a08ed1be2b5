"""Submission freezes the whole Blueprint; nothing done afterwards changes what was submitted."""

import json
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from proposals import services, snapshot
from proposals.models import ChangeCategory, Snapshot
from proposals.monitoring import services as monitoring_services
from proposals.rows import KINDS
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db


def test_snapshot_holds_the_whole_blueprint(world, submitted_blueprint, chain):
    snap = Snapshot.objects.get(blueprint=submitted_blueprint)
    data = snap.data
    assert snap.schema_version == data["schema_version"] == snapshot.SCHEMA_VERSION
    assert snap.edition == 1 and snap.created_by == world.editor
    assert data["blueprint"]["status"]["code"] == "submitted"
    assert data["blueprint"]["province"]["code"] == "chumphon"
    assert data["blueprint"]["approver"]["name"] == "นายวีระ ศรีวัฒนตระกูล"
    assert data["plan"]["years"] == [2548, 2549, 2550, 2551]
    assert data["issue"]["title"] == chain["issue"].title
    assert [s["id"] for s in data["alignment"]["national_strategies"]] == [
        world.national_strategy.pk
    ]
    indicator = data["goals"][0]["indicators"][0]
    assert [t["fiscal_year"] for t in indicator["targets"]] == [2548, 2549, 2550, 2551]
    assert indicator["targets"][0]["value"] == "3.00"
    project = data["action_plan"]["projects"][0]
    assert project["lead_agency"]["code"] == "chumphon-agri"
    assert project["budgets"][0] == {
        "fiscal_year": 2548,
        "source": {"code": "regular", "label": project["budgets"][0]["source"]["label"]},
        "amount": "1500000.00",
    }
    assert len(project["activities"]) == 1 and len(project["milestones"]) == 1
    assert data["diagnosis"]["swot"]["strengths"].endswith("ย่อหน้าที่สอง")
    assert len(data["change_proposals"]) == 1
    assert {r["capital"]["code"] for r in data["readiness"]} == {
        "human",
        "information",
        "organisation",
    }
    assert len(data["risks"]) == 1 and len(data["success_factors"]) == 1
    assert [s["key"] for s in data["sections"]][0] == "goals"
    json.dumps(data)  # plain JSON, no Decimal or date objects


def test_snapshot_unchanged_after_later_edits(world, submitted_blueprint, chain):
    snap = Snapshot.objects.get(blueprint=submitted_blueprint)
    frozen = json.dumps(snap.data, sort_keys=True)

    # The cascade it was drawn from keeps changing…
    indicator = chain["indicator"]
    # (a target of an approved plan changes only with a reason and the office's approval)
    change = monitoring_services.target_change_request(
        user=world.editor, indicator=indicator, fiscal_year=2548, new_value=Decimal("99"),
        reason="ปรับตามผลการดำเนินงานจริง",
    )  # fmt: skip
    monitoring_services.target_change_decide(user=world.editor, change=change, approve=True)
    chain["project"].title = "ชื่อโครงการใหม่"
    chain["project"].save()
    chain["issue"].national_strategies.clear()
    # …OPDC returns it, the province revises and edits every kind of row…
    advance(submitted_blueprint, world.reviewer, "return")
    advance(submitted_blueprint, world.editor, "revise")
    change = submitted_blueprint.change_proposals.get()
    services.row_update(
        user=world.editor, blueprint=submitted_blueprint, kind=KINDS["change"], obj=change,
        values={"title": "ข้อเสนอที่แก้ไขหลังส่ง"}, version=change.version,
    )  # fmt: skip
    diagnosis = submitted_blueprint.diagnosis
    services.row_update(
        user=world.editor, blueprint=submitted_blueprint, kind=KINDS["diagnosis"], obj=diagnosis,
        values={"gap": "ช่องว่างใหม่"}, version=diagnosis.version,
    )  # fmt: skip
    services.blueprint_update_header(
        user=world.editor, blueprint=submitted_blueprint, values={"title": "ชื่อใหม่"},
        version=submitted_blueprint.version,
    )  # fmt: skip

    snap.refresh_from_db()
    assert json.dumps(snap.data, sort_keys=True) == frozen
    assert snap.data["change_proposals"][0]["title"] != "ข้อเสนอที่แก้ไขหลังส่ง"
    assert snap.data["goals"][0]["indicators"][0]["targets"][0]["value"] == "3.00"


def test_snapshot_rows_cannot_be_updated(submitted_blueprint):
    snap = Snapshot.objects.get(blueprint=submitted_blueprint)
    with pytest.raises(IntegrityError), transaction.atomic():
        Snapshot.objects.filter(pk=snap.pk).update(data={"tampered": True})
    with pytest.raises(IntegrityError), transaction.atomic():
        snap.data = {}
        snap.save()
    snap.refresh_from_db()
    assert snap.data["schema_version"] == 1


def test_submitted_blueprint_cannot_be_deleted(submitted_blueprint):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        submitted_blueprint.delete()


def test_reviewer_sees_the_snapshot_not_the_working_copy(world, submitted_blueprint, client_for):
    advance(submitted_blueprint, world.reviewer, "return")
    advance(submitted_blueprint, world.editor, "revise")
    change = submitted_blueprint.change_proposals.get()
    services.row_update(
        user=world.editor, blueprint=submitted_blueprint, kind=KINDS["change"], obj=change,
        values={"title": "ร่างใหม่ที่ยังไม่ส่ง"}, version=change.version,
    )  # fmt: skip
    client = client_for(world.reviewer)
    page = client.get(submitted_blueprint.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "ร่างใหม่ที่ยังไม่ส่ง" not in body
    assert "ลดขั้นตอนการขอรับรองมาตรฐาน GAP" in body
    history = reverse("proposals:section_history", args=[submitted_blueprint.pk, "changes"])
    assert client.get(history).status_code == 403
    download = client.get(reverse("proposals:snapshot_json", args=[submitted_blueprint.pk, 1]))
    assert download.status_code == 200
    assert json.loads(download.content)["schema_version"] == 1
    assert "attachment" in download["Content-Disposition"]


def test_an_english_reader_reads_the_fixed_labels_in_english(world, submitted_blueprint):
    """Found by a new-user walkthrough: the snapshot kept its Thai labels on English pages.
    The stored label stays Thai (it is what was submitted); the page shows the code's label
    in the reader's language."""
    from django.test import Client
    from django.utils import translation

    from strategies.models import Profile

    category = submitted_blueprint.snapshots.get().data["change_proposals"][0]["category"]
    thai = category["label"]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai)  # stored as submitted, in Thai
    with translation.override("en"):
        english = str(dict(ChangeCategory.choices)[category["code"]])
    assert english != thai
    Profile.objects.update_or_create(user=world.reviewer, defaults={"language": "en"})
    client = Client()
    client.force_login(world.reviewer)
    page = client.get(reverse("proposals:snapshot", args=[submitted_blueprint.pk, 1]))
    assert thai not in page.content.decode() and english in page.content.decode()
    # The review page also shows the rubric, whose (Thai) text may use the same words.
    page = client.get(reverse("proposals:review:review", args=[submitted_blueprint.pk]))
    assert english in page.content.decode()
    assert snapshot.coded_label({"code": "gone", "label": "เดิม"}, "category") == "เดิม"


def test_the_submitter_is_recorded_with_the_position_held_in_the_province(
    world, complete_blueprint
):
    """The submission PDF names who sent it and as what (ตำแหน่ง), not only a username."""
    from strategies.models import Membership

    Membership.objects.filter(user=world.editor, organisation=world.province).update(
        position="นักวิเคราะห์นโยบายและแผนชำนาญการ"
    )
    submitted = advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")
    person = submitted.snapshots.latest("edition").data["blueprint"]["submitted_by"]
    assert person["username"] == "editor"
    assert person["position"] == "นักวิเคราะห์นโยบายและแผนชำนาญการ"
