"""Issue 18, finding 6: the CSRF placeholder of the cached pages is never trusted in user text.

The cached bodies and rows hold a placeholder where the reader's CSRF token goes. Text a
user typed that looks like a placeholder — the old fixed one, or one of the new form —
must reach every reader as typed, never with the reader's token put in it. Tried on every
kind of cached HTML: the Blueprint page (the section bodies everywhere, the whole body on
PostgreSQL); and on the pages whose rows were once cached the same way (the OPDC
dashboard's rows, a workshop's invitee and point rows), now rendered on every view.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals.models import Blueprint
from proposals.participation import workshops
from proposals.participation.models import PointKind
from tests import factories
from tests.proposals import conftest as proposal_fixtures
from tests.proposals import factories as bp_factories

chain = proposal_fixtures.chain
blueprint = proposal_fixtures.blueprint

pytestmark = pytest.mark.django_db

# What an attacker could type: the placeholder as it was (it is in the public source) and
# one shaped like today's (whose random part they cannot know).
OLD = "__blueprint_csrf_placeholder__"
PLACEHOLDER_PREFIX = "csrf-placeholder-"  # proposals.page_cache.PLACEHOLDER_PREFIX
NEW_SHAPED = f"{PLACEHOLDER_PREFIX}{'0' * 32}"
HOSTILE = f"ดู {OLD} และ {NEW_SHAPED} ท้าย"


def seen_by(user, url, times=2) -> list[str]:
    """The page as ``user`` gets it, ``times`` over (the first fills the caches)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    pages = []
    for _ in range(times):
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.content.decode())
    return pages


def assert_kept_as_typed(pages, expected_times=1):
    for html in pages:
        assert html.count(HOSTILE) >= expected_times, "the typed text was changed"
        assert PLACEHOLDER_PREFIX + "0" * 32 in html


def test_the_blueprint_page_shows_placeholder_text_as_typed(world, blueprint):
    Blueprint.objects.filter(pk=blueprint.pk).update(title=HOSTILE)  # the page body
    bp_factories.ChangeProposalFactory(blueprint=blueprint, title=HOSTILE)  # a section body
    blueprint.refresh_from_db()
    for reader in (world.editor, world.contributor, world.editor):
        pages = seen_by(reader, blueprint.get_absolute_url())
        assert_kept_as_typed(pages, expected_times=2)
        # The forms still carry a token, and no placeholder is left.
        for html in pages:
            assert 'name="csrfmiddlewaretoken" value="' in html
            assert set(re.findall(PLACEHOLDER_PREFIX + "[0-9a-f]{32}", html)) == {NEW_SHAPED}


def test_the_dashboard_rows_show_placeholder_text_as_typed(world, blueprint):
    factories.StrategicIssueFactory(plan=world.plan, number=7, title=HOSTILE)
    url = reverse("proposals:review:dashboard") + "?fy=2548"
    assert_kept_as_typed(seen_by(world.reviewer, url))
    assert_kept_as_typed(seen_by(world.admin, url))


def test_the_workshop_rows_show_placeholder_text_as_typed(world, blueprint):
    workshop = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมอง",
            "starts_at": timezone.make_aware(datetime.datetime(2005, 1, 12, 9, 30)),
            "venue": "ศาลากลางจังหวัดชุมพร",
            "agenda": "วิเคราะห์ช่องว่าง",
        },
    )
    workshops.workshop_invite(
        user=world.editor, workshop=workshop, organisation=world.agency, name=HOSTILE
    )
    workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, text=HOSTILE, raised_by="ก"
    )
    pages = seen_by(world.editor, workshop.get_absolute_url())
    assert_kept_as_typed(pages, expected_times=2)  # the invitee's name and the idea
    for html in pages:
        assert 'name="csrfmiddlewaretoken" value="' in html
