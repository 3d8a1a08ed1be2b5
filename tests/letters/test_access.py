"""Who may reach the covering letter's pages and downloads: every URL × every actor ×
GET and POST. A stranger gets 404; OPDC gets the letters of submissions only (and 404
before the first); only the province's editors change the letter and the office."""

import pytest
from django.urls import reverse

from tests.conftest import ACTORS
from tests.proposals.test_access_matrix import NOT_ALLOWED, check, expect

pytestmark = pytest.mark.django_db

EDITORS = expect(editor=200, admin=200, contributor=403, viewer=403)


def url(name, *args):
    return reverse(f"proposals:{name}", args=args)


def before_submission(blueprint):
    pk = blueprint.pk
    # The page: an empty POST is the form again, with its messages (400).
    yield url("letter", pk), EDITORS, {**EDITORS, "editor": 400, "admin": 400}
    yield url("letter_preview", pk), EDITORS, NOT_ALLOWED
    # Every office field is optional: an empty POST saves and goes back to the page.
    yield url("letter_office", pk), NOT_ALLOWED, {**EDITORS, "editor": 302, "admin": 302}
    # Nothing was submitted: no letter to download, for anyone.
    yield url("snapshot_letter", pk, 1), expect(), NOT_ALLOWED


def after_submission(blueprint):
    pk = blueprint.pk
    submitted = expect(editor=200, contributor=200, viewer=200, admin=200, reviewer=200)
    yield url("snapshot_letter", pk, 1), submitted, NOT_ALLOWED
    yield url("snapshot_letter", pk, 2), expect(), NOT_ALLOWED
    # The working page stays with the province (OPDC reads what was sent).
    page = {**EDITORS, "reviewer": 403}
    yield url("letter", pk), page, {**page, "editor": 400, "admin": 400}
    yield url("letter_office", pk), NOT_ALLOWED, {**page, "editor": 302, "admin": 302}


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix_before_submission(actor, world, lettered, client_for):
    check(client_for(world.actor(actor)), actor, before_submission(lettered))


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix_after_submission(actor, world, submitted_with_letter, client_for):
    check(client_for(world.actor(actor)), actor, after_submission(submitted_with_letter))


def test_review_page_lists_the_letter(world, submitted_with_letter, client_for):
    body = (
        client_for(world.reviewer)
        .get(reverse("proposals:review:review", args=[submitted_with_letter.pk]))
        .content.decode()
    )
    assert url("snapshot_letter", submitted_with_letter.pk, 1) in body
    assert "ชพ ๐๐๑๗/๑๒๓๔" in body
