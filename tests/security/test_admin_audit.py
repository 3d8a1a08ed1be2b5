"""Issue 18, finding 10: the Django admin is audited, and OPDC's records stay as decided.

The superuser works through the real admin URLs. Every ``ModelAdmin`` registered writes
the project's audit log on add, change (inlines and passwords included) and delete (one,
or many by the bulk action); review comments and agency inputs can be neither edited
nor deleted once they are decided.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from proposals.models import Section
from proposals.participation.models import AgencyInput, InputStatus, Workshop
from proposals.review import services as review_services
from proposals.review.models import ReviewNote, SubmissionDeadline
from strategies.admin_audit import AuditedAdmin
from strategies.models import AuditAction, AuditEvent, ClusterMembership, Organisation
from tests import factories
from tests.proposals.conftest import advance
from tests.review import conftest as review_fixtures

chain = review_fixtures.chain
rubric = review_fixtures.rubric
round_ = review_fixtures.round_

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def note_on(blueprint, world, text="ตัวชี้วัดยังไม่สะท้อนผลลัพธ์"):
    snapshot = blueprint.snapshots.order_by("-edition").first()
    return review_services.review_note_add(
        user=world.reviewer, snapshot=snapshot, section="general", text=text
    )


def test_every_registered_admin_is_audited():
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
    ]
    assert unaudited == []
    assert len(admin.site._registry) > 30  # the apps' own and third-party ones alike


def test_review_notes_of_a_decided_version_cannot_be_edited_or_deleted(world, round_, client_for):
    note = note_on(round_.chumphon, world)
    advance(round_.chumphon, world.reviewer, "return")  # decided
    client = client_for(world.admin)
    change = reverse("admin:proposals_reviewnote_change", args=[note.pk])
    delete = reverse("admin:proposals_reviewnote_delete", args=[note.pk])
    assert client.get(change).status_code == 200  # readable
    edited = {
        "snapshot": note.snapshot_id, "section": "general", "text": "แก้แล้ว",
        "author": world.admin.pk, "created_at_0": "2005-01-01", "created_at_1": "10:00",
    }  # fmt: skip
    assert client.post(change, edited).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:proposals_reviewnote_changelist")
    client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [note.pk], "post": "yes"},
    )
    note.refresh_from_db()
    assert note.text == "ตัวชี้วัดยังไม่สะท้อนผลลัพธ์"
    assert not events(AuditAction.ADMIN_DELETED)


def test_a_note_awaiting_the_decision_is_deleted_only_with_an_audit_event(
    world, round_, client_for
):
    note = note_on(round_.surat, world, text="ความเห็นที่ต้องถอน")
    client = client_for(world.admin)
    delete = reverse("admin:proposals_reviewnote_delete", args=[note.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not ReviewNote.objects.filter(pk=note.pk).exists()
    (event,) = events(AuditAction.ADMIN_DELETED)
    assert event.actor == world.admin
    assert (event.target_type, event.target_id) == ("proposals.reviewnote", str(note.pk))
    assert event.details["values"]["text"] == "ความเห็นที่ต้องถอน"


def test_a_decided_agency_input_cannot_be_edited_or_deleted(world, round_, client_for):
    section = Section.objects.get(blueprint=round_.draft, key="changes")
    decided = AgencyInput.objects.create(
        blueprint=round_.draft, section=section, agency=world.agency,
        status=InputStatus.RETURNED, return_reason="ขอให้ระบุตัวชี้วัด",
    )  # fmt: skip
    client = client_for(world.admin)
    change = reverse("admin:proposals_agencyinput_change", args=[decided.pk])
    delete = reverse("admin:proposals_agencyinput_delete", args=[decided.pk])
    assert client.post(change, {"status": "draft"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    decided.refresh_from_db()
    assert decided.status == InputStatus.RETURNED


def test_add_change_and_delete_are_audited_with_what_changed(world, client_for):
    client = client_for(world.admin)
    add = reverse("admin:proposals_submissiondeadline_add")
    response = client.post(add, {"fiscal_year": 2549, "submit_by": "2005-03-31", "note": "รอบแรก"})
    assert response.status_code == 302, response.content.decode()[:3000]
    deadline = SubmissionDeadline.objects.get(fiscal_year=2549)
    (added,) = events(AuditAction.ADMIN_ADDED)
    assert added.target_id == str(deadline.pk) and added.details["values"]["note"] == "รอบแรก"

    change = reverse("admin:proposals_submissiondeadline_change", args=[deadline.pk])
    client.post(change, {"fiscal_year": 2549, "submit_by": "2005-04-30", "note": "รอบแรก"})
    (changed,) = events(AuditAction.ADMIN_CHANGED)
    assert changed.details["changes"] == {"submit_by": ["2005-03-31", "2005-04-30"]}
    assert changed.actor == world.admin

    delete = reverse("admin:proposals_submissiondeadline_delete", args=[deadline.pk])
    client.post(delete, {"post": "yes"})
    assert not SubmissionDeadline.objects.exists()
    (deleted,) = events(AuditAction.ADMIN_DELETED)
    assert deleted.target_id == str(deadline.pk)


def test_inline_rows_and_bulk_deletions_are_audited(world, blueprint_workshops, client_for):
    client = client_for(world.admin)
    cluster = factories.OrganisationFactory(kind="cluster", code="south", name="กลุ่มภาคใต้")
    change = reverse("admin:strategies_organisation_change", args=[cluster.pk])
    form = client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | Organisation)
    }
    prefix = "cluster_memberships"
    data.update({
        "kind": cluster.kind, "code": cluster.code, "name": cluster.name,
        f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-0-province": world.province.pk, f"{prefix}-0-start_date": "2004-10-01",
    })  # fmt: skip
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = ClusterMembership.objects.get(cluster=cluster)
    added = [e for e in events(AuditAction.ADMIN_ADDED) if e.details.get("inline")]
    assert [e.target_id for e in added] == [str(membership.pk)]

    for text in ("ตลาดกลางผลไม้", "ศูนย์รับรอง GAP"):  # deleted with their workshop
        blueprint_workshops[0].points.create(kind="idea", text=text)
    changelist = reverse("admin:proposals_workshop_changelist")
    pks = [w.pk for w in blueprint_workshops]
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    )
    assert response.status_code == 302
    assert not Workshop.objects.filter(pk__in=pks).exists()
    deleted = {e.target_id: e.details for e in events(AuditAction.ADMIN_DELETED)}
    assert set(deleted) == {str(pk) for pk in pks}
    assert deleted[str(pks[0])]["also_deleted"] == {"proposals.workshoppoint": 2}
    assert deleted[str(pks[1])]["also_deleted"] == {}


def test_third_party_admins_and_passwords_are_audited(world, client_for):
    client = client_for(world.admin)
    response = client.post(reverse("admin:auth_group_add"), {"name": "ผู้ตรวจสอบ"})
    assert response.status_code == 302
    group = Group.objects.get(name="ผู้ตรวจสอบ")
    assert [e.target_id for e in events(AuditAction.ADMIN_ADDED)] == [str(group.pk)]

    old_hash = world.viewer.password
    url = reverse("admin:auth_user_password_change", args=[world.viewer.pk])
    new = "a-new-long-passphrase-2549"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:3000]
    (changed,) = events(AuditAction.ADMIN_CHANGED)
    assert changed.target_id == str(world.viewer.pk)
    assert changed.details["changes"] == {"password": "…"}
    world.viewer.refresh_from_db()
    assert world.viewer.password != old_hash
    # A change of the name alone says nothing of the password.
    page = client.get(reverse("admin:auth_user_change", args=[world.viewer.pk]))
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None and name not in {"password", "groups", "user_permissions"}
    }
    data.update({"first_name": "วิภา", "last_login_0": "", "last_login_1": ""})
    data["date_joined_0"], data["date_joined_1"] = "2004-10-01", "09:00:00"
    response = client.post(reverse("admin:auth_user_change", args=[world.viewer.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    renamed = events(AuditAction.ADMIN_CHANGED)[-1]
    assert "password" not in renamed.details["changes"]
    assert renamed.details["changes"]["first_name"][1] == "วิภา"
    assert old_hash not in str(changed.details) and world.viewer.password not in str(
        changed.details
    )


def test_other_list_actions_are_audited(world, client_for, monkeypatch):
    """No admin of the project has an action besides the bulk deletion yet; one added
    later is audited whatever it does."""

    def mark_checked(modeladmin, request, queryset):
        queryset.update(note="ตรวจแล้ว")

    monkeypatch.setattr(admin.site._registry[SubmissionDeadline], "actions", [mark_checked])
    deadline = SubmissionDeadline.objects.create(fiscal_year=2549, submit_by="2005-03-31")
    response = client_for(world.admin).post(
        reverse("admin:proposals_submissiondeadline_changelist"),
        {"action": "mark_checked", "_selected_action": [deadline.pk]},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.note == "ตรวจแล้ว"
    (event,) = events(AuditAction.ADMIN_CHANGED)
    assert event.details["admin_action"] == "mark_checked"
    assert event.details["ids"] == [str(deadline.pk)] and event.actor == world.admin


@pytest.fixture
def blueprint_workshops(world, round_):
    return [
        Workshop.objects.create(
            blueprint=round_.draft,
            title=f"ประชุมครั้งที่ {number}",
            starts_at=timezone.make_aware(datetime.datetime(2005, 1, number, 9, 30)),
            venue="ศาลากลาง",
        )
        for number in (1, 2)
    ]
