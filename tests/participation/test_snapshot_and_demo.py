"""The participation record goes into the submission snapshot (for the PDF), and the demo
adds workshops, inputs and comment threads."""

import datetime
import json

import pytest
from django.utils import timezone

from proposals.demo.participation import load_participation_demo
from proposals.models import Snapshot
from proposals.participation import inputs, workshops
from proposals.participation.models import (
    AgencyInput,
    Attendance,
    Comment,
    InputStatus,
    ParticipantRole,
    PointKind,
    Workshop,
)
from proposals.participation.snapshot import participation_data
from strategies.demo import cascade as cascade_demo
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db


def test_snapshot_holds_participants_and_the_workshop_log(world, complete_blueprint):
    blueprint = complete_blueprint
    blueprint.participants.all().delete()  # the fixture's minimal record
    blueprint.workshops.all().delete()
    inputs.participant_add(
        user=world.editor, blueprint=blueprint, organisation=world.agency,
        role=ParticipantRole.LEAD, contact_name="นายประเสริฐ สวนมะพร้าว",
        contact_phone="0 7751 1234", contact_consent=True,
    )  # fmt: skip
    workshop = workshops.workshop_create(
        user=world.editor, blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมองครั้งที่ 1",
            "starts_at": timezone.make_aware(datetime.datetime(2005, 1, 12, 9, 30)),
            "venue": "ศาลากลางจังหวัดชุมพร", "agenda": "วาระ", "minutes": "รายงาน",
        },
    )  # fmt: skip
    for attendance in (Attendance.ATTENDED, Attendance.ATTENDED, Attendance.EXCUSED):
        invitee = workshops.workshop_invite(
            user=world.editor, workshop=workshop, organisation=world.agency
        )
        workshops.invitee_set_attendance(user=world.editor, invitee=invitee, attendance=attendance)
    outside = workshops.workshop_invite(
        user=world.editor, workshop=workshop, other_organisation="หอการค้าจังหวัดชุมพร"
    )
    workshops.invitee_set_attendance(user=world.editor, invitee=outside, attendance="absent")
    workshops.point_add(user=world.editor, workshop=workshop, kind=PointKind.IDEA, text="แนวคิด")
    workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.COMMENT, text="ข้อสังเกต"
    )
    advance(blueprint, world.editor, "consult", "review", "approve", "submit")

    data = Snapshot.objects.get(blueprint=blueprint).data
    json.dumps(data)
    assert data["participants"] == [
        {
            "organisation": {
                "id": world.agency.pk,
                "code": "chumphon-agri",
                "name": "สำนักงานเกษตรจังหวัดชุมพร",
                "name_en": world.agency.name_en,
            },
            "role": {"code": "lead", "label": data["participants"][0]["role"]["label"]},
            # Named because they agreed; the telephone never leaves the province.
            "contact": {"name": "นายประเสริฐ สวนมะพร้าว", "position": ""},
        }
    ]
    (logged,) = data["workshops"]
    assert logged["title"] == "ประชุมระดมสมองครั้งที่ 1"
    assert logged["starts_at"].startswith("2005-01-12T09:30:00+07:00")
    assert logged["held_on"] == "2005-01-12" and logged["venue"] == logged["place"]
    assert logged["ideas_count"] == 1
    assert logged["attendance"] == [
        {
            "organisation": data["participants"][0]["organisation"],
            "attended": 2, "excused": 1, "absent": 0, "count": 2,
        },
        {
            "organisation": {"id": None, "code": "", "name": "หอการค้าจังหวัดชุมพร", "name_en": ""},
            "attended": 0, "excused": 0, "absent": 1, "count": 0,
        },
    ]  # fmt: skip
    assert logged["attendance_total"] == 2
    assert "0 7751 1234" not in json.dumps(data, ensure_ascii=False)


def test_no_participation_gives_empty_lists(blueprint):
    assert participation_data(blueprint) == {
        "participants": [], "workshops": [], "agency_inputs": []
    }  # fmt: skip


def test_demo_adds_workshops_inputs_and_threads():
    from proposals.demo.blueprint import load_blueprint_demo

    cascade_demo.load()
    blueprint = load_blueprint_demo()
    assert load_participation_demo().pk == blueprint.pk
    held = Workshop.objects.filter(blueprint=blueprint)
    assert held.count() == 2
    for workshop in held:
        assert workshop.starts_at < timezone.now() and workshop.minutes
        recorded = set(workshop.invitees.values_list("attendance", flat=True))
        assert {Attendance.ATTENDED, Attendance.ABSENT} & recorded
        assert Attendance.INVITED not in recorded
    decided = AgencyInput.objects.filter(blueprint=blueprint)
    assert set(decided.values_list("status", flat=True)) == {
        InputStatus.ACCEPTED,
        InputStatus.RETURNED,
    }
    assert decided.values("agency").distinct().count() == 2
    assert Comment.objects.filter(blueprint=blueprint, parent__isnull=True).count() >= 3
    assert Comment.objects.filter(blueprint=blueprint, parent__isnull=False).exists()
    assert Comment.objects.filter(blueprint=blueprint, resolved_at__isnull=False).exists()
    assert blueprint.participants.filter(role=ParticipantRole.LEAD).exists()
    # Idempotent.
    counts = (Workshop.objects.count(), AgencyInput.objects.count(), Comment.objects.count())
    assert load_participation_demo().pk == blueprint.pk
    assert (
        Workshop.objects.count(),
        AgencyInput.objects.count(),
        Comment.objects.count(),
    ) == counts


def test_demo_without_the_blueprint_does_nothing():
    assert load_participation_demo() is None
