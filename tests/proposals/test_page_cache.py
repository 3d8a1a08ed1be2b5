"""The Blueprint page's cache (proposals/page_cache.py) never shows a stale page.

Whatever changes what the page shows — a save through the services, a cascade row or an
agency renamed elsewhere, even a plain SQL ``UPDATE`` — the next view shows it; and the
page's forms carry the reader's own CSRF token, never the placeholder. (The body is cached
on PostgreSQL only; the tests that are not marked so hold on every database.)
"""

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import page_cache, services, workflow
from proposals.page_cache import PLACEHOLDER_PREFIX
from proposals.participation import comments
from proposals.rows import KINDS
from strategies.models import Goal, IndicatorTarget, Organisation, Profile
from tests import factories
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


def page(client, blueprint) -> str:
    response = client.get(blueprint.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_save_through_the_services_shows_at_once(world, blueprint, client_for):
    client = client_for(world.editor)
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint, title="ข้อเสนอเดิม")
    assert "ข้อเสนอเดิม" in page(client, blueprint)
    change.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        values={"title": "ข้อเสนอที่แก้แล้ว"}, version=change.version,
    )  # fmt: skip
    html = page(client, blueprint)
    assert "ข้อเสนอที่แก้แล้ว" in html and "ข้อเสนอเดิม" not in html


# On PostgreSQL the stamp reads which transaction wrote each row version; inside a test's
# one transaction the changes are made in savepoints, which write with their own ids as
# separate transactions do.
def test_changes_made_outside_the_blueprint_show_at_once(world, blueprint, chain, client_for):
    client = client_for(world.editor)
    bp_factories.RiskFactory(blueprint=blueprint, owner=world.agency)
    html = page(client, blueprint)
    assert world.agency.name in html
    # No version bump, no revision: an agency renamed and a goal edited with plain UPDATEs.
    with transaction.atomic():
        Organisation.objects.filter(pk=world.agency.pk).update(name="สำนักงานชื่อใหม่")
        Goal.objects.filter(issue=chain["issue"]).update(title="เป้าประสงค์ที่แก้นอกระบบ")
    html = page(client, blueprint)
    assert "สำนักงานชื่อใหม่" in html and "เป้าประสงค์ที่แก้นอกระบบ" in html
    # A row removed outright.
    with transaction.atomic():
        blueprint.risks.all().delete()
    assert "สำนักงานชื่อใหม่" not in page(client, blueprint).split('id="section-risks"')[1]


def test_the_pages_forms_carry_the_readers_own_csrf_token(world, blueprint, client_for):
    bp_factories.ChangeProposalFactory(blueprint=blueprint)
    bp_factories.ChangeProposalFactory(blueprint=blueprint)
    client = client_for(world.editor)
    page(client, blueprint)  # fills the cache
    html = page(client, blueprint)
    assert PLACEHOLDER_PREFIX not in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2
    token = client.cookies["csrftoken"].value
    assert token  # the forms post with the reader's cookie: a move must work
    change = blueprint.change_proposals.order_by("position", "pk").last()
    response = client.post(
        f"/blueprints/{blueprint.pk}/rows/change/{change.pk}/move/", {"direction": "up"}
    )
    assert response.status_code in (200, 302)


def test_the_cascade_check_sees_a_target_removed_since(world, chain, client_for):
    client = client_for(world.editor)
    url = reverse("strategies:plan_cascade", args=[world.plan.pk])
    assert "break-flag" not in client.get(url).content.decode()
    with transaction.atomic():
        IndicatorTarget.objects.filter(indicator=chain["indicator"]).first().delete()
    assert "break-flag" in client.get(url).content.decode()


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the page stamp reads PostgreSQL's xmin"
)


def queries_of(client, blueprint) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        page(client, blueprint)
    return [query["sql"] for query in ctx.captured_queries]


@postgresql_only
def test_the_page_stamp_covers_every_table_the_page_reads(world, blueprint, chain, client_for):
    """What the body is rendered from must all be in the page stamp, or a change to it
    would not show: every table the page reads on a miss is stamped, except the reader's
    own (session, person, profile, memberships), which the cache key holds instead."""
    bp_factories.RiskFactory(blueprint=blueprint, owner=world.agency)
    comments.comment_post(user=world.editor, blueprint=blueprint, section="risks", body="ดู")
    client = client_for(world.editor)
    cache.clear()
    read = {
        table
        for sql in queries_of(client, blueprint)
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)
    }
    found = page_cache._document_parts() + page_cache._page_parts()
    stamped = {model._meta.db_table for model, _condition in found}
    readers = {"django_session", "auth_user", "strategies_profile", "strategies_membership"}
    assert read - stamped - readers == set()
    assert len(read) > 25  # the document was read, not a cached copy


