"""Notifications that inform (issue 20): status changes of one Blueprint close together
come as one, and each person chooses per kind of event — immediately, in the daily
digest, or off. Counted on one Blueprint's walk for the agency user."""

import datetime

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse

from proposals import history
from proposals.participation import comments, inputs, notifications, workshops
from proposals.participation.models import (
    EmailMode,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from proposals.review.rubric import ensure_default_rubric
from tests.participation.conftest import assign
from tests.proposals.conftest import advance, fill

pytestmark = pytest.mark.django_db

STATE = NotificationKind.STATE_CHANGED


def later(minutes):
    """As if ``minutes`` had passed: every notification so far is that much older."""
    Notification.objects.update(created_at=F("created_at") - datetime.timedelta(minutes=minutes))


def test_steps_in_one_sitting_come_as_one(
    world, blueprint, django_capture_on_commit_callbacks, mailoutbox
):
    world.contributor.email = "agri@chumphon.go.th"
    world.contributor.save()
    with django_capture_on_commit_callbacks(execute=True):
        assign(blueprint, world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        advance(blueprint, world.editor, "consult", "review")
    (changed,) = Notification.objects.filter(recipient=world.contributor, kind=STATE)
    assert changed.data["from"] == "draft" and changed.data["status"] == "provincial_review"
    assert changed.data["steps"] == 2
    text = notifications.notification_text(changed)
    assert "went from “Draft” to “Provincial review” in 2 steps" in text, text
    assert mailoutbox == []  # more steps may come: not e-mailed yet
    notifications.send_pending()
    assert mailoutbox == []
    later(11)
    notifications.send_pending()
    # The e-mail is in the recipient's language: Thai, the site's.
    assert len(mailoutbox) == 1 and "รวม 2 ขั้นตอน" in mailoutbox[0].body
    # Once e-mailed, the next step is a new notification.
    with django_capture_on_commit_callbacks(execute=True):
        advance(blueprint, world.editor, "reopen")
    assert Notification.objects.filter(recipient=world.contributor, kind=STATE).count() == 2


def test_a_read_or_old_notification_is_not_reopened(world, blueprint):
    assign(blueprint, world)
    advance(blueprint, world.editor, "consult")
    notifications.mark_read(user=world.contributor)
    advance(blueprint, world.editor, "review")
    later(11)
    advance(blueprint, world.editor, "reopen")
    steps = Notification.objects.filter(recipient=world.contributor, kind=STATE).order_by("pk")
    assert [n.data["status"] for n in steps] == ["consultation", "provincial_review", "draft"]
    assert all(n.data.get("steps", 1) == 1 for n in steps)


def test_a_return_keeps_its_reason_when_steps_fold(world, blueprint):
    assign(blueprint, world)
    advance(blueprint, world.editor, "consult")
    advance(blueprint, world.editor, "reopen")  # a reason is given ("ขอให้ปรับปรุงตัวชี้วัด")
    advance(blueprint, world.editor, "consult")
    (changed,) = Notification.objects.filter(recipient=world.contributor, kind=STATE)
    assert changed.data["steps"] == 3 and changed.data["reason"] == "ขอให้ปรับปรุงตัวชี้วัด"


def test_each_kind_has_its_own_choice(
    world, blueprint, django_capture_on_commit_callbacks, mailoutbox
):
    world.contributor.email = "agri@chumphon.go.th"
    world.contributor.save()
    notifications.preference_set(
        user=world.contributor,
        email_mode=EmailMode.IMMEDIATE,
        kind_modes={STATE: EmailMode.OFF, NotificationKind.MENTIONED: EmailMode.DIGEST},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assign(blueprint, world)  # assigned: immediately, the default
        advance(blueprint, world.editor, "consult")  # off
        comments.comment_post(
            user=world.editor, blueprint=blueprint, section="goals", body="@contributor ดูด้วย"
        )  # the digest
    later(11)
    notifications.send_pending()
    assert len(mailoutbox) == 1
    assigned = Notification.objects.get(kind=NotificationKind.ASSIGNED)
    assert assigned.email_state == EmailState.SENT
    off = Notification.objects.get(recipient=world.contributor, kind=STATE)
    assert off.read_at is not None and off.email_state == EmailState.SKIPPED  # listed, quiet
    unread = Notification.objects.filter(recipient=world.contributor, read_at__isnull=True)
    assert set(unread.values_list("kind", flat=True)) == {
        NotificationKind.ASSIGNED,
        NotificationKind.MENTIONED,
    }
    assert notifications.send_digests() == 1
    assert len(mailoutbox) == 2
    mention = Notification.objects.get(kind=NotificationKind.MENTIONED)
    assert mention.email_state == EmailState.SENT


def test_the_settings_page_saves_a_choice_per_kind(world, client_for):
    client = client_for(world.contributor)
    page = client.get(reverse("proposals:participation:notifications")).content.decode()
    assert 'name="kind_state_changed"' in page and 'name="kind_workshop_reminder"' in page
    url = reverse("proposals:participation:notification_settings")
    response = client.post(
        url, {"email_mode": "digest", "kind_state_changed": "off", "kind_assigned": "immediate"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=world.contributor)
    assert preference.email_mode == "digest"
    assert preference.kind_modes == {"state_changed": "off", "assigned": "immediate"}
    assert preference.mode_for("mentioned") == "digest"
    # A made-up choice is refused and changes nothing.
    response = client.post(url, {"email_mode": "digest", "kind_state_changed": "loud"})
    assert response.status_code == 302
    preference.refresh_from_db()
    assert preference.kind_modes == {"state_changed": "off", "assigned": "immediate"}
    # Each person's own: nobody else's row was written.
    assert NotificationPreference.objects.count() == 1


def walk(world, blueprint, chain):
    """One Blueprint's walk, as the demo journey does it, over days: the office assigns a
    section to the agriculture office, which submits an input; it is accepted; a workshop;
    a mention; consultation (day 1); review, approval, submission (day 2); OPDC returns it
    (day 5); revised and submitted again (day 6); accepted (day 9). Between days, the
    e-mails of the day go out (the cron's ``send_pending_notifications``)."""
    from proposals.rows import KINDS

    ensure_default_rubric()
    world.contributor.email = "agri@chumphon.go.th"
    world.contributor.save()
    assign(blueprint, world)
    section = blueprint.sections.get(key="changes")
    draft = inputs.input_start(user=world.contributor, section=section)
    inputs.input_item_add(
        user=world.contributor, agency_input=draft, kind=KINDS["change"],
        data={"category": "quality", "title": "ตรวจรับรองแปลง GAP"},
        display={"title": "ตรวจรับรองแปลง GAP"},
    )  # fmt: skip
    inputs.input_submit(user=world.contributor, agency_input=draft)
    inputs.input_accept(
        user=world.editor, agency_input=draft, head=history.latest_number(blueprint, "changes")
    )
    workshop = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={
            "title": "ประชุม",
            "starts_at": datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3),
        },
    )
    workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.contributor)
    comments.comment_post(
        user=world.editor, blueprint=blueprint, section="changes", body="@contributor ขอบคุณ"
    )
    fill(blueprint, world, chain)
    blueprint.change_proposals.update(
        gap="เกษตรกรต้องรอการตรวจรับรองนานเกิน 90 วัน",
        expected_result="ระยะเวลาการรับรองลดลงเหลือไม่เกิน 45 วัน",
        responsible_agency=world.agency,
    )
    days = [
        (world.editor, ["consult"]),
        (world.editor, ["review", "approve", "submit"]),
        (world.reviewer, ["return"]),
        (world.editor, ["revise", "consult", "review", "approve", "submit"]),
        (world.reviewer, ["accept"]),
    ]
    for user, steps in days:
        for step in steps:
            advance(blueprint, user, step)
            later(1)  # a minute between clicks
        later(24 * 60)
        notifications.send_pending()


@pytest.mark.parametrize("window, expected", [(0, (15, 15)), (10, (9, 9))])
def test_the_agency_users_count_over_one_walk(
    world, blueprint, chain, window, expected, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notifications, "COALESCE_WINDOW", datetime.timedelta(minutes=window))
    with django_capture_on_commit_callbacks(execute=True):
        walk(world, blueprint, chain)
    mine = Notification.objects.filter(recipient=world.contributor)
    emails = [m for m in mail.outbox if m.to == ["agri@chumphon.go.th"]]
    print(f"window {window} min: {mine.count()} notifications, {len(emails)} e-mails")
    assert (mine.count(), len(emails)) == expected
