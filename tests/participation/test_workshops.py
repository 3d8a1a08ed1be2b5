"""Workshops: recorded with attendance and minutes; an idea becomes a change proposal or a
risk with one action and keeps its link back; the log counts attendance by organisation."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import ChangeProposal, Revision, Risk
from proposals.page_cache import PLACEHOLDER_PREFIX
from proposals.participation import workshops
from proposals.participation.models import (
    Attendance,
    PointKind,
    PromotedTo,
    Workshop,
    WorkshopInvitee,
)
from strategies.models import Organisation, Profile
from tests import factories

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"proposals:participation:{name}", args=args)


@pytest.fixture
def workshop(world, blueprint):
    return workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมองครั้งที่ 1",
            "starts_at": timezone.make_aware(datetime.datetime(2005, 1, 12, 9, 30)),
            "venue": "ศาลากลางจังหวัดชุมพร",
            "agenda": "วิเคราะห์ช่องว่าง",
        },
    )


def test_office_records_a_workshop_through_the_pages(world, blueprint, client_for):
    client = client_for(world.editor)
    response = client.post(
        url("workshop_create", blueprint.pk),
        {
            "title": "ประชุมระดมสมองครั้งที่ 2",
            "date": "20/01/2548",
            "start_time": "13:30",
            "end_time": "16:00",
            "venue": "ห้องประชุมสำนักงานบริหารยุทธศาสตร์",
            "agenda": "1. รับรองรายงานการประชุม",
            "minutes": "",
        },
    )
    workshop = Workshop.objects.get()
    assert response["Location"] == workshop.get_absolute_url()
    local = timezone.localtime(workshop.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2005, 1, 20), 13, 30)
    # Minutes written afterwards; a stale copy is refused, not silently overwritten.
    edit = url("workshop_edit", blueprint.pk, workshop.pk)
    data = {
        "title": workshop.title, "date": "20/01/2548", "start_time": "13:30",
        "end_time": "16:00", "venue": workshop.venue, "agenda": workshop.agenda,
        "minutes": "มติที่ประชุม: ให้ส่งข้อมูลภายใน 31 มกราคม", "version": workshop.version,
    }  # fmt: skip
    assert client.post(edit, data).status_code == 302
    workshop.refresh_from_db()
    assert workshop.minutes.startswith("มติที่ประชุม")
    response = client.post(edit, {**data, "minutes": "ฉบับเก่า"})
    assert response.status_code == 200 and "Someone else saved" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.minutes.startswith("มติที่ประชุม")
    # The end cannot come before the start.
    bad = {**data, "end_time": "09:00", "version": workshop.version}
    assert client.post(edit, bad).status_code == 200


def test_attendance_is_taken_in_place_and_counted_by_organisation(
    world, blueprint, workshop, client_for, commerce
):
    agency, commerce_user = commerce
    invitees = [
        workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.contributor),
        workshops.workshop_invite(user=world.editor, workshop=workshop, organisation=world.agency),
        workshops.workshop_invite(user=world.editor, workshop=workshop, person=commerce_user),
        workshops.workshop_invite(
            user=world.editor,
            workshop=workshop,
            other_organisation="หอการค้าจังหวัดชุมพร",
            name="นายวิชัย ค้าส่ง",
        ),  # fmt: skip
    ]
    assert invitees[0].organisation == world.agency  # taken from the person's membership
    client = client_for(world.editor)
    attendance = [Attendance.ATTENDED, Attendance.EXCUSED, Attendance.ABSENT, Attendance.ATTENDED]
    for invitee, value in zip(invitees, attendance, strict=True):
        target = url("invitee_attendance", blueprint.pk, workshop.pk, invitee.pk)
        response = client.post(target, {"attendance": value}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        body = response.content.decode()
        assert body.lstrip().startswith(f'<tr id="invitee-{invitee.pk}"')  # a partial
        assert 'hx-swap-oob="true"' in body  # with the counts, out of band
    # Without JavaScript: a redirect back to the row.
    target = url("invitee_attendance", blueprint.pk, workshop.pk, invitees[1].pk)
    response = client.post(target, {"attendance": Attendance.EXCUSED})
    assert response.status_code == 302 and response["Location"].endswith(
        f"#invitee-{invitees[1].pk}"
    )

    counts = workshops.attendance_counts([workshop.pk])[workshop.pk]
    by_name = {o.organisation: o for o in counts.by_organisation}
    agri = by_name["สำนักงานเกษตรจังหวัดชุมพร"]
    # The agency's unnamed representative beside its named contributor is that person,
    # not a second attendee who was excused (issue 20).
    assert (agri.attended, agri.excused, agri.absent) == (1, 0, 0)
    assert by_name["สำนักงานพาณิชย์จังหวัดชุมพร"].absent == 1
    assert by_name["หอการค้าจังหวัดชุมพร"].attended == 1
    assert (counts.attended, counts.excused, counts.absent) == (2, 0, 1)
    # The Blueprint's workshop log shows the counts by organisation.
    log = client.get(url("workshops", blueprint.pk)).content.decode()
    assert "หอการค้าจังหวัดชุมพร" in log and workshop.title in log
    hub = client.get(url("hub", blueprint.pk)).content.decode()
    assert workshop.title in hub


def test_an_idea_becomes_a_change_proposal_with_one_action(world, blueprint, workshop, client_for):
    idea = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, section="changes",
        text="จัดตั้งตลาดกลางผลไม้\nให้ภาคเอกชนร่วมบริหาร", raised_by="หอการค้าจังหวัดชุมพร",
    )  # fmt: skip
    client = client_for(world.editor)
    response = client.post(
        url("point_promote", blueprint.pk, workshop.pk, idea.pk),
        {"to": "change", "category": "capacity"},
    )
    change = ChangeProposal.objects.get(blueprint=blueprint)
    assert response["Location"].endswith(f"#change-{change.pk}")
    assert change.title == "จัดตั้งตลาดกลางผลไม้"
    assert change.category == "capacity" and "ให้ภาคเอกชนร่วมบริหาร" in change.gap
    # The link back to the workshop, both ways, and the row is in the history.
    idea.refresh_from_db()
    assert idea.change_proposal == change and idea.promoted_to == PromotedTo.CHANGE
    assert change.workshop_point.workshop == workshop
    assert Revision.objects.filter(
        blueprint=blueprint, kind="change", object_id=change.pk, author=world.editor
    ).exists()
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f"#change-{change.pk}" in page
    # Only once.
    with pytest.raises(services.Refused):
        workshops.point_promote(user=world.editor, point=idea, to=PromotedTo.RISK)
    assert ChangeProposal.objects.count() == 1 and not Risk.objects.exists()
    # The row removed later: the idea still says what it became.
    change.delete()
    idea.refresh_from_db()
    assert idea.change_proposal is None and idea.promoted_to == PromotedTo.CHANGE


def test_an_idea_becomes_a_risk_and_comments_are_not_promoted(world, blueprint, workshop):
    idea = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, text="เงินทุนของเกษตรกรไม่พอ"
    )
    risk = workshops.point_promote(user=world.editor, point=idea, to=PromotedTo.RISK)
    assert isinstance(risk, Risk) and risk.description == "เงินทุนของเกษตรกรไม่พอ"
    assert risk.workshop_point == idea
    remark = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.COMMENT, text="ข้อสังเกต"
    )
    with pytest.raises(services.Refused):
        workshops.point_promote(user=world.editor, point=remark, to=PromotedTo.CHANGE)
    # Viewers and agencies record nothing and promote nothing.
    other = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, text="แนวคิดใหม่"
    )
    for person in (world.viewer, world.contributor):
        with pytest.raises(services.PermissionDenied):
            workshops.point_promote(user=person, point=other, to=PromotedTo.CHANGE)
        with pytest.raises(services.PermissionDenied):
            workshops.point_add(user=person, workshop=workshop, kind="idea", text="x")


def test_promotion_waits_for_an_editable_blueprint(world, blueprint, workshop):
    from proposals.models import Blueprint

    idea = workshops.point_add(user=world.editor, workshop=workshop, kind="idea", text="แนวคิด")
    Blueprint.objects.filter(pk=blueprint.pk).update(status="submitted")
    with pytest.raises(services.Locked):
        workshops.point_promote(user=world.editor, point=idea, to=PromotedTo.CHANGE)
    idea.refresh_from_db()
    assert not idea.is_promoted  # rolled back with the refused row


def test_invitations_stay_in_the_province(world, blueprint, workshop):
    with pytest.raises(services.ValidationError):
        workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.stranger)
    with pytest.raises(services.ValidationError):
        workshops.workshop_invite(
            user=world.editor, workshop=workshop, organisation=world.other_agency
        )
    workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.viewer)
    with pytest.raises(services.ValidationError):  # once
        workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.viewer)
    assert WorkshopInvitee.objects.count() == 1


def test_people_invited_to_a_workshop_to_come_are_told(world, blueprint):
    from proposals.participation.models import Notification, NotificationKind

    future = workshops.workshop_create(
        user=world.editor, blueprint=blueprint,
        values={"title": "ครั้งหน้า", "starts_at": timezone.now() + datetime.timedelta(days=7)},
    )  # fmt: skip
    workshops.workshop_invite(user=world.editor, workshop=future, person=world.contributor)
    notification = Notification.objects.get(recipient=world.contributor)
    assert notification.kind == NotificationKind.WORKSHOP_INVITED
    assert notification.url == future.get_absolute_url()


def test_invite_every_participating_agency(world, blueprint, workshop, client_for):
    from proposals.participation import inputs

    inputs.participant_add(user=world.editor, blueprint=blueprint, organisation=world.agency)
    other = factories.LineAgencyFactory(province=world.province)
    inputs.participant_add(user=world.editor, blueprint=blueprint, organisation=other)
    client = client_for(world.editor)
    target = url("workshop_invite_participants", blueprint.pk, workshop.pk)
    client.post(target)
    client.post(target)  # again: nobody twice
    assert set(workshop.invitees.values_list("organisation", flat=True)) == {
        world.agency.pk,
        other.pk,
    }
    assert workshop.invitees.count() == 2


def test_an_invitee_row_follows_what_it_shows(world, blueprint, workshop, client_for):
    """An invitee's row follows its attendance, an erased name, a renamed organisation,
    the reader's rights and language, and every reader's forms carry their own session's
    CSRF token."""
    invitee = workshops.workshop_invite(
        user=world.editor, workshop=workshop, organisation=world.agency, name="นางสาวใจดี มีสุข"
    )
    page = url("workshop", blueprint.pk, workshop.pk)

    def row(client):
        body = client.get(page).content.decode()
        start = body.index(f'<tr id="invitee-{invitee.pk}"')
        return body[start : body.index("</tr>", start)]

    def without_tokens(html):  # a token is masked afresh for every request
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    editor = client_for(world.editor)
    first = row(editor)
    assert "นางสาวใจดี มีสุข" in first and 'aria-pressed="true"' not in first
    assert ">Attended<" in first  # these pages are requested in English
    assert without_tokens(row(editor)) == without_tokens(first)
    workshops.invitee_set_attendance(
        user=world.editor, invitee=invitee, attendance=Attendance.ATTENDED
    )
    assert 'aria-pressed="true"' in row(editor)
    Organisation.objects.filter(pk=world.agency.pk).update(name="สำนักงานเกษตรชื่อใหม่")
    assert "สำนักงานเกษตรชื่อใหม่" in row(editor)
    WorkshopInvitee.objects.filter(pk=invitee.pk).update(name="")
    assert "นางสาวใจดี มีสุข" not in row(editor)
    # Another reader without the right to edit: no names, no forms.
    contributor_row = row(client_for(world.contributor))
    assert "<form" not in contributor_row and "สำนักงานเกษตรชื่อใหม่" in contributor_row
    # Thai, as the editor's profile asks: the attendance buttons' labels.
    Profile.objects.update_or_create(user=world.editor, defaults={"language": "th"})
    thai = Client()
    thai.force_login(world.editor)
    assert ">เข้าประชุม<" in row(thai)
    # The same person in two browsers: each posts with the token from its own row.
    target = url("invitee_attendance", blueprint.pk, workshop.pk, invitee.pk)
    for attendance in (Attendance.EXCUSED, Attendance.ABSENT):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(world.editor)
        html = row(browser)
        assert PLACEHOLDER_PREFIX not in html
        token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[0]
        response = browser.post(target, {"attendance": attendance, "csrfmiddlewaretoken": token})
        assert response.status_code == 302
        invitee.refresh_from_db()
        assert invitee.attendance == attendance


def test_a_point_follows_what_it_shows(world, blueprint, workshop, client_for):
    """A point's row follows its promotion, the title of the row it became, the
    Blueprint leaving drafting (no promotion form) and the reader's rights."""
    from proposals.models import Blueprint

    idea = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, text="ตลาดกลางผลไม้",
        raised_by="หอการค้าจังหวัดชุมพร",
    )  # fmt: skip
    page = url("workshop", blueprint.pk, workshop.pk)

    def point(client):
        body = client.get(page).content.decode()
        start = body.index(f'<li class="list-group-item" id="point-{idea.pk}"')
        return body[start : body.index("</li>", start)]

    editor = client_for(world.editor)
    first = point(editor)
    assert "bp-promote" in first and "หอการค้าจังหวัดชุมพร" in first
    assert "raised by" not in point(client_for(world.contributor))  # names: the office's
    editor = client_for(world.editor)
    change = workshops.point_promote(user=world.editor, point=idea, to=PromotedTo.CHANGE)
    promoted = point(editor)
    assert "bp-promote" not in promoted and f"#change-{change.pk}" in promoted
    ChangeProposal.objects.filter(pk=change.pk).update(title="ตลาดกลางผลไม้ภาคใต้")
    assert "ตลาดกลางผลไม้ภาคใต้" in point(editor)
    other = workshops.point_add(user=world.editor, workshop=workshop, kind="idea", text="อีกเรื่อง")
    assert f'id="cat-{other.pk}"' in editor.get(page).content.decode()
    Blueprint.objects.filter(pk=blueprint.pk).update(status="submitted")
    assert f'id="cat-{other.pk}"' not in editor.get(page).content.decode()
