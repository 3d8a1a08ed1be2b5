"""Workflow: each step allowed to the right role only, recorded with who, when and why."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from proposals import services, workflow
from proposals.models import Blueprint, BlueprintStatus, Snapshot, Transition
from proposals.rows import KINDS
from tests.conftest import ACTORS
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

S = BlueprintStatus
# The state each step starts from, and the steps leading there from a new draft.
START = {
    "consult": [],
    "review": ["consult"],
    "approve": ["consult", "review"],
    "submit": ["consult", "review", "approve"],
    "return": ["consult", "review", "approve", "submit"],
    "accept": ["consult", "review", "approve", "submit"],
    "revise": ["consult", "review", "approve", "submit", "return"],
    "reopen": ["consult"],
    "withdraw": ["consult", "review", "approve"],
}
EDITOR_STEPS = {"consult", "review", "approve", "submit", "revise", "reopen", "withdraw"}
REVIEWER_STEPS = {"return", "accept"}

# Who may take each kind of step: province editors and admins; OPDC reviewers and admins.
ALLOWED = {
    "editor": EDITOR_STEPS,
    "admin": EDITOR_STEPS | REVIEWER_STEPS,
    "reviewer": REVIEWER_STEPS,
    "contributor": set(),
    "viewer": set(),
    "stranger": set(),
    "anonymous": set(),
}


LETTER_FIELDS = {
    "letter-document_number": "ชพ ๐๐๑๗/๑๒๓๔",
    "letter-signer_name": "นายวีระ ศรีวัฒนตระกูล",
    "letter-signer_position": "ผู้ว่าราชการจังหวัดชุมพร",
}


def prepare(blueprint, world, action):
    for step in START[action]:
        user = world.reviewer if step in REVIEWER_STEPS else world.editor
        advance(blueprint, user, step)
    return blueprint


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(START))
def test_transition_allowed_or_refused_per_role(
    actor, action, world, complete_blueprint, client_for
):
    blueprint = prepare(complete_blueprint, world, action)
    before = blueprint.status
    step = workflow.STEPS[action]
    url = reverse("proposals:transition", args=[blueprint.pk, action])
    data = {"reason": "เหตุผลประกอบ"}
    data.update(LETTER_FIELDS)  # submitting sends the covering letter with it (tests/letters)
    response = client_for(world.actor(actor)).post(url, data)
    blueprint.refresh_from_db()
    if action in ALLOWED[actor]:
        assert response.status_code == 302, response.content[:500]
        assert blueprint.status == step.target
        log = Transition.objects.filter(blueprint=blueprint).latest("pk")
        assert (log.actor, log.from_status, log.to_status, log.action) == (
            world.actor(actor),
            before,
            step.target,
            action,
        )
        assert log.reason == "เหตุผลประกอบ"
    else:
        # Anonymous → login; someone who cannot see the Blueprint → 404; others → 403.
        sees_it = actor in {"editor", "contributor", "viewer", "admin"} or (
            actor == "reviewer" and blueprint.submitted_at is not None
        )
        expected = 302 if actor == "anonymous" else 403 if sees_it else 404
        assert response.status_code == expected
        assert blueprint.status == before


@pytest.mark.parametrize("actor", ["contributor", "viewer", "reviewer", "stranger"])
def test_services_refuse_editor_steps_to_others(actor, world, complete_blueprint):
    with pytest.raises(PermissionDenied):
        workflow.blueprint_open_consultation(user=world.actor(actor), blueprint=complete_blueprint)
    complete_blueprint.refresh_from_db()
    assert complete_blueprint.status == S.DRAFT


def test_step_from_the_wrong_state_is_refused(world, complete_blueprint, client_for):
    with pytest.raises(services.Refused):
        workflow.blueprint_submit(user=world.editor, blueprint=complete_blueprint)
    response = client_for(world.editor).post(
        reverse("proposals:transition", args=[complete_blueprint.pk, "submit"])
    )
    assert response.status_code == 302
    complete_blueprint.refresh_from_db()
    assert complete_blueprint.status == S.DRAFT
    assert not Snapshot.objects.exists()


def test_reviewer_cannot_act_on_a_blueprint_never_submitted(world, complete_blueprint, client_for):
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    response = client_for(world.reviewer).post(
        reverse("proposals:transition", args=[complete_blueprint.pk, "accept"])
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        workflow.blueprint_accept(user=world.reviewer, blueprint=complete_blueprint)


def test_return_needs_a_reason(world, submitted_blueprint, client_for):
    url = reverse("proposals:transition", args=[submitted_blueprint.pk, "return"])
    response = client_for(world.reviewer).post(url, {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    with pytest.raises(ValidationError):
        workflow.blueprint_return(user=world.reviewer, blueprint=submitted_blueprint, reason="")
    submitted_blueprint.refresh_from_db()
    assert submitted_blueprint.status == S.SUBMITTED


def test_approval_records_the_governor_of_the_provinces_record(
    world, complete_blueprint, client_for
):
    advance(complete_blueprint, world.editor, "consult", "review")
    url = reverse("proposals:transition", args=[complete_blueprint.pk, "approve"])
    client = client_for(world.editor)
    form = client.get(url)
    assert "approver_name" not in form.context["form"].fields
    assert "นายวีระ ศรีวัฒนตระกูล, ผู้ว่าราชการจังหวัดชุมพร" in form.content.decode()
    # A name typed into the request is not the governor: the record is.
    client.post(url, {"approver_name": "นายคนอื่น", "approved_on": "15/03/2548"})
    complete_blueprint.refresh_from_db()
    assert complete_blueprint.status == S.APPROVED
    assert complete_blueprint.approver_name == "นายวีระ ศรีวัฒนตระกูล"
    assert complete_blueprint.approver_position == "ผู้ว่าราชการจังหวัดชุมพร"
    assert complete_blueprint.approved_on.isoformat() == "2005-03-15"
    # Kept with the approval: a new governor later does not rewrite who approved.
    world.province.governor_name = "นายผู้ว่าคนใหม่"
    world.province.save()
    advance(complete_blueprint, world.editor, "submit")
    data = complete_blueprint.snapshots.get().data
    assert data["blueprint"]["approver"]["name"] == "นายวีระ ศรีวัฒนตระกูล"
    assert data["blueprint"]["approver"]["position"] == "ผู้ว่าราชการจังหวัดชุมพร"


def test_approval_is_refused_while_the_province_names_no_governor(
    world, complete_blueprint, client_for
):
    world.province.governor_name = ""
    world.province.save()
    advance(complete_blueprint, world.editor, "consult", "review")
    url = reverse("proposals:transition", args=[complete_blueprint.pk, "approve"])
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.editor)
    assert "ไม่ได้ระบุชื่อผู้ว่าราชการจังหวัด" in client.get(url).content.decode()
    response = client.post(url, {}, follow=True)
    assert "ไม่ได้ระบุชื่อผู้ว่าราชการจังหวัด" in response.content.decode()
    complete_blueprint.refresh_from_db()
    assert complete_blueprint.status == S.PROVINCIAL_REVIEW
    assert not complete_blueprint.approved_editions.exists()


def test_blockers_stop_approval_and_are_listed(world, blueprint, client_for):
    advance(blueprint, world.editor, "consult", "review")
    from proposals.completeness import find_blockers
    from proposals.selectors import load_document

    count = len(find_blockers(load_document(blueprint)))
    with pytest.raises(services.Refused) as refused:
        workflow.blueprint_transition(user=world.editor, blueprint=blueprint, action="approve")
    assert str(refused.value) == f"{count} item(s) must be completed first."
    assert len(refused.value.blockers) == count
    url = reverse("proposals:transition", args=[blueprint.pk, "approve"])
    response = client_for(world.editor).post(url, {})
    assert response.status_code == 200
    assert response.context["blockers"]
    assert "The diagnosis has no" in response.content.decode()
    # The page still shows the Blueprint as it is: nothing moved.
    assert response.context["blueprint"].status == S.PROVINCIAL_REVIEW
    assert response.context["possible"]
    blueprint.refresh_from_db()
    assert blueprint.status == S.PROVINCIAL_REVIEW
    assert blueprint.approver_name == ""


def test_return_then_revise_starts_a_new_version(world, submitted_blueprint):
    advance(submitted_blueprint, world.reviewer, "return")
    assert submitted_blueprint.status == S.RETURNED
    log = Transition.objects.filter(blueprint=submitted_blueprint, action="return").get()
    assert log.reason == "ขอให้ปรับปรุงตัวชี้วัด" and log.actor == world.reviewer
    advance(submitted_blueprint, world.editor, "revise")
    assert submitted_blueprint.status == S.DRAFT
    assert submitted_blueprint.edition == 2
    assert submitted_blueprint.is_editable
    advance(submitted_blueprint, world.editor, "consult", "review", "approve", "submit")
    editions = Snapshot.objects.filter(blueprint=submitted_blueprint).values_list(
        "edition", flat=True
    )
    assert sorted(editions) == [1, 2]


def test_accept_closes_the_blueprint_and_frees_the_issue_year(world, submitted_blueprint, chain):
    advance(submitted_blueprint, world.reviewer, "accept")
    assert submitted_blueprint.status == S.ACCEPTED
    assert not submitted_blueprint.is_editable
    # Another Blueprint for the same issue and year may be opened now.
    other = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2548)
    assert Blueprint.objects.filter(issue=chain["issue"], fiscal_year=2548).count() == 2
    assert other.status == S.DRAFT


def test_concurrent_double_step_is_refused(world, complete_blueprint):
    stale = Blueprint.objects.get(pk=complete_blueprint.pk)
    workflow.blueprint_open_consultation(user=world.editor, blueprint=complete_blueprint)
    # A second click from a page loaded before the first: the state it starts from is gone.
    stale.status = S.DRAFT
    with pytest.raises(services.Refused) as refused:
        workflow.blueprint_open_consultation(user=world.editor, blueprint=stale)
    assert str(refused.value) == "Someone changed this Blueprint's status just now. Look again."
    assert Transition.objects.filter(blueprint=complete_blueprint).count() == 1


def test_reopen_needs_a_reason_and_goes_back_to_draft(world, complete_blueprint):
    advance(complete_blueprint, world.editor, "consult")
    with pytest.raises(ValidationError):
        workflow.blueprint_reopen(user=world.editor, blueprint=complete_blueprint, reason="")
    workflow.blueprint_reopen(
        user=world.editor, blueprint=complete_blueprint, reason="ต้องแก้ไขการวิเคราะห์ SWOT"
    )
    complete_blueprint.refresh_from_db()
    assert complete_blueprint.status == S.DRAFT


def test_frozen_blueprint_refuses_edits(world, submitted_blueprint, client_for):
    change = submitted_blueprint.change_proposals.get()
    url = reverse("proposals:row_edit", args=[submitted_blueprint.pk, "change", change.pk])
    response = client_for(world.editor).post(url, {"title": "แก้หลังส่ง", "category": "quality"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.title != "แก้หลังส่ง"
    with pytest.raises(services.Locked):
        services.row_update(
            user=world.editor, blueprint=submitted_blueprint, kind=KINDS["change"], obj=change,
            values={"title": "แก้หลังส่ง"}, version=change.version,
        )  # fmt: skip


def test_the_office_sees_why_it_was_returned(world, submitted_blueprint, client_for):
    reason = "ตัวชี้วัดที่ 1.1 ยังไม่มีค่าฐาน โปรดระบุ"
    workflow.blueprint_return(user=world.reviewer, blueprint=submitted_blueprint, reason=reason)
    page = client_for(world.editor).get(submitted_blueprint.get_absolute_url()).content.decode()
    alert = page[page.index('class="alert alert-warning small"') :]
    assert reason in alert[: alert.index("</div>\n")]


def test_the_approval_form_says_what_blocks_it_before_it_is_filled(world, blueprint, client_for):
    """Found by a new-user walkthrough: the blockers appeared only after typing the
    governor's name and date and submitting."""
    advance(blueprint, world.editor, "consult", "review")
    url = reverse("proposals:transition", args=[blueprint.pk, "approve"])
    response = client_for(world.editor).get(url)
    assert response.status_code == 200
    assert response.context["blockers"]
    assert 'class="small bp-blockers"' in response.content.decode()


