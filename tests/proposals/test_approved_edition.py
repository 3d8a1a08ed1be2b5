"""What the governor approved is what OPDC receives, whatever path writes the rows after.

The Blueprint's own rows are refused once approved (with the reason and what to do);
the cascade rows it reads are shared with other Blueprints and years, so they may change,
but the submission sends the approved edition byte for byte and the office sees the drift.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from proposals import edition, services, workflow
from proposals.excel_sheets import AGENCY_SHEETS
from proposals.models import ApprovedEdition, BlueprintStatus, SectionKey, Transition
from proposals.rows import KINDS
from tests.excel.workbooks import edit, headers, xlsx
from tests.proposals.conftest import advance, section

pytestmark = pytest.mark.django_db

APPROVED_TH = "ข้อเสนอนี้ผู้ว่าราชการจังหวัดอนุมัติแล้ว"
NEW_TEXT = "แก้ไขหลังผู้ว่าราชการจังหวัดอนุมัติ"


@pytest.fixture
def approved(complete_blueprint, world):
    return advance(complete_blueprint, world.editor, "consult", "review", "approve")


def thai_client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(user)
    return client


def assert_submission_is_the_approved_edition(blueprint, world):
    """Submit, then read the snapshot back from the database and compare bytes."""
    approved = edition.current_edition(blueprint)
    advance(blueprint, world.editor, "submit")
    submitted = blueprint.snapshots.get(edition=blueprint.edition)
    submitted.refresh_from_db()
    frozen = edition.canonical(edition.edition_content(submitted.data))
    assert frozen == approved.content.encode("utf-8")
    assert edition.sha256(frozen) == approved.sha256
    assert submitted.data["blueprint"]["approved_edition_sha256"] == approved.sha256
    assert submitted.data["blueprint"]["status"]["code"] == BlueprintStatus.SUBMITTED
    assert submitted.data["blueprint"]["submitted_by"]["username"] == world.editor.username
    return submitted


def form_data(response, **changes):
    """The values a form shows (as a browser would post them back), with ``changes``."""
    form = response.context["adminform"].form if "adminform" in response.context else None
    form = form or response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif isinstance(value, bool):
            if not value:
                continue
            value = "on"
        else:
            value = str(value)
        data[name] = value
    data.update(changes)
    return data


# --------------------------------------------------------------------------
# Approval takes the edition
# --------------------------------------------------------------------------


def test_approval_freezes_the_edition_and_the_database_keeps_it(approved, world):
    frozen = approved.approved_editions.get()
    assert frozen.edition == approved.edition
    assert frozen.content.encode("utf-8") == edition.canonical(edition.live_content(approved))
    assert frozen.sha256 == edition.sha256(frozen.content.encode("utf-8"))
    content = json.loads(frozen.content)
    assert content["blueprint"]["approver"]["name"] == "นายวีระ ศรีวัฒนตระกูล"
    assert "status" not in content["blueprint"]
    with pytest.raises(DatabaseError), transaction.atomic():
        ApprovedEdition.objects.filter(pk=frozen.pk).update(content="{}")


def test_unchanged_blueprint_is_submitted_as_approved(approved, world):
    submitted = assert_submission_is_the_approved_edition(approved, world)
    # OPDC reads that the submission is the approved edition; a changed copy would not be.
    page = thai_client(world.reviewer).get(submitted.get_absolute_url()).content.decode()
    assert "ฉบับที่ส่งนี้คือฉบับที่ผู้ว่าราชการจังหวัดอนุมัติ" in page
    assert edition.verify(submitted.data) is True
    altered = json.loads(json.dumps(submitted.data))
    altered["goals"][0]["title"] = NEW_TEXT
    assert edition.verify(altered) is False


def test_back_to_draft_from_approved_withdraws_the_approval(approved, world):
    advance(approved, world.editor, "reopen")
    assert approved.status == BlueprintStatus.DRAFT
    assert (approved.approver_name, approved.approved_on) == ("", None)
    assert edition.current_edition(approved) is None


# --------------------------------------------------------------------------
# The Blueprint's own rows: refused, saying why and what to do
# --------------------------------------------------------------------------


def test_section_edit_on_the_blueprint_page_is_refused(approved, world):
    change = approved.change_proposals.get()
    url = reverse("proposals:row_edit", args=[approved.pk, "change", change.pk])
    response = thai_client(world.editor).post(
        url, {"title": NEW_TEXT, "category": "quality", "version": change.version}, follow=True
    )
    assert APPROVED_TH in response.content.decode()
    assert "ส่งกลับไปพิจารณาระดับจังหวัด" in response.content.decode()
    change.refresh_from_db()
    assert change.title != NEW_TEXT
    assert_submission_is_the_approved_edition(approved, world)


@pytest.mark.parametrize("kind", ["diagnosis", "header"])
def test_service_writes_of_own_rows_are_refused(approved, world, kind):
    obj = approved.diagnosis if kind == "diagnosis" else approved
    field = "gap" if kind == "diagnosis" else "title"
    with translation.override("th"), pytest.raises(services.Locked) as refused:
        if kind == "header":
            services.blueprint_update_header(
                user=world.editor, blueprint=approved, values={field: NEW_TEXT},
                version=approved.version,
            )  # fmt: skip
        else:
            services.row_update(
                user=world.editor, blueprint=approved, kind=KINDS[kind], obj=obj,
                values={field: NEW_TEXT}, version=obj.version,
            )  # fmt: skip
    assert APPROVED_TH in refused.value.message and "ส่งกลับ" in refused.value.message
    assert_submission_is_the_approved_edition(approved, world)


def test_a_cascade_row_edited_through_the_blueprint_is_refused(approved, world, chain):
    goal = chain["goal"]
    with pytest.raises(services.Locked):
        services.row_update(
            user=world.editor, blueprint=approved, kind=KINDS["goal"], obj=goal,
            values={"title": NEW_TEXT}, version=goal.version,
        )  # fmt: skip
    goal.refresh_from_db()
    assert goal.title != NEW_TEXT


def test_section_restore_is_refused(approved, world):
    head = approved.revisions.filter(section=SectionKey.DIAGNOSIS).order_by("-number").first()
    url = reverse(
        "proposals:section_restore", args=[approved.pk, SectionKey.DIAGNOSIS, head.number]
    )
    before = approved.diagnosis.gap
    response = thai_client(world.editor).post(url, {"head": head.number}, follow=True)
    assert APPROVED_TH in response.content.decode()
    with pytest.raises(services.Locked):
        services.section_restore(
            user=world.editor, blueprint=approved, section=SectionKey.DIAGNOSIS,
            number=head.number, head=head.number,
        )  # fmt: skip
    approved.diagnosis.refresh_from_db()
    assert approved.diagnosis.gap == before
    assert_submission_is_the_approved_edition(approved, world)


def test_agency_excel_import_is_refused(approved, world):
    changes = {spec.key: spec for spec in AGENCY_SHEETS}["change"]
    row = ["", "การพัฒนาคุณภาพ", NEW_TEXT, "ช่องว่าง", "ผลที่คาดหวัง", "1.1", "chumphon-agri"]
    content = xlsx({"ประเด็นการเปลี่ยนแปลง": [headers(changes), row + [2548, 2549]]})
    client = thai_client(world.editor)
    response = client.post(
        reverse("excel:blueprint", args=[approved.pk]),
        {"file": SimpleUploadedFile("input.xlsx", content)},
        follow=True,
    )
    assert APPROVED_TH in response.content.decode()
    assert not approved.change_proposals.filter(title=NEW_TEXT).exists()
    assert_submission_is_the_approved_edition(approved, world)


# --------------------------------------------------------------------------
# Shared cascade rows: they change, the submission does not, the office sees the drift
# --------------------------------------------------------------------------


def _edit_on_cascade_page(client, kind, obj, changes):
    url = reverse(f"strategies:{kind}_edit", args=[obj.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


CASCADE_EDITS = {
    "goal": lambda chain: ("goal", chain["goal"], {"title": NEW_TEXT}),
    "indicator": lambda chain: ("indicator", chain["indicator"], {"name": NEW_TEXT}),
    "strategy": lambda chain: ("strategy", chain["strategy"], {"title": NEW_TEXT}),
    "project": lambda chain: ("project", chain["project"], {"title": NEW_TEXT}),
    "budget": lambda chain: ("project", chain["project"], {"budget_2549_regular": "123456"}),
}
# (A yearly target of an approved plan is not edited on the plan's pages: it changes by a
# request with a reason that the office approves — tests/monitoring.)
SHOWN = {"budget": "123,456", "strategy": None}


@pytest.mark.parametrize("path", list(CASCADE_EDITS))
def test_cascade_page_edit_drifts_but_the_approved_edition_is_submitted(
    approved, world, chain, path
):
    kind, obj, changes = CASCADE_EDITS[path](chain)
    client = thai_client(world.editor)
    _edit_on_cascade_page(client, kind, obj, changes)
    found = edition.drift(approved)
    assert found.drifted
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "แผนปฏิบัติราชการเปลี่ยนไปหลังจากผู้ว่าราชการจังหวัดอนุมัติ" in page
    shown = SHOWN.get(path, NEW_TEXT)
    drift_panel = page[page.index('id="approved-edition"') : page.index("</section>")]
    if shown:
        assert shown in drift_panel
    submit_page = client.get(reverse("proposals:transition", args=[approved.pk, "submit"]))
    assert "แผนปฏิบัติราชการเปลี่ยนไป" in submit_page.content.decode()
    submitted = assert_submission_is_the_approved_edition(approved, world)
    assert NEW_TEXT not in json.dumps(submitted.data, ensure_ascii=False)
    assert "77.5" not in json.dumps(submitted.data) and "123456" not in json.dumps(submitted.data)


def test_another_blueprint_of_the_issue_edits_the_shared_goal(approved, world, chain):
    """The goals section of the same issue's Blueprint for another year writes the same rows."""
    other = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2549)
    goal = chain["goal"]
    goal.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=other, kind=KINDS["goal"], obj=goal,
        values={"title": NEW_TEXT}, version=goal.version,
    )  # fmt: skip
    assert edition.drift(approved).drifted
    submitted = assert_submission_is_the_approved_edition(approved, world)
    assert NEW_TEXT not in json.dumps(submitted.data, ensure_ascii=False)