@postgresql_only
def test_the_cached_page_follows_whatever_it_shows(world, blueprint, chain, client_for):
    client = client_for(world.editor)
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint, title="ข้อเสนอเดิม")
    page(client, blueprint)
    first = len(queries_of(client, blueprint))
    assert len(queries_of(client, blueprint)) == first  # served from the cache…
    assert first <= 8  # …for the reader's own queries and one stamp

    # A comment: the section's count of open threads.
    comments.comment_post(user=world.contributor, blueprint=blueprint, section="changes",
                          body="ความเห็นใหม่")  # fmt: skip
    html = page(client, blueprint)
    assert re.search(r'section=changes[^>]*>[^<]*<span class="badge[^"]*">1<', html), html
    # A save: its line in the latest saves, under its author's name; then the author
    # renames themselves.
    change.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        values={"title": "ข้อเสนอใหม่"}, version=change.version,
    )  # fmt: skip
    assert "ข้อเสนอใหม่" in page(client, blueprint).split('id="recent-h"')[1]
    with transaction.atomic():
        User.objects.filter(pk=world.editor.pk).update(first_name="ชื่อใหม่ของผู้แก้")
    assert "ชื่อใหม่ของผู้แก้" in page(client, blueprint).split('id="recent-h"')[1]
    # The workflow: opened for consultation.
    before = page(client, blueprint)
    workflow.blueprint_transition(user=world.editor, blueprint=blueprint, action="consult")
    blueprint.refresh_from_db()
    after = page(client, blueprint)
    assert after != before and blueprint.get_status_display() in after


CASCADE_TABLES = {
    "strategies_goal",
    "strategies_indicator",
    "strategies_indicatortarget",
    "strategies_strategy",
    "strategies_project",
    "strategies_projectbudget",
}


def selected_from(queries: list[str]) -> set[str]:
    """The tables ``queries`` select from (not those they join to)."""
    return {
        match.group(1) for sql in queries if (match := re.match(r'SELECT .*? FROM "(\w+)"', sql))
    }


def document_tables(blueprint) -> tuple[set[str], set[str]]:
    """The tables ``load_document`` reads for ``blueprint``, and those the document's
    stamp covers (:func:`page_cache._document_parts`)."""
    from proposals import selectors

    with CaptureQueriesContext(connection) as ctx:
        selectors.load_document(selectors.blueprint_queryset().get(pk=blueprint.pk))
    read = {
        table
        for query in ctx.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    return read, {model._meta.db_table for model, _condition in page_cache._document_parts()}


def without_tokens(html: str) -> str:
    """The page without the CSRF tokens, which are masked afresh for each response."""
    return re.sub(
        r'(csrfmiddlewaretoken" value="|csrf-token" content="|X-CSRFToken": ")[^"]+', "", html
    )


@postgresql_only
@pytest.mark.parametrize("off", [[], ["document"]], ids=["all-on", "document-off"])
def test_after_a_save_the_page_is_rendered_with_the_cascade_it_kept(
    world, blueprint, chain, client_for, settings, off
):
    """A save in the Blueprint renders the page again, from its own rows and the cascade
    kept under the cascade's stamp; a change to the cascade is read again at once. Each
    cache off by name leaves the others working: with ``document`` off it is the same."""
    settings.CACHES_OFF = off
    client = client_for(world.editor)
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint, title="ข้อเสนอเดิม")
    page(client, blueprint)
    change.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        values={"title": "ข้อเสนอใหม่"}, version=change.version,
    )  # fmt: skip
    queries = queries_of(client, blueprint)
    read = selected_from(queries)
    assert "proposals_changeproposal" in read  # rendered again…
    assert read & CASCADE_TABLES == set()  # …with the cascade it kept
    assert len(queries) == 22  # 34 with the cascade read again
    html = page(client, blueprint)
    assert "ข้อเสนอใหม่" in html
    settings.CACHES_OFF = ["all"]
    assert without_tokens(page(client, blueprint)) == without_tokens(html)
    settings.CACHES_OFF = off

    # The cascade changed in a plain UPDATE: read again, and shown.
    with transaction.atomic():
        Goal.objects.filter(issue=chain["issue"]).update(title="เป้าประสงค์ที่แก้นอกระบบ")
    assert CASCADE_TABLES <= selected_from(queries_of(client, blueprint))
    assert "เป้าประสงค์ที่แก้นอกระบบ" in page(client, blueprint)


@postgresql_only
def test_the_document_stamp_covers_every_table_the_document_reads(world, blueprint, chain):
    """The loaded document is kept under the stamp of its own parts: each table
    ``load_document`` reads must be among them."""
    bp_factories.RiskFactory(blueprint=blueprint, owner=world.agency)
    read, stamped = document_tables(blueprint)
    assert read - stamped == set()
    assert len(read) > 15