@pytest.mark.parametrize("action", list(START))
def test_the_thai_message_after_a_step_says_each_thing_once(action, world, complete_blueprint):
    """Status names such as “ส่งสำนักงาน ก.พ.ร. แล้ว” already say "done": the message
    around them must not say "แล้ว" a second time."""
    actor = world.reviewer if action in REVIEWER_STEPS else world.editor
    blueprint = prepare(complete_blueprint, world, action)
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(actor)
    data = {"reason": "เหตุผลประกอบ", **LETTER_FIELDS}
    response = client.post(
        reverse("proposals:transition", args=[blueprint.pk, action]), data, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    status = str(BlueprintStatus(workflow.STEPS[action].target).label)
    done = [message for message in shown if status in message]
    assert done, shown
    assert all(message.count("แล้ว") <= 1 for message in done), done


def test_approval_leaves_no_section_in_progress(world, complete_blueprint, client_for):
    """The governor approves the whole text: its sections say so, in the approved edition,
    on the Blueprint page and in the list (not "0 / 7 sections accepted")."""
    from proposals import edition
    from proposals.models import Section, SectionStatus

    blueprint = prepare(complete_blueprint, world, "approve")
    Section.objects.filter(blueprint=blueprint, key="risks").update(status=SectionStatus.SUBMITTED)
    Section.objects.filter(blueprint=blueprint, key="goals").update(status=SectionStatus.ACCEPTED)
    Section.objects.filter(blueprint=blueprint).exclude(key__in=["risks", "goals"]).update(
        status=SectionStatus.IN_PROGRESS
    )
    versions = dict(Section.objects.filter(blueprint=blueprint).values_list("key", "version"))
    advance(blueprint, world.editor, "approve")
    statuses = set(Section.objects.filter(blueprint=blueprint).values_list("status", flat=True))
    assert statuses == {SectionStatus.ACCEPTED}
    # Each section it accepted moves by one version (a form loaded before the approval is
    # stale); one accepted already is left as it was.
    after = dict(Section.objects.filter(blueprint=blueprint).values_list("key", "version"))
    assert after == {key: version + (key != "goals") for key, version in versions.items()}
    approved = edition.current_edition(blueprint)
    content = json.loads(approved.content)
    assert {s["status"]["code"] for s in content["sections"]} == {"accepted"}
    client = client_for(world.editor)
    page = client.get(blueprint.get_absolute_url()).content.decode()
    assert "In progress" not in page and "Submitted for merge" not in page
    total = Section.objects.filter(blueprint=blueprint).count()
    assert f"{total} / {total}" in client.get(reverse("proposals:list")).content.decode()


def test_each_named_step_takes_its_own_step(world, complete_blueprint):
    """The services by name (what the demo and the other features call) each take the step
    their name says, and nothing else."""
    import datetime

    blueprint = complete_blueprint
    walk = [
        (workflow.blueprint_open_consultation, world.editor, {}, "consultation"),
        (workflow.blueprint_send_to_review, world.editor, {}, "provincial_review"),
        (workflow.blueprint_approve, world.editor,
         {"approved_on": datetime.date(2005, 8, 1)}, "approved"),
        (workflow.blueprint_withdraw_approval, world.editor, {"reason": "แก้ตัวชี้วัด"},
         "provincial_review"),
        (workflow.blueprint_reopen, world.editor, {"reason": "ปรับใหม่"}, "draft"),
        (workflow.blueprint_open_consultation, world.editor, {}, "consultation"),
        (workflow.blueprint_send_to_review, world.editor, {}, "provincial_review"),
        (workflow.blueprint_approve, world.editor, {}, "approved"),
        (workflow.blueprint_submit, world.editor, {}, "submitted"),
        (workflow.blueprint_return, world.reviewer, {"reason": "ขอข้อมูลเพิ่ม"}, "returned"),
        (workflow.blueprint_revise, world.editor, {}, "draft"),
    ]  # fmt: skip
    for step, user, extra, status in walk:
        transition = step(user=user, blueprint=blueprint, **extra)
        blueprint.refresh_from_db()
        assert (blueprint.status, transition.to_status) == (status, status), step.__name__
        if "reason" in extra:
            assert transition.reason == extra["reason"]
    assert blueprint.edition == 2
    assert Transition.objects.filter(blueprint=blueprint, action="approve").first()
    first = (
        Transition.objects.filter(blueprint=blueprint)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert list(first)[:5] == ["consult", "review", "approve", "withdraw", "reopen"]


def test_opdc_accepts_a_submitted_blueprint_with_its_note(world, submitted_blueprint):
    transition = workflow.blueprint_accept(
        user=world.reviewer, blueprint=submitted_blueprint, reason="ครบถ้วน"
    )
    submitted_blueprint.refresh_from_db()
    assert submitted_blueprint.status == transition.to_status == "accepted"
    assert transition.reason == "ครบถ้วน" and transition.action == "accept"


def test_a_new_blueprint_starts_with_its_sections_history_and_cluster(world, chain):
    import datetime

    from django.core.exceptions import ValidationError

    from proposals.models import CONTENT_SECTIONS, Revision, Section
    from tests import factories

    gulf = factories.ClusterMembershipFactory(
        province=world.province, start_date=datetime.date(2003, 10, 1),
        end_date=datetime.date(2005, 9, 30), cluster__code="gulf",
    ).cluster  # fmt: skip
    andaman = factories.ClusterMembershipFactory(
        province=world.province, start_date=datetime.date(2005, 10, 1), cluster__code="andaman"
    ).cluster
    factories.ClusterMembershipFactory(  # ended before 2548 began
        province=world.province, start_date=datetime.date(2001, 10, 1),
        end_date=datetime.date(2004, 9, 30), cluster__code="old",
    )  # fmt: skip
    factories.ClusterMembershipFactory(  # another province's, more recent
        province=world.other_province, start_date=datetime.date(2004, 10, 1),
        cluster__code="elsewhere",
    )  # fmt: skip
    issue = chain["issue"]
    for user in (world.contributor, world.viewer, world.stranger, world.reviewer):
        with pytest.raises(PermissionDenied):
            services.blueprint_create(user=user, issue=issue, fiscal_year=2548)
    with pytest.raises(ValidationError):
        services.blueprint_create(user=world.editor, issue=issue, fiscal_year=2552)

    blueprint = services.blueprint_create(
        user=world.editor, issue=issue, fiscal_year=2548, title="   ",
        cluster_reference="ที่ 7/2548", cluster_url="https://gulf.example.go.th/",
    )  # fmt: skip
    assert blueprint.cluster == gulf and blueprint.province == world.province
    assert blueprint.title == (
        f"ข้อเสนอการเปลี่ยนแปลง (Blueprint for Change) ประเด็นยุทธศาสตร์ที่ 1 {issue.title}"
    )
    assert (blueprint.cluster_reference, blueprint.cluster_url) == (
        "ที่ 7/2548", "https://gulf.example.go.th/",
    )  # fmt: skip
    assert blueprint.created_by == world.editor and blueprint.diagnosis.pk
    statuses = dict(Section.objects.filter(blueprint=blueprint).values_list("key", "status"))
    assert set(statuses) == set(CONTENT_SECTIONS)
    assert {key for key, status in statuses.items() if status == "in_progress"} == {
        "goals", "action_plan",
    }  # fmt: skip
    kept = set(Revision.objects.filter(blueprint=blueprint).values_list("kind", "action", "author"))
    assert kept == {
        ("header", "created", world.editor.pk), ("diagnosis", "created", world.editor.pk),
        ("goal", "baseline", world.editor.pk), ("indicator", "baseline", world.editor.pk),
        ("project", "baseline", world.editor.pk),
    }  # fmt: skip

    later = services.blueprint_create(
        user=world.editor, issue=issue, fiscal_year=2549, title="  ฉบับปี 2549  "
    )
    assert (later.cluster, later.title) == (andaman, "ฉบับปี 2549")
    chosen = services.blueprint_create(
        user=world.editor, issue=issue, fiscal_year=2550, cluster=gulf
    )
    assert chosen.cluster == gulf
    assert (chosen.title, chosen.cluster_reference, chosen.cluster_url) == (
        services.default_title(issue), "", "",
    )  # fmt: skip


def test_a_section_is_assigned_to_an_agency_of_the_province_once_and_its_people_hear_once(
    world, blueprint, second
):
    import datetime

    from django.core.exceptions import ValidationError

    from proposals.models import Section
    from proposals.participation.models import Notification
    from tests import factories

    section = Section.objects.get(blueprint=blueprint, key="risks")

    def assign(assignee, **extra):
        current = Section.objects.get(pk=section.pk)
        return workflow.section_assign(
            user=world.editor, section=current, assignee=assignee,
            due_date=extra.get("due_date"), status=extra.get("status", "in_progress"),
            instructions=extra.get("instructions", ""),
            version=extra.get("version", current.version),
        )  # fmt: skip

    elsewhere = factories.LineAgencyFactory(province=world.other_province)
    for wrong in (world.other_agency, elsewhere, world.province):
        with pytest.raises(ValidationError) as refused:
            assign(wrong)
        assert refused.value.message_dict == {
            "assignee": ["Choose a line agency of this province."]
        }
    before = Section.objects.get(pk=section.pk).version
    due = datetime.date(2005, 7, 15)
    saved = assign(world.agency, due_date=due, instructions="กรอกความเสี่ยงด้านการตลาด")
    assert (saved.assignee, saved.due_date, saved.status, saved.instructions) == (
        world.agency, due, "in_progress", "กรอกความเสี่ยงด้านการตลาด",
    )  # fmt: skip
    assert saved.version == before + 1

    def heard(person):
        return list(
            Notification.objects.filter(recipient=person, kind="assigned").values_list(
                "actor", flat=True
            )
        )

    assert heard(world.contributor) == [world.editor.pk]
    saved = assign(world.agency, due_date=due, status="submitted")  # the same agency again
    assert heard(world.contributor) == [world.editor.pk]  # told once
    assert (saved.instructions, saved.status) == ("", "submitted")
    assign(second.agency)
    assert heard(second.contributor) == [world.editor.pk]

    with pytest.raises(services.EditConflict) as stale:
        assign(None, version=before)
    assert stale.value.current.assignee == second.agency
    assert Section.objects.get(pk=section.pk).assignee == second.agency
    assert assign(None).assignee is None  # taken back
    # Instructions not given are none: the earlier ones go.
    assign(world.agency, instructions="ข้อแนะนำเดิม")
    current = Section.objects.get(pk=section.pk)
    bare = workflow.section_assign(
        user=world.editor, section=current, assignee=world.agency, due_date=None,
        status="in_progress", version=current.version,
    )  # fmt: skip
    assert Section.objects.get(pk=bare.pk).instructions == ""


def test_a_sections_status_is_the_offices_call_and_one_it_knows(world, blueprint):
    from django.core.exceptions import ValidationError

    from proposals.models import Section

    section = Section.objects.get(blueprint=blueprint, key="risks")
    before = section.version
    with pytest.raises(ValidationError) as refused:
        workflow.section_set_status(user=world.editor, section=section, status="finished")
    assert refused.value.messages == ["Unknown status."]
    for person in (world.contributor, world.viewer):
        with pytest.raises(PermissionDenied):
            workflow.section_set_status(user=person, section=section, status="accepted")
    saved = workflow.section_set_status(user=world.editor, section=section, status="accepted")
    assert (saved.status, saved.version) == ("accepted", before + 1)


def test_the_steps_offered_are_those_of_the_persons_role(world, submitted_blueprint, second):
    from proposals import access

    def offered(person, blueprint):
        rights = access.rights_for(person, blueprint)
        return sorted(step.action for step in workflow.steps_for(rights, blueprint))

    assert offered(world.reviewer, submitted_blueprint) == ["accept", "return"]
    for person in (world.editor, world.viewer, world.contributor, second.contributor):
        assert offered(person, submitted_blueprint) == []


def test_a_step_keeps_what_it_was_given_and_no_more(world, complete_blueprint):
    import datetime

    from django.core.exceptions import ValidationError

    blueprint = advance(complete_blueprint, world.editor, "consult", "review")
    workflow.blueprint_approve(
        user=world.editor, blueprint=blueprint, approved_on=datetime.date(2005, 8, 1)
    )
    blueprint.refresh_from_db()
    assert blueprint.approved_on == datetime.date(2005, 8, 1)
    workflow.blueprint_submit(user=world.editor, blueprint=blueprint)
    with pytest.raises(ValidationError) as refused:
        workflow.blueprint_return(user=world.reviewer, blueprint=blueprint, reason="  ")
    assert refused.value.message_dict == {
        "reason": ["Give the reason: it is kept with the Blueprint."]
    }
    workflow.blueprint_return(user=world.reviewer, blueprint=blueprint, reason="ขอเพิ่ม")
    revised = workflow.blueprint_revise(user=world.editor, blueprint=blueprint, reason="ตามที่ขอ")
    assert revised.reason == "ตามที่ขอ"
    accepted_without = advance(
        complete_blueprint, world.editor, "consult", "review", "approve", "submit"
    )
    assert workflow.blueprint_accept(user=world.reviewer, blueprint=accepted_without).reason == ""


def test_a_step_says_why_it_cannot_be_taken(world, complete_blueprint):
    with pytest.raises(services.Refused) as refused:
        workflow.blueprint_submit(user=world.editor, blueprint=complete_blueprint)
    assert str(refused.value) == "“Submit to OPDC” is not possible while the Blueprint is “Draft”."
    # Approved before approved editions were kept: there is nothing to send.
    blueprint = advance(complete_blueprint, world.editor, "consult", "review")
    Blueprint.objects.filter(pk=blueprint.pk).update(status="approved")
    blueprint.refresh_from_db()
    with pytest.raises(services.Refused) as refused:
        workflow.blueprint_submit(user=world.editor, blueprint=blueprint)
    assert str(refused.value) == (
        "There is no approved edition of this version to submit (it was approved before "
        "approved editions were kept). Send it back to provincial review, then record the "
        "governor's approval again."
    )
    assert not Snapshot.objects.filter(blueprint=blueprint).exists()


def test_what_a_step_is_not_given_is_left_empty(world, submitted_blueprint):
    from proposals.models import Section

    blueprint = submitted_blueprint
    workflow.blueprint_return(user=world.reviewer, blueprint=blueprint, reason="แก้")
    assert blueprint.approved_on is not None and blueprint.approver_name
    assert workflow.blueprint_revise(user=world.editor, blueprint=blueprint).reason == ""
    blueprint.refresh_from_db()
    # The approval no longer stands for the new version.
    assert (blueprint.approved_on, blueprint.approver_name, blueprint.approver_position) == (
        None, "", "",
    )  # fmt: skip
    section = Section.objects.get(blueprint=blueprint, key="risks")
    saved = workflow.section_assign(
        user=world.editor, section=section, assignee=world.agency, due_date=None,
        status="in_progress", version=section.version,
    )  # fmt: skip
    assert saved.instructions == ""
    consulted = workflow.blueprint_transition(
        user=world.editor, blueprint=blueprint, action="consult"
    )
    assert consulted.reason == ""
