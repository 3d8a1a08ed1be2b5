"""Workshop attendees' personal data (PDPA): seen only by the office that runs the workshop,
never sent to OPDC, and erasable on request without breaking the attendance record."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from proposals.participation import workshops
from proposals.participation.models import Attendance, PointKind, WorkshopInvitee
from proposals.participation.snapshot import participation_data
from strategies.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

NAME = "นายสมชาย ใจดีมาก"


def url(name, *args):
    return reverse(f"proposals:participation:{name}", args=args)


@pytest.fixture
def workshop(world, blueprint):
    return workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมอง",
            "starts_at": timezone.make_aware(datetime.datetime(2005, 1, 12, 9, 30)),
        },
    )


@pytest.fixture
def attendee(world, workshop):
    invitee = WorkshopInvitee.objects.create(
        workshop=workshop,
        other_organisation="วิสาหกิจชุมชนผู้ปลูกทุเรียน",
        name=NAME,
        position="ประธานวิสาหกิจ",
        attendance=Attendance.ATTENDED,
    )
    workshops.point_add(
        user=world.editor,
        workshop=workshop,
        kind=PointKind.IDEA,
        text="ตั้งจุดรับซื้อทุเรียนคุณภาพ",
        section="changes",
        raised_by=NAME,
    )
    return invitee


def test_only_the_office_sees_names(world, workshop, attendee, client_for):
    page = url("workshop", workshop.blueprint_id, workshop.pk)
    assert NAME in client_for(world.editor).get(page).content.decode()
    for reader in (world.viewer, world.contributor):
        body = client_for(reader).get(page).content.decode()
        assert "วิสาหกิจชุมชนผู้ปลูกทุเรียน" in body  # the organisation and attendance stay
        assert NAME not in body and "ประธานวิสาหกิจ" not in body
    assert client_for(world.reviewer).get(page).status_code == 404


def test_what_goes_to_opdc_carries_counts_not_names(workshop, attendee):
    data = participation_data(workshop.blueprint)
    assert NAME not in str(data) and "ประธานวิสาหกิจ" not in str(data)
    assert "วิสาหกิจชุมชนผู้ปลูกทุเรียน" in str(data)


def test_erasure_keeps_the_record(world, workshop, attendee, client_for):
    erase = url("invitee_erase", workshop.blueprint_id, workshop.pk, attendee.pk)
    assert client_for(world.viewer).post(erase).status_code == 403
    assert client_for(world.stranger).post(erase).status_code == 404
    attendee.refresh_from_db()
    assert attendee.name == NAME

    before = workshops.attendance_counts([workshop.pk])
    response = client_for(world.editor).post(erase)
    assert response.status_code == 302
    attendee.refresh_from_db()
    assert (attendee.name, attendee.position, attendee.user_id) == ("", "", None)
    assert attendee.other_organisation == "วิสาหกิจชุมชนผู้ปลูกทุเรียน"
    assert attendee.attendance == Attendance.ATTENDED
    assert workshops.attendance_counts([workshop.pk]) == before
    assert workshop.points.get().raised_by == ""
    assert workshop.points.get().text == "ตั้งจุดรับซื้อทุเรียนคุณภาพ"

    event = AuditEvent.objects.get(action=AuditAction.PERSONAL_DATA_ERASED)
    assert event.actor == world.editor
    assert NAME not in str(event.details) and NAME not in event.target_label
    # What was erased, where, by whom and from where — without the erased data.
    assert event.details == {"invitee": attendee.pk, "attendance": "attended"}
    assert (event.target_type, event.target_id) == ("proposals.workshop", str(workshop.pk))
    assert event.ip_address == "127.0.0.1"
    body = client_for(world.editor).get(response["Location"]).content.decode()
    assert NAME not in body


def test_erasure_across_workshops_by_command(world, workshop, blueprint):
    second = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={"title": "ครั้งที่ 2", "starts_at": timezone.now()},
    )
    for each in (workshop, second):
        workshops.workshop_invite(user=world.editor, workshop=each, person=world.viewer)
    kept = WorkshopInvitee.objects.create(workshop=second, organisation=world.agency, name="ผู้อื่น")
    call_command("erase_attendee", username=world.viewer.username)
    assert not WorkshopInvitee.objects.filter(user=world.viewer).exists()
    assert WorkshopInvitee.objects.filter(workshop__in=[workshop, second]).count() == 3
    kept.refresh_from_db()
    assert kept.name == "ผู้อื่น"
    assert AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_ERASED).count() == 2


def test_erasure_by_account_and_by_name_together(world, workshop):
    """A request naming an account and a name erases both the invitations linked to the
    account and those typed with the name (any case, stray spaces), and nobody else's."""
    workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.viewer)
    typed = WorkshopInvitee.objects.create(
        workshop=workshop, organisation=world.agency, name="Somchai Jaidee"
    )
    kept = WorkshopInvitee.objects.create(workshop=workshop, organisation=world.agency, name="ผู้อื่น")
    call_command("erase_attendee", username=world.viewer.username, name="  somchai JAIDEE ")
    assert not WorkshopInvitee.objects.filter(user=world.viewer).exists()
    typed.refresh_from_db()
    kept.refresh_from_db()
    assert (typed.name, kept.name) == ("", "ผู้อื่น")
    assert AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_ERASED).count() == 2


def test_erasure_blanks_points_credited_to_the_typed_name_and_the_account(world, workshop):
    """An invitation linked to an account may carry a name typed differently from the
    account's: points credited to either are the same person's and are blanked."""
    invitee = WorkshopInvitee.objects.create(
        workshop=workshop, organisation=world.agency, user=world.viewer, name="ผู้ใหญ่สมศักดิ์"
    )
    for raised_by in ("ผู้ใหญ่สมศักดิ์", world.viewer.get_username(), "ผู้อื่น"):
        workshops.point_add(
            user=world.editor,
            workshop=workshop,
            kind=PointKind.IDEA,
            text=f"ข้อเสนอของ {raised_by}",
            section="changes",
            raised_by=raised_by,
        )
    call_command("erase_attendee", username=world.viewer.username)
    invitee.refresh_from_db()
    assert (invitee.name, invitee.user_id) == ("", None)
    assert sorted(workshop.points.values_list("raised_by", flat=True)) == ["", "", "ผู้อื่น"]
