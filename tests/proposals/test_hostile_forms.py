"""Every Blueprint form takes hostile input without a server error; hostile text is saved
as typed and shown as text."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from proposals.models import ChangeProposal, Diagnosis, Risk
from proposals.rows import KINDS
from proposals.selectors import load_document
from proposals.snapshot import build
from tests.hostile import (
    HOSTILE_SETTINGS,
    assert_no_markup,
    assert_survives,
    form_fields,
    hostile_post,
)
from tests.hostile_save import SAVE_SETTINGS, rolled_back, saves_hostile_text

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

pytestmark = pytest.mark.django_db


def _row_create(kind, parent=None):
    def url(blueprint, chain):
        base = reverse("proposals:row_create", args=[blueprint.pk, kind])
        return base + (f"?parent={chain[parent].pk}" if parent else "")

    return url


FORMS = {
    "edit": lambda b, c: reverse("proposals:edit", args=[b.pk]),
    "diagnosis": lambda b, c: reverse(
        "proposals:row_edit", args=[b.pk, "diagnosis", b.diagnosis.pk]
    ),
    **{kind: _row_create(kind) for kind in ("change", "readiness", "risk", "factor", "goal")},
    "project": _row_create("project"),
    "indicator": _row_create("indicator", "goal"),
    "activity": _row_create("activity", "project"),
    "milestone": _row_create("milestone", "project"),
    "section_assign": lambda b, c: reverse("proposals:section_assign", args=[b.pk, "changes"]),
}


@pytest.mark.parametrize("name", FORMS)
def test_blueprint_form_survives_hostile_input(name, world, blueprint, chain, client_for):
    client = client_for(world.editor)
    url = FORMS[name](blueprint, chain)
    assert form_fields(client.get(url).content.decode())

    @HOSTILE_SETTINGS
    @given(data=st.data())
    def run(data):
        fresh = form_fields(client.get(url).content.decode())  # the current version
        assert_survives(client, url, hostile_post(fresh, data))

    run()
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


def _latest(kind):
    return lambda blueprint: KINDS[kind].model.objects.order_by("pk").last()


# Forms whose other fields are valid as shown (change proposals and readiness items need a
# category chosen first: not covered yet).
SAVING = {
    "diagnosis": (FORMS["diagnosis"], lambda b: Diagnosis.objects.get(blueprint=b)),
    "risk": (FORMS["risk"], _latest("risk")),
    "factor": (FORMS["factor"], _latest("factor")),
}


@pytest.mark.parametrize("name", SAVING)
def test_hostile_text_is_saved_as_typed_and_shown_as_text(
    name, world, blueprint, chain, client_for
):
    """Text fields get hostile text, the others keep their values: the example is saved
    (or refused with the form kept), reads back equal and is shown escaped."""
    client = client_for(world.editor)
    url, stored = SAVING[name][0](blueprint, chain), SAVING[name][1]
    outcomes = []

    @SAVE_SETTINGS
    @given(data=st.data())
    def run(data):
        with rolled_back():
            outcomes.append(
                saves_hostile_text(
                    client,
                    url,
                    data,
                    stored=lambda: stored(blueprint),
                    shown_at=lambda row: blueprint.get_absolute_url(),
                )  # fmt: skip
            )

    run()
    assert "saved" in outcomes  # the examples reach the database
