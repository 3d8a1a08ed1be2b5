"""The Blueprint page's caches (proposals/page_cache.py) never show a stale page.

Whatever changes what the page shows — a save through the services, a cascade row or an
agency renamed elsewhere, even a plain SQL ``UPDATE`` — the next view shows it; and the
cached sections carry the reader's own CSRF token, never the placeholder.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from proposals import services
from proposals.page_cache import CSRF_PLACEHOLDER
from proposals.rows import KINDS
from strategies.models import Goal, IndicatorTarget, Organisation
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


def test_cached_sections_carry_the_readers_own_csrf_token(world, blueprint, client_for):
    bp_factories.ChangeProposalFactory(blueprint=blueprint)
    bp_factories.ChangeProposalFactory(blueprint=blueprint)
    client = client_for(world.editor)
    page(client, blueprint)  # fills the cache
    html = page(client, blueprint)
    assert CSRF_PLACEHOLDER not in html
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
