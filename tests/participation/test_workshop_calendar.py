"""Workshops in people's calendars and in the counts: the invitation as an iCalendar event
(downloaded, and attached to the invitation and reminder e-mails), the reminder the day
before (once), and a named person who fills their agency's placeholder seat."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from proposals.participation import calendar, workshops
from proposals.participation.models import (
    Attendance,
    Notification,
    NotificationKind,
    WorkshopInvitee,
)
from proposals.participation.workshop_reminders import workshop_reminders_send
from strategies.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "ประชุมระดมสมอง; ครั้งที่ 2, เศรษฐกิจ"
VENUE = "ห้องประชุมศาลากลางจังหวัดชุมพร ชั้น 2"


def unfold(ics: str) -> dict[str, str]:
    """The properties of an .ics (folded lines joined), name → value."""
    lines = ics.replace("\r\n ", "").split("\r\n")
    return {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines if ":" in line}


@pytest.fixture
def upcoming(world, blueprint):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    return workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={
            "title": TITLE,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "venue": VENUE,
            "agenda": "1. วิเคราะห์ช่องว่าง\n2. ระดมความคิด " + "ยาว" * 40,
        },
    )


def test_the_ics_is_a_valid_event_with_thai_text(world, upcoming, client_for):
    url = reverse("proposals:participation:workshop_ics", args=[upcoming.blueprint_id, upcoming.pk])
    response = client_for(world.contributor).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="workshop-')
    raw = response.content
    text = raw.decode("utf-8")  # folding never splits a Thai character
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    props = unfold(text)
    assert props["SUMMARY"] == "ประชุมระดมสมอง\\; ครั้งที่ 2\\, เศรษฐกิจ"
    assert props["LOCATION"] == VENUE
    assert props["DTSTART"] == upcoming.starts_at.astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert props["DTEND"].endswith("Z") and props["DTEND"] > props["DTSTART"]
    assert props["UID"] == f"workshop-{upcoming.pk}@testserver" or props["UID"].startswith(
        f"workshop-{upcoming.pk}@"
    )
    assert "\\n2. ระดมความคิด" in props["DESCRIPTION"]
    assert props["URL"].endswith(upcoming.get_absolute_url())


def test_a_workshop_without_an_end_lasts_three_hours(world, blueprint):
    starts = timezone.make_aware(datetime.datetime(2005, 1, 12, 9, 30))
    workshop = workshops.workshop_create(
        user=world.editor, blueprint=blueprint, values={"title": "ประชุม", "starts_at": starts}
    )
    props = unfold(calendar.workshop_ics(workshop).decode())
    assert props["DTSTART"] == "20050112T023000Z"  # 09:30 in Bangkok
    assert props["DTEND"] == "20050112T053000Z"
    assert "LOCATION" not in props


def test_the_invitation_email_carries_the_event(
    world, upcoming, django_capture_on_commit_callbacks
):
    world.viewer.email = "viewer@chumphon.go.th"
    world.viewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        workshops.workshop_invite(user=world.editor, workshop=upcoming, person=world.viewer)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["viewer@chumphon.go.th"]
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    body = content.decode() if isinstance(content, bytes) else content
    assert unfold(body)["SUMMARY"].startswith("ประชุมระดมสมอง")


def test_other_emails_carry_no_event(world, blueprint, django_capture_on_commit_callbacks):
    from proposals.participation import notifications

    world.viewer.email = "viewer@chumphon.go.th"
    world.viewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            recipients=[world.viewer],
            kind=NotificationKind.MENTIONED,
            blueprint=blueprint,
            data={"excerpt": "ดูด้วย", "workshop_id": 1},
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments == []


def test_the_reminder_goes_out_the_day_before_once(
    world, blueprint, second, django_capture_on_commit_callbacks
):
    for user in (world.viewer, world.contributor, second.contributor):
        user.email = f"{user.username}@chumphon.go.th"
        user.save()
    tomorrow_9 = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time(9, 30)
        )
    )
    workshop = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={"title": "ประชุมพรุ่งนี้", "starts_at": tomorrow_9, "venue": VENUE},
    )
    later = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={"title": "ประชุมสัปดาห์หน้า", "starts_at": tomorrow_9 + datetime.timedelta(days=6)},
    )
    workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.viewer)
    # The agency invited as "a representative": its people are reminded.
    workshops.workshop_invite(user=world.editor, workshop=workshop, organisation=second.agency)
    excused = workshops.workshop_invite(
        user=world.editor, workshop=workshop, person=world.contributor
    )
    workshops.invitee_set_attendance(
        user=world.editor, invitee=excused, attendance=Attendance.EXCUSED
    )
    workshops.workshop_invite(user=world.editor, workshop=later, person=world.contributor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_workshop_reminders")
    reminders = Notification.objects.filter(kind=NotificationKind.WORKSHOP_REMINDER)
    assert sorted(n.recipient.username for n in reminders) == ["contributor2", "viewer"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contributor2@chumphon.go.th",
        "viewer@chumphon.go.th",
    ]
    assert all(m.attachments[0][0].endswith(".ics") for m in mail.outbox)
    assert "ประชุมพรุ่งนี้" in mail.outbox[0].subject
    # Run again (cron twice, or the next hour): nobody hears twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert workshop_reminders_send() == 0
    assert mail.outbox == []
    # Moved to the day after: reminded again for the new date, when it comes.
    workshop.starts_at = tomorrow_9 + datetime.timedelta(days=1)
    workshop.save()
    assert workshop_reminders_send() == 0
    assert workshop_reminders_send(now=timezone.now() + datetime.timedelta(days=1)) == 2


def test_no_reminder_once_the_workshop_has_started(world, blueprint):
    started = timezone.now() - datetime.timedelta(minutes=5)
    workshop = workshops.workshop_create(
        user=world.editor, blueprint=blueprint, values={"title": "เริ่มแล้ว", "starts_at": started}
    )
    WorkshopInvitee.objects.create(workshop=workshop, organisation=world.agency, user=world.viewer)
    assert workshop_reminders_send() == 0


def test_a_named_person_fills_their_agencys_placeholder(world, upcoming):
    workshops.workshop_invite(user=world.editor, workshop=upcoming, organisation=world.agency)
    seat = upcoming.invitees.get()
    workshops.invitee_set_attendance(
        user=world.editor, invitee=seat, attendance=Attendance.ATTENDED
    )
    person = workshops.workshop_invite(
        user=world.editor, workshop=upcoming, person=world.contributor
    )
    assert person.pk == seat.pk  # the same attendee, now named
    person.refresh_from_db()
    assert person.user == world.contributor and person.attendance == Attendance.ATTENDED
    counts = workshops.attendance_counts([upcoming.pk])[upcoming.pk]
    assert (counts.attended, counts.absent, counts.not_recorded) == (1, 0, 0)


def test_a_placeholder_beside_named_people_is_not_counted(world, upcoming):
    """Rows made before the seat was filled (or by hand): a placeholder and a named person
    of the same agency count as the person only."""
    WorkshopInvitee.objects.create(
        workshop=upcoming, organisation=world.agency, attendance=Attendance.ABSENT
    )
    WorkshopInvitee.objects.create(
        workshop=upcoming,
        organisation=world.agency,
        user=world.contributor,
        name="นายเกษตร ชุมพร",
        attendance=Attendance.ATTENDED,
    )
    # Another agency with only its placeholder: counted.
    other = factories.LineAgencyFactory(code="chumphon-commerce", province=world.province)
    WorkshopInvitee.objects.create(
        workshop=upcoming, organisation=other, attendance=Attendance.ABSENT
    )
    counts = workshops.attendance_counts([upcoming.pk])[upcoming.pk]
    by_org = {entry.organisation_id: entry for entry in counts.by_organisation}
    assert (by_org[world.agency.pk].attended, by_org[world.agency.pk].absent) == (1, 0)
    assert by_org[other.pk].absent == 1
    assert (counts.attended, counts.absent) == (1, 1)


def test_two_named_people_of_one_agency_are_two_attendees(world, upcoming, second):
    workshops.workshop_invite(user=world.editor, workshop=upcoming, organisation=second.agency)
    workshops.workshop_invite(user=world.editor, workshop=upcoming, person=second.contributor)
    colleague = factories.UserFactory(username="tourism2")
    factories.MembershipFactory(user=colleague, organisation=second.agency, role=Role.CONTRIBUTOR)
    workshops.workshop_invite(user=world.editor, workshop=upcoming, person=colleague)
    assert upcoming.invitees.count() == 2
    counts = workshops.attendance_counts([upcoming.pk])[upcoming.pk]
    assert counts.invited == 2
