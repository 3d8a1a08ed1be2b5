"""The cached Blueprint page is the page: after a change made elsewhere, and for a reader
whose role changed, what is served equals the page rendered with every cache off.

The page is cached per reader and under a stamp of what it shows (proposals/page_cache.py,
on PostgreSQL; elsewhere it is not cached). Comparing the whole page with an uncached
render catches any part the key forgot, not only the one a test thought of looking for.
"""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from strategies.models import Membership, ProjectBudget, Role
from tests.hostile_save import _shown

pytestmark = pytest.mark.django_db

NO_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES
}
_TOKEN = re.compile(r'((?:csrfmiddlewaretoken" value|csrf-token" content|X-CSRFToken": )=?"?)[^"]+')


def page(client, blueprint) -> str:
    response = client.get(blueprint.get_absolute_url())
    assert response.status_code == 200
    return _TOKEN.sub(r"\1", response.content.decode())  # each request masks its token anew


def uncached(client, blueprint) -> str:
    with override_settings(CACHES=NO_CACHES):
        return page(client, blueprint)


def test_a_budget_changed_on_the_plan_pages_shows_on_the_blueprint_page(
    world, blueprint, chain, client_for
):
    client = client_for(world.editor)
    before = page(client, blueprint)
    assert page(client, blueprint) == before  # (served from the caches now)
    project = chain["project"]
    url = reverse("strategies:project_edit", args=[project.pk])
    form = client.get(url)
    post = _shown(form.context["form"], {"version": str(project.version)})
    field = next(name for name in post if name.startswith("budget_2548_"))
    post[field] = "7654321"
    with transaction.atomic():  # its own transaction, as a request's would be
        response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.get(response.url)  # where the person lands (and reads "Saved.")
    assert ProjectBudget.objects.filter(project=project, amount=7654321).exists()

    after = page(client, blueprint)
    assert after != before
    assert after == uncached(client, blueprint)


@pytest.mark.parametrize(("reader", "becomes"), [("viewer", Role.EDITOR), ("editor", Role.VIEWER)])
def test_a_reader_whose_role_changed_gets_the_page_of_their_new_role(
    world, blueprint, client_for, reader, becomes
):
    person = getattr(world, reader)
    client = client_for(person)
    before = page(client, blueprint)
    assert page(client, blueprint) == before
    with transaction.atomic():
        Membership.objects.filter(user=person, organisation=world.province).update(role=becomes)

    after = page(client, blueprint)
    assert after != before
    assert after == uncached(client, blueprint)
