"""Accounts: login throttling, password rules, headers, CSRF, the append-only audit log."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from strategies.models import AuditAction, AuditEvent, Membership, Role

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_and_are_audited(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, world.editor.username, "wrong-password")
        assert response.status_code == 200  # the form again, with an error
    assert attempt(client, world.editor.username, "wrong-password").status_code == 429
    # Locked: even the right password is refused now, with a Thai explanation.
    response = attempt(client, world.editor.username, "blueprint2548")
    assert response.status_code == 429
    assert "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป" in response.content.decode()
    assert "_auth_user_id" not in client.session
    events = AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED)
    assert {event.actor_name for event in events} == {world.editor.username}


def test_a_lockout_is_audited_once_and_refused_attempts_store_nothing(world, settings):
    """While a username is locked, every further attempt — whatever its user agent or
    the text posted — is refused without adding a row to the audit log (which can never
    be deleted) or growing django-axes' record of the attempts."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, world.editor.username, "wrong-password")
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED).count() == 1
    stored = sum(len(a.post_data) + len(a.get_data) for a in AccessAttempt.objects.all())
    for number in range(30):
        response = Client(HTTP_USER_AGENT=f"bot {number} " + "x" * 5000).post(
            LOGIN, {"username": world.editor.username, "password": "x", "junk": "y" * 100_000}
        )
        assert response.status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED).count() == 1
    assert sum(len(a.post_data) + len(a.get_data) for a in AccessAttempt.objects.all()) == stored


def test_one_address_cannot_try_a_password_on_many_usernames(world, settings):
    """Below each username's limit, one address trying many usernames is stopped after
    LOGIN_ADDRESS_FAILURE_LIMIT failures — even the right password of a real person from
    there — with one audit row for the address; another address is not affected."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        assert attempt(sprayer, f"person{number}", "Chumphon2548!").status_code == 200
    for number in range(10):  # more names: refused, and not one more audit row each
        assert attempt(sprayer, f"other{number}", "Chumphon2548!").status_code == 429
    world.editor.set_password("a-good-long-passphrase-2548")
    world.editor.save()
    response = attempt(sprayer, world.editor.username, "a-good-long-passphrase-2548")
    assert response.status_code == 429
    assert "ที่อยู่เครือข่ายนี้" in response.content.decode()  # why, in Thai
    assert "_auth_user_id" not in sprayer.session
    locked = AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED)
    assert [(event.ip_address, event.target_label) for event in locked] == [
        ("203.0.113.7", "203.0.113.7")
    ]
    office = Client(REMOTE_ADDR="198.51.100.20")
    assert attempt(office, world.editor.username, "a-good-long-passphrase-2548").status_code == 302


def test_ipv6_addresses_are_counted_by_their_64_network(world, settings):
    """One IPv6 subscriber holds a whole /64: its addresses share one limit."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR=f"2001:db8:1:2::{number + 1:x}")
        assert attempt(client, f"person{number}", "Chumphon2548!").status_code == 200
    fresh_address = Client(REMOTE_ADDR="2001:db8:1:2:ffff::99")
    assert attempt(fresh_address, "someone", "Chumphon2548!").status_code == 429
    other_network = Client(REMOTE_ADDR="2001:db8:1:3::1")
    assert attempt(other_network, "someone", "Chumphon2548!").status_code == 200
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "2001:db8:1:2::",
        "2001:db8:1:3::",
    }


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(world, settings):
    """Behind nginx every request comes from the proxy: the client's address is the one
    the proxy added to X-Forwarded-For, not the proxy's nor one the client wrote."""
    settings.CLIENT_PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3

    def via_proxy(client_ip, claimed="10.9.9.9"):
        forwarded = f"{claimed}, {client_ip}"  # nginx appends the address it saw
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        claimed = f"10.0.0.{number}"  # a fresh address claimed every time: not believed
        response = attempt(via_proxy("203.0.113.7", claimed), f"p{number}", "x-password-1")
        assert response.status_code == 200
    assert attempt(via_proxy("203.0.113.7"), "someone", "x-password-1").status_code == 429
    world.editor.set_password("a-good-long-passphrase-2548")
    world.editor.save()
    colleague = via_proxy("198.51.100.20")  # another client behind the same proxy
    assert (
        attempt(colleague, world.editor.username, "a-good-long-passphrase-2548").status_code == 302
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    (locked,) = AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED)
    assert locked.ip_address == "203.0.113.7"


def test_the_audit_log_names_the_client_behind_the_proxy(world, settings):
    settings.CLIENT_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.8")
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:proposals_submissiondeadline_add"),
        {"fiscal_year": 2549, "submit_by": "2005-03-31"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action=AuditAction.ADMIN_ADDED).ip_address == "203.0.113.8"


