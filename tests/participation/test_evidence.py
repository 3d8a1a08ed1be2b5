"""What the submission carries of participation: contacts only with consent, what became
of each idea, the agency inputs decided — and section 8 of the PDF shows it."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from proposals import history
from proposals.models import Section
from proposals.participation import inputs, workshops
from proposals.participation.models import (
    Attendance,
    InputStatus,
    Participant,
    ParticipantRole,
    PointKind,
    PromotedTo,
)
from proposals.participation.snapshot import participation_data
from proposals.pdf import render, typeset
from proposals.rows import KINDS
from tests.participation.conftest import assign

pytestmark = pytest.mark.django_db


def _workshop(world, blueprint):
    return workshops.workshop_create(
        user=world.editor, blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมองครั้งที่ 2",
            "starts_at": timezone.make_aware(datetime.datetime(2005, 7, 20, 13, 30)),
            "venue": "ศาลากลางจังหวัดชุมพร", "agenda": "1. ร่างประเด็นการเปลี่ยนแปลง",
            "minutes": "ที่ประชุมเห็นชอบร่างประเด็นการเปลี่ยนแปลงในหลักการ",
        },
    )  # fmt: skip


def test_a_contact_is_named_to_opdc_only_with_consent(world, blueprint):
    participant = inputs.participant_add(
        user=world.editor, blueprint=blueprint, organisation=world.agency,
        role=ParticipantRole.LEAD, contact_name="นายประเสริฐ สวนมะพร้าว",
        contact_position="นักวิชาการส่งเสริมการเกษตร", contact_phone="0 7751 1234",
        contact_email="prasert@example.go.th",
    )  # fmt: skip
    (row,) = participation_data(blueprint)["participants"]
    assert row["contact"] is None
    inputs.participant_update(
        user=world.editor, participant=participant, values={"contact_consent": True}
    )
    data = participation_data(blueprint)
    assert data["participants"][0]["contact"] == {
        "name": "นายประเสริฐ สวนมะพร้าว",
        "position": "นักวิชาการส่งเสริมการเกษตร",
    }
    text = json.dumps(data, ensure_ascii=False)
    assert "0 7751 1234" not in text and "prasert@example.go.th" not in text


def test_the_consent_is_recorded_on_the_participant_form(world, blueprint, client_for):
    participant = Participant.objects.create(
        blueprint=blueprint, organisation=world.agency, contact_name="นางมาลี ค้าขายดี"
    )
    client = client_for(world.editor)
    url = reverse("proposals:participation:participant_edit", args=[blueprint.pk, participant.pk])
    assert 'name="contact_consent"' in client.get(url).content.decode()
    client.post(
        url,
        {"role": "supporting", "contact_name": "นางมาลี ค้าขายดี", "contact_consent": "on"},
    )
    participant.refresh_from_db()
    assert participant.contact_consent is True


def test_ideas_carry_what_became_of_them_and_not_who_raised_them(world, blueprint):
    workshop = _workshop(world, blueprint)
    invitee = workshops.workshop_invite(
        user=world.editor, workshop=workshop, organisation=world.agency,
        name="นายวิชัย ค้าส่ง", position="รองประธานหอการค้า",
    )  # fmt: skip
    workshops.invitee_set_attendance(
        user=world.editor, invitee=invitee, attendance=Attendance.ATTENDED
    )
    raised = {}
    for text in ("ตลาดกลางผลไม้", "ราคาผันผวน", "ขยายตลาดไปหลังสวน", "ศูนย์ข้อมูลเกษตรกร"):
        raised[text] = workshops.point_add(
            user=world.editor, workshop=workshop, kind=PointKind.IDEA, text=text,
            section="changes", raised_by="นายวิชัย ค้าส่ง",
        )  # fmt: skip
    workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.COMMENT, text="ข้อสังเกต"
    )
    workshops.point_promote(user=world.editor, point=raised["ตลาดกลางผลไม้"], to=PromotedTo.CHANGE)
    workshops.point_promote(user=world.editor, point=raised["ราคาผันผวน"], to=PromotedTo.RISK)
    removed = workshops.point_promote(
        user=world.editor, point=raised["ศูนย์ข้อมูลเกษตรกร"], to=PromotedTo.CHANGE
    )
    removed.delete()
    (logged,) = participation_data(blueprint)["workshops"]
    outcomes = {p["text"]: p["outcome"] for p in logged["points"]}
    assert outcomes["ตลาดกลางผลไม้"]["code"] == "change"
    assert outcomes["ตลาดกลางผลไม้"]["row"]["title"] == "ตลาดกลางผลไม้"
    assert outcomes["ราคาผันผวน"]["code"] == "risk"
    assert outcomes["ขยายตลาดไปหลังสวน"] == {
        "code": "open", "label": "ยังไม่ได้นำไปใช้", "row": None
    }  # fmt: skip
    assert outcomes["ศูนย์ข้อมูลเกษตรกร"]["code"] == "removed"
    assert outcomes["ข้อสังเกต"] is None  # a comment is not proposed for the Blueprint
    assert logged["organisations_attended"] == 1 and logged["attendance_total"] == 1
    assert "นายวิชัย ค้าส่ง" not in json.dumps(logged, ensure_ascii=False)


def test_agency_inputs_decided_are_listed_and_drafts_are_not(world, assigned):
    section = Section.objects.get(blueprint=assigned, key="changes")
    values = {"data": {"category": "quality", "title": "ใหม่"}, "display": {"title": "ใหม่"}}
    draft = inputs.input_start(user=world.contributor, section=section)
    inputs.input_item_add(
        user=world.contributor, agency_input=draft, kind=KINDS["change"], **values
    )
    inputs.input_submit(user=world.contributor, agency_input=draft)
    inputs.input_return(user=world.editor, agency_input=draft, reason="ขอให้ระบุตัวชี้วัด")
    second = inputs.input_start(user=world.contributor, section=section)
    inputs.input_item_add(
        user=world.contributor, agency_input=second, kind=KINDS["change"], **values
    )
    inputs.input_submit(user=world.contributor, agency_input=second)
    inputs.input_accept(
        user=world.editor, agency_input=second, head=history.latest_number(assigned, "changes")
    )
    inputs.input_start(user=world.contributor, section=section)  # a new draft: the agency's own
    with translation.override("th"):  # as the snapshot is built
        listed = participation_data(assigned)["agency_inputs"]
    assert [(i["status"]["code"], i["return_reason"], i["items_count"]) for i in listed] == [
        (InputStatus.RETURNED, "ขอให้ระบุตัวชี้วัด", 1),
        (InputStatus.ACCEPTED, "", 1),
    ]
    assert listed[0]["section"] == {"key": "changes", "label": "ประเด็นการเปลี่ยนแปลง"}


def test_section_8_of_the_pdf_shows_the_record(world, complete_blueprint):
    blueprint = complete_blueprint
    assign(blueprint, world, key="risks")  # the agency is a participant already
    Participant.objects.filter(blueprint=blueprint).update(
        contact_name="นายประเสริฐ สวนมะพร้าว", contact_position="นักวิชาการ", contact_consent=True
    )
    workshop = _workshop(world, blueprint)
    point = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, text="ตลาดกลางผลไม้"
    )
    workshops.point_promote(user=world.editor, point=point, to=PromotedTo.CHANGE)
    html = typeset.untypeset(
        render.render_html(render.draft_data(blueprint), draft=True, thai_numerals=False)
    )
    part = html.split('id="participation"')[1].split('id="approval"')[0]
    for expected in (
        "นายประเสริฐ สวนมะพร้าว",
        "นักวิชาการ",
        "ประชุมระดมสมองครั้งที่ 2",
        "20 กรกฎาคม 2548",
        "ที่ประชุมเห็นชอบร่างประเด็นการเปลี่ยนแปลงในหลักการ",
        "ตลาดกลางผลไม้",
        "นำไปเป็นประเด็นการเปลี่ยนแปลง",
        "8.3",
    ):
        assert expected in part, expected
    Participant.objects.filter(blueprint=blueprint).update(contact_consent=False)
    html = typeset.untypeset(
        render.render_html(render.draft_data(blueprint), draft=True, thai_numerals=False)
    )
    assert "นายประเสริฐ สวนมะพร้าว" not in html


def test_the_submitted_document_page_shows_the_record(world, submitted_blueprint, client_for):
    page = client_for(world.viewer).get(
        reverse("proposals:snapshot", args=[submitted_blueprint.pk, 1])
    )
    part = page.content.decode().split('id="review-participation"')[1]
    assert world.agency.name in part and "ประชุมระดมสมองครั้งที่ 1" in part
