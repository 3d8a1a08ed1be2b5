"""Every Blueprint form takes hostile input without a server error."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from proposals.models import ChangeProposal, Risk
from proposals.selectors import load_document
from proposals.snapshot import build
from tests.hostile import (
    HOSTILE_SETTINGS,
    assert_no_markup,
    assert_survives,
    form_fields,
    hostile_post,
)

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

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
    page = client.get(blueprint.get_absolute_url())
    assert page.status_code == 200
    assert_no_markup(page.content.decode())
    document = load_document(blueprint)
    for kind, model in (("changes", ChangeProposal), ("risks", Risk)):
        assert document.row_count(kind) == model.objects.filter(blueprint=blueprint).count()
    build(document, submitted_by=world.editor, submitted_at=timezone.now())  # still builds


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("risk", {"description": XSS, "likelihood": "high", "impact": "low", "mitigation": XSS}),
        ("factor", {"text": XSS}),
        ("change", {"category": "quality", "title": XSS, "gap": XSS, "expected_result": XSS}),
    ],
)
def test_a_saved_hostile_value_is_shown_escaped_on_the_page_it_leads_to(
    kind, values, world, blueprint, client_for
):
    """The save succeeds (a redirect, no body): the page it leads to shows the value,
    escaped."""
    client = client_for(world.editor)
    response = assert_survives(
        client, reverse("proposals:row_create", args=[blueprint.pk, kind]), values
    )
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert ESCAPED in shown


def test_a_saved_hostile_diagnosis_is_shown_escaped(world, blueprint, client_for):
    client = client_for(world.editor)
    diagnosis = blueprint.diagnosis
    url = reverse("proposals:row_edit", args=[blueprint.pk, "diagnosis", diagnosis.pk])
    fields = form_fields(client.get(url).content.decode())
    values = {name: (value if value is not None else f"1. {XSS}") for name, value in fields.items()}
    response = assert_survives(client, url, values)
    assert response.status_code == 302
    assert ESCAPED in client.get(response["Location"]).content.decode()