@postgresql_only
def test_a_saves_dashboard_refresh_loads_the_document_the_page_then_reads(
    world, blueprint, chain, client_for
):
    """A save refreshes OPDC's dashboard digest before its response: it loads the document
    through the page's cache (the issue's cascade the page kept, under the same stamp),
    and the page opened next reads that document instead of loading it again. Any change
    to the document's rows moves the stamp: it is read again, and shown."""
    from proposals.review.digest import digest_refresh

    client = client_for(world.editor)
    page(client, blueprint)  # the page keeps the cascade
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint, title="ข้อเสนอเดิม")
    with CaptureQueriesContext(connection) as ctx:
        digest = digest_refresh(blueprint_id=blueprint.pk)
    read = selected_from([q["sql"] for q in ctx.captured_queries])
    assert read & CASCADE_TABLES == set() and "proposals_changeproposal" in read
    read = selected_from(queries_of(client, blueprint))
    assert read & (CASCADE_TABLES | {"proposals_changeproposal", "proposals_section"}) == set()
    assert "ข้อเสนอเดิม" in page(client, blueprint)

    # A goal without indicators is a blocker: the cascade is read again, and counted.
    with transaction.atomic():
        factories.GoalFactory(issue=chain["issue"], number=2)
    with CaptureQueriesContext(connection) as ctx:
        refreshed = digest_refresh(blueprint_id=blueprint.pk)
    assert CASCADE_TABLES <= selected_from([q["sql"] for q in ctx.captured_queries])
    assert refreshed.blockers > digest.blockers
    # A row changed in plain SQL: the page reads the document again.
    with transaction.atomic():
        type(change).objects.filter(pk=change.pk).update(title="ข้อเสนอที่แก้นอกระบบ")
    assert "proposals_changeproposal" in selected_from(queries_of(client, blueprint))
    html = page(client, blueprint)
    assert "ข้อเสนอที่แก้นอกระบบ" in html
    cache.clear()
    assert digest_refresh(blueprint_id=blueprint.pk).blockers == refreshed.blockers
    assert without_tokens(page(client, blueprint)) == without_tokens(html)


@postgresql_only
def test_each_reader_gets_their_own_page(world, blueprint, client_for):
    bp_factories.ChangeProposalFactory(blueprint=blueprint)
    assign = reverse("proposals:section_assign", args=[blueprint.pk, "changes"])
    editor = client_for(world.editor)
    assert assign in page(editor, blueprint)
    assert assign in page(editor, blueprint)  # cached
    contributor = Client()
    contributor.force_login(world.contributor)
    assert assign not in page(contributor, blueprint)
    # The same person in English.
    Profile.objects.update_or_create(user=world.contributor, defaults={"language": "en"})
    assert "Latest saves" in page(contributor, blueprint)
    Profile.objects.update_or_create(user=world.contributor, defaults={"language": "th"})
    assert "Latest saves" not in page(contributor, blueprint)


def test_a_cached_page_posts_with_each_sessions_own_token(world, blueprint):
    """The same person in two browsers: each gets the page (the second from the cache)
    with a token its own CSRF cookie accepts."""
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint)
    bp_factories.ChangeProposalFactory(blueprint=blueprint)
    for _browser in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.editor)
        html = page(client, blueprint)
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert tokens and PLACEHOLDER_PREFIX not in html
        response = client.post(
            f"/blueprints/{blueprint.pk}/rows/change/{change.pk}/move/",
            {"direction": "down", "csrfmiddlewaretoken": tokens.pop()},
        )
        assert response.status_code in (200, 302)
        change.refresh_from_db()


@postgresql_only
@pytest.mark.parametrize("off", ["page", "issue_tree", "document", "all"])
def test_a_cache_turned_off_by_name_is_not_kept(world, blueprint, client_for, settings, off):
    """``DJANGO_CACHES_OFF`` (how the bench measures a page without a cache) turns off
    the cache it names and only that one."""
    settings.CACHES_OFF = [off]
    client = client_for(world.editor)
    cache.clear()
    page(client, blueprint)
    stamp = page_cache.page_stamp(blueprint)
    kept_tree = cache.get(f"bp-issue-tree:v1:{blueprint.issue_id}:{stamp.issue_tree}")
    assert (kept_tree is not None) == (off not in ("issue_tree", "all"))
    kept_pages = [key for key in cache._cache if ":bp-page:" in key]
    assert bool(kept_pages) == (off not in ("page", "all"))
    kept_document = cache.get(f"bp-document:v1:{blueprint.pk}:{stamp.document}")
    assert (kept_document is not None) == (off not in ("document", "all"))