def test_plan_excel_import_drifts_but_the_approved_edition_is_submitted(approved, world, chain):
    client = thai_client(world.editor)
    exported = client.get(reverse("excel:plan_export", args=[world.plan.pk])).content
    edited = edit(exported, "เป้าประสงค์", "B2", NEW_TEXT)
    response = client.post(
        reverse("excel:plan", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("แผน.xlsx", edited)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"]).context["preview"]
    assert preview.counts["update"] == 1
    client.post(response["Location"], {"fingerprint": preview.fingerprint})
    chain["goal"].refresh_from_db()
    assert chain["goal"].title == NEW_TEXT  # the shared plan did change
    assert edition.drift(approved).drifted
    submitted = assert_submission_is_the_approved_edition(approved, world)
    assert NEW_TEXT not in json.dumps(submitted.data, ensure_ascii=False)


def test_admin_edit_drifts_but_the_approved_edition_is_submitted(approved, world, chain):
    client = thai_client(world.admin)
    url = reverse("admin:strategies_goal_change", args=[chain["goal"].pk])
    response = client.post(url, form_data(client.get(url), title=NEW_TEXT))
    assert response.status_code == 302, response.content.decode()[:2000]
    chain["goal"].refresh_from_db()
    assert chain["goal"].title == NEW_TEXT
    assert edition.drift(approved).drifted
    submitted = assert_submission_is_the_approved_edition(approved, world)
    assert NEW_TEXT not in json.dumps(submitted.data, ensure_ascii=False)


def test_no_drift_is_said_too(approved, world):
    page = thai_client(world.editor).get(approved.get_absolute_url()).content.decode()
    assert "ข้อเสนอฉบับปัจจุบันตรงกับฉบับที่ผู้ว่าราชการจังหวัดอนุมัติ" in page
    # Submitting goes through its page (which shows any drift), not a one-click button.
    submit_url = reverse("proposals:transition", args=[approved.pk, "submit"])
    assert f'href="{submit_url}"' in page
    assert f'action="{submit_url}"' not in page


# --------------------------------------------------------------------------
# Changing it after all: send back to provincial review, recorded
# --------------------------------------------------------------------------


def test_withdrawing_the_approval_lets_the_change_in_and_a_new_approval_carries_it(approved, world):
    first = approved.approved_editions.get()
    with pytest.raises(ValidationError):  # a reason is required
        workflow.blueprint_withdraw_approval(user=world.editor, blueprint=approved, reason="")
    workflow.blueprint_withdraw_approval(
        user=world.editor, blueprint=approved, reason="ต้องแก้ช่องว่างตามข้อสังเกตของผู้ว่าฯ"
    )
    approved.refresh_from_db()
    assert approved.status == BlueprintStatus.PROVINCIAL_REVIEW
    assert approved.approver_name == ""
    log = Transition.objects.filter(blueprint=approved).latest("pk")
    assert (log.action, log.from_status, log.reason) == (
        "withdraw",
        BlueprintStatus.APPROVED,
        "ต้องแก้ช่องว่างตามข้อสังเกตของผู้ว่าฯ",
    )
    assert edition.current_edition(approved) is None
    diagnosis = approved.diagnosis
    services.row_update(
        user=world.editor, blueprint=approved, kind=KINDS["diagnosis"], obj=diagnosis,
        values={"gap": NEW_TEXT}, version=diagnosis.version,
    )  # fmt: skip
    advance(approved, world.editor, "approve")
    second = edition.current_edition(approved)
    assert second.pk != first.pk and second.sha256 != first.sha256
    submitted = assert_submission_is_the_approved_edition(approved, world)
    assert submitted.data["diagnosis"]["gap"] == NEW_TEXT
    assert section(approved, SectionKey.DIAGNOSIS)  # the section is still there


def test_an_approval_without_an_edition_is_not_submitted(approved, world):
    """A Blueprint approved before editions were kept cannot be submitted from live rows."""
    ApprovedEdition.objects.filter(blueprint=approved).delete()
    with pytest.raises(services.Refused):
        workflow.blueprint_submit(user=world.editor, blueprint=approved)
    approved.refresh_from_db()
    assert approved.status == BlueprintStatus.APPROVED
    assert not approved.snapshots.exists()


def test_the_submitter_is_named_with_title_and_position(approved, world):
    """The submission says who sent it as an official document writes a name: the title
    before it (นางสาว…) and the position held in the province."""
    from strategies.models import Membership, Profile

    world.editor.first_name, world.editor.last_name = "ดวงใจ", "แผนงามดี"
    world.editor.save()
    Profile.objects.create(user=world.editor, name_title="นางสาว")
    Membership.objects.filter(user=world.editor, organisation=world.province).update(
        position="นักวิเคราะห์นโยบายและแผนชำนาญการ"
    )
    submitted = assert_submission_is_the_approved_edition(approved, world)
    by = submitted.data["blueprint"]["submitted_by"]
    assert by["full_name"] == "นางสาวดวงใจ แผนงามดี"
    assert by["position"] == "นักวิเคราะห์นโยบายและแผนชำนาญการ"


def test_titles_other_than_nai_nang_take_a_space():
    from strategies.models import official_name
    from tests import factories

    user = factories.UserFactory(first_name="สมชาย", last_name="ใจดี")
    assert official_name(user) == "สมชาย ใจดี"  # no profile: the name alone
    from strategies.models import Profile

    Profile.objects.create(user=user, name_title="ว่าที่ร้อยตรี")
    user.refresh_from_db()
    assert official_name(user) == "ว่าที่ร้อยตรี สมชาย ใจดี"
