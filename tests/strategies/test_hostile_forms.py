"""Every cascade form takes hostile input without a server error, and stores nothing broken."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from strategies.models import Goal, Indicator, Project, StrategicIssue
from tests.hostile import HOSTILE_SETTINGS, assert_survives, form_fields, hostile_post

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