def test_typed_usernames_are_stored_cut_to_a_usernames_length(world, settings):
    client = Client()
    typed = "ก" * 150
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        attempt(client, typed, "wrong-password")
    attempt(client, "ข" * 100_000, "wrong-password")  # no form refuses it before it is tried
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_LOCKED)
    assert event.actor_name == event.target_label == typed
    assert {a.username for a in AccessAttempt.objects.all()} == {typed, "ข" * 150}


def test_a_success_resets_the_count(world, settings):
    world.editor.set_password("a-good-long-passphrase-2548")
    world.editor.save()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, world.editor.username, "wrong-password")
    assert attempt(client, world.editor.username, "a-good-long-passphrase-2548").status_code == 302
    client.logout()
    assert attempt(client, world.editor.username, "wrong-password").status_code == 200


@pytest.mark.parametrize("password", ["12345678", "password", "short", "chumphon1"])
def test_weak_passwords_are_refused(world, password):
    world.editor.username = "chumphon1"
    with pytest.raises(ValidationError):
        validate_password(password, user=world.editor)


def test_security_headers_on_every_page(world, client_for):
    response = client_for(world.editor).get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_no_inline_script_in_pages(world, client_for):
    body = client_for(world.editor).get(reverse("strategies:plan_detail", args=[world.plan.pk]))
    chunks = body.content.decode().split("<script")[1:]
    assert chunks  # the page has scripts, each from a file
    for chunk in chunks:
        tag = chunk[: chunk.index(">")]
        assert " src=" in f" {tag.strip()}" and chunk[len(tag) + 1 :].startswith("</script>"), (
            chunk[:80]
        )


def test_csrf_is_enforced(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor)
    url = reverse("strategies:issue_create", args=[world.plan.pk])
    response = client.post(url, {"number": 9, "title": "ไม่มีโทเค็น", "version": ""})
    assert response.status_code == 403


def test_role_changes_in_admin_are_audited(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("admin:strategies_membership_add"),
        {
            "user": world.viewer.pk,
            "organisation": world.province.pk,
            "role": Role.EDITOR,
            "position": "นักวิเคราะห์นโยบายและแผน",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=world.viewer, role=Role.EDITOR)
    granted = AuditEvent.objects.get(action=AuditAction.ROLE_GRANTED)
    assert granted.actor == world.admin
    assert granted.details["user"] == world.viewer.username

    client.post(
        reverse("admin:strategies_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ROLE_REVOKED).count() == 1


def test_audit_log_is_read_only(world, client_for):
    event = AuditEvent.objects.create(action=AuditAction.EXPORTED, actor_name="someone")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="someone else")
    event.refresh_from_db()
    assert event.actor_name == "someone"

    admin = client_for(world.admin)
    assert admin.get(reverse("admin:strategies_auditevent_changelist")).status_code == 200
    assert (
        admin.post(
            reverse("admin:strategies_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    # Only superusers read it; other staff do not.
    world.editor.is_staff = True
    world.editor.save()
    editor = client_for(world.editor)
    assert editor.get(reverse("admin:strategies_auditevent_changelist")).status_code == 403


def test_the_audit_log_cannot_be_edited_or_added_to_through_the_admin(world, client_for):
    """Issue 23: not only deleting — a superuser posting to the change and add views,
    or running the bulk delete action, changes nothing and adds nothing."""
    event = AuditEvent.objects.create(
        action=AuditAction.EXPORTED, actor_name="someone", target_label="ข้อเสนอ", details={}
    )
    admin = client_for(world.admin)
    change = reverse("admin:strategies_auditevent_change", args=[event.pk])
    page = admin.get(change)
    assert page.status_code == 200  # readable…
    assert 'name="actor_name"' not in page.content.decode()  # …with no field to edit
    forged = {
        "action": AuditAction.ROLE_GRANTED,
        "actor_name": "someone else",
        "target_label": "แก้ไขแล้ว",
        "details": "{}",
        "_save": "Save",
    }
    assert admin.post(change, forged).status_code == 403
    added = admin.post(reverse("admin:strategies_auditevent_add"), forged)
    assert added.status_code == 403
    bulk = admin.post(
        reverse("admin:strategies_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in {200, 302, 403}
    assert list(AuditEvent.objects.filter(actor_name__in=["someone", "someone else"])) == [event]
    event.refresh_from_db()
    assert (event.action, event.actor_name, event.target_label) == (
        AuditAction.EXPORTED,
        "someone",
        "ข้อเสนอ",
    )
    assert not AuditEvent.objects.filter(target_label="แก้ไขแล้ว").exists()
