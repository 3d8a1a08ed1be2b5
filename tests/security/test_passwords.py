"""Issue 18, finding 11b: password change, and password reset by e-mail, throttled.

The reset mail goes through Django's e-mail backend (the locmem outbox under tests): it
arrives, its link works once, and the new password logs in through the real login form.
An unknown address gets exactly the answer a known one gets.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from strategies.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
RESET = "/accounts/password/reset/"
CHANGE = "/accounts/password/change/"
LOGIN = "/accounts/login/"
NEW = "a-brand-new-passphrase-2549"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # the throttles count in the cache
    yield
    cache.clear()


@pytest.fixture
def person(world):
    world.editor.email = "somchai@chumphon.go.th"
    world.editor.set_password("the-old-long-passphrase")
    world.editor.save()
    return world.editor


def logs_in(username, password) -> bool:
    response = Client().post(LOGIN, {"username": username, "password": password})
    return response.status_code == 302


def without_tokens(response) -> str:  # a CSRF token is masked afresh for every request
    html = response.content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", html)


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_a_reset_mail_arrives_its_link_works_once_and_the_new_password_logs_in(person):
    client = Client()
    page = client.get(LOGIN).content.decode()
    assert RESET in page  # linked from the login page
    form = client.get(RESET)
    assert form.status_code == 200 and "รีเซ็ตรหัสผ่าน" in form.content.decode()
    response = client.post(RESET, {"email": "Somchai@chumphon.go.th"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["somchai@chumphon.go.th"]
    assert "ตั้งรหัสผ่านใหม่" in message.subject
    assert person.username in message.body
    link = link_in(message)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    set_password = form.redirect_chain[-1][0]
    response = client.post(set_password, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert logs_in(person.username, NEW)
    assert not logs_in(person.username, "the-old-long-passphrase")
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET, actor=person).exists()
    # Used once: the link does not work again.
    again = Client().get(link, follow=True).content.decode()
    assert 'name="new_password1"' not in again


def test_a_reset_unlocks_an_account_locked_by_wrong_passwords(person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not logs_in(person.username, "forgotten")
    client = Client()
    client.post(RESET, {"email": person.email})
    form = client.get(link_in(mail.outbox[0]), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert logs_in(person.username, NEW)


def test_a_weak_new_password_is_refused_in_thai(person):
    client = Client()
    client.post(RESET, {"email": person.email})
    form = client.get(link_in(mail.outbox[0]), follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "12345678",
                                                        "new_password2": "12345678"})  # fmt: skip
    assert response.status_code == 200
    assert "รหัสผ่าน" in response.content.decode()
    assert logs_in(person.username, "the-old-long-passphrase")


def test_an_unknown_address_gets_the_same_answer_as_a_known_one(person):
    known = Client().post(RESET, {"email": person.email}, follow=True)
    unknown = Client().post(RESET, {"email": "nobody@example.go.th"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known) == without_tokens(unknown)
    assert len(mail.outbox) == 1


def test_reset_requests_are_limited_per_email_without_saying_so(person, settings):
    answers = {
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(RESET, {"email": person.email})["Location"]
        for n in range(settings.PASSWORD_RESET_EMAIL_LIMIT + 3)
    }
    assert answers == {reverse("password_reset_done")}
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT


def test_reset_requests_are_limited_per_address(person, settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(settings.PASSWORD_RESET_ADDRESS_LIMIT):
        assert client.post(RESET, {"email": f"guess{number}@example.go.th"}).status_code == 302
    refused = client.post(RESET, {"email": person.email})
    assert refused.status_code == 429
    assert "ลองใหม่" in refused.content.decode()
    assert mail.outbox == []
    # Another address is not affected.
    assert Client(REMOTE_ADDR="198.51.100.1").post(RESET, {"email": person.email}).status_code
    assert len(mail.outbox) == 1


def test_a_person_changes_their_password_from_the_user_menu(person):
    client = Client()
    client.force_login(person)
    home = client.get(reverse("home")).content.decode()
    assert CHANGE in home  # the user menu
    page = client.get(CHANGE)
    assert page.status_code == 200 and "เปลี่ยนรหัสผ่าน" in page.content.decode()
    wrong = client.post(CHANGE, {"old_password": "not-it", "new_password1": NEW,
                                 "new_password2": NEW})  # fmt: skip
    assert wrong.status_code == 200 and 'value="' + NEW not in wrong.content.decode()
    response = client.post(CHANGE, {"old_password": "the-old-long-passphrase",
                                    "new_password1": NEW, "new_password2": NEW})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("home")).status_code == 200  # still logged in here
    assert logs_in(person.username, NEW)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor=person).exists()


def test_guesses_at_the_current_password_are_limited(person, settings):
    client = Client()
    client.force_login(person)
    for _ in range(settings.PASSWORD_CHANGE_FAILURE_LIMIT):
        wrong = client.post(CHANGE, {"old_password": "guess", "new_password1": NEW,
                                     "new_password2": NEW})  # fmt: skip
        assert wrong.status_code == 200
    right = {"old_password": "the-old-long-passphrase", "new_password1": NEW, "new_password2": NEW}
    assert client.post(CHANGE, right).status_code == 429
    assert logs_in(person.username, "the-old-long-passphrase")


def test_the_change_page_needs_a_login():
    response = Client().get(CHANGE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
