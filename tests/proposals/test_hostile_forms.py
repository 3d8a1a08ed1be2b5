"""Every Blueprint form takes hostile input without a server error."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from proposals.selectors import load_document
from tests.hostile import HOSTILE_SETTINGS, assert_survives, form_fields, hostile_post

pytestmark = pytest.mark.django_db


def urls(blueprint, chain):
    pk = blueprint.pk
    project = chain["project"].pk
    yield reverse("proposals:edit", args=[pk])
    yield reverse("proposals:row_edit", args=[pk, "diagnosis", blueprint.diagnosis.pk])
    for kind in ("change", "readiness", "risk", "factor", "goal", "project"):
        yield reverse("proposals:row_create", args=[pk, kind])
    yield reverse("proposals:row_create", args=[pk, "indicator"]) + f"?parent={chain['goal'].pk}"
    for kind in ("activity", "milestone"):
        yield reverse("proposals:row_create", args=[pk, kind]) + f"?parent={project}"
    yield reverse("proposals:section_assign", args=[pk, "changes"])


def survives_hostile_input(client, url):
    @HOSTILE_SETTINGS
    @given(data=st.data())
    def run(data):
        fresh = form_fields(client.get(url).content.decode())
        assert_survives(client, url, hostile_post(fresh, data))

    run()


def test_blueprint_forms_survive_hostile_input(world, blueprint, chain, client_for):
    client = client_for(world.editor)
    checked = []
    for url in urls(blueprint, chain):
        fields = form_fields(client.get(url).content.decode())
        checked.append((url, len(fields)))
        survives_hostile_input(client, url)
    assert len(checked) == 12
    # Whatever was stored still renders, on the page and in the snapshot schema.
    assert client.get(blueprint.get_absolute_url()).status_code == 200
    assert load_document(blueprint).row_count("changes") >= 0
