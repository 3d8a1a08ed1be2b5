"""Every cascade form takes hostile input without a server error, and stores nothing broken."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from strategies.models import ActionPlan, Goal, Indicator, Project, StrategicIssue, Strategy
from tests.hostile import HOSTILE_SETTINGS, assert_survives, form_fields, hostile_post
from tests.hostile_save import SAVE_SETTINGS, rolled_back, saves_hostile_text

pytestmark = pytest.mark.django_db

FORMS = {
    "plan_edit": lambda chain: reverse("strategies:plan_edit", args=[chain["plan"].pk]),
    "issue_create": lambda chain: reverse("strategies:issue_create", args=[chain["plan"].pk]),
    "issue_edit": lambda chain: reverse("strategies:issue_edit", args=[chain["issue"].pk]),
    "goal_create": lambda chain: reverse("strategies:goal_create", args=[chain["issue"].pk]),
    "indicator_create": lambda c: reverse("strategies:indicator_create", args=[c["goal"].pk]),
    "indicator_edit": lambda c: reverse("strategies:indicator_edit", args=[c["indicator"].pk]),
    "strategy_create": lambda c: reverse("strategies:strategy_create", args=[c["issue"].pk]),
    "project_create": lambda c: reverse("strategies:project_create", args=[c["strategy"].pk]),
    "project_edit": lambda c: reverse("strategies:project_edit", args=[c["project"].pk]),
}


@pytest.mark.parametrize("name", FORMS)
def test_form_survives_hostile_input(name, world, chain, client_for):
    client = client_for(world.editor)
    url = FORMS[name](chain)
    fields = form_fields(client.get(url).content.decode())
    assert len(fields) >= 2

    @HOSTILE_SETTINGS
    @given(data=st.data())
    def run(data):
        fresh = form_fields(client.get(url).content.decode())  # the current version
        assert_survives(client, url, hostile_post(fresh, data))

    run()
    # Whatever was stored reads back and renders.
    for model in (StrategicIssue, Goal, Indicator, Project):
        for obj in model.objects.all():
            assert client.get(obj.get_absolute_url()).status_code == 200
            assert "\x00" not in str(obj)


SAVING = {
    "plan_edit": (FORMS["plan_edit"], lambda c: ActionPlan.objects.get(pk=c["plan"].pk)),
    "issue_create": (FORMS["issue_create"], lambda c: StrategicIssue.objects.order_by("pk").last()),
    "issue_edit": (FORMS["issue_edit"], lambda c: StrategicIssue.objects.get(pk=c["issue"].pk)),
    "goal_create": (FORMS["goal_create"], lambda c: Goal.objects.order_by("pk").last()),
    "strategy_create": (FORMS["strategy_create"], lambda c: Strategy.objects.order_by("pk").last()),
    "project_edit": (FORMS["project_edit"], lambda c: Project.objects.get(pk=c["project"].pk)),
}  # fmt: skip


@pytest.mark.parametrize("name", SAVING)
def test_hostile_text_is_saved_as_typed_and_shown_as_text(name, world, chain, client_for):
    """Text fields get hostile text, the others keep their values: the example is saved
    (or refused with the form kept), reads back equal and is shown escaped."""
    client = client_for(world.editor)
    url, stored = SAVING[name][0](chain), SAVING[name][1]
    outcomes = []

    @SAVE_SETTINGS
    @given(data=st.data())
    def run(data):
        with rolled_back():
            outcomes.append(saves_hostile_text(client, url, data, stored=lambda: stored(chain)))

    run()
    assert "saved" in outcomes  # the examples reach the database
