"""A milestone may give the value one of the issue's indicators reaches; the last such
milestone of a fiscal year must reach that year's target (a warning on the checklist)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from proposals.completeness import find_warnings
from proposals.forms import MilestoneForm
from proposals.selectors import load_document
from proposals.snapshot import build
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def target(chain, year):
    return chain["indicator"].targets.get(fiscal_year=year).value


def milestone(blueprint, chain, due, value):
    return bp_factories.MilestoneFactory(
        blueprint=blueprint,
        project=chain["project"],
        due_date=due,
        indicator=chain["indicator"],
        value=value,
    )


def milestone_warnings(blueprint):
    return [w for w in find_warnings(load_document(blueprint)) if "Milestone" in w.message]


def test_the_last_milestone_of_the_year_below_the_target_is_a_warning(complete_blueprint, chain):
    goal = target(chain, 2548)
    milestone(complete_blueprint, chain, datetime.date(2005, 3, 31), goal - 5)  # half-way: fine
    last = milestone(complete_blueprint, chain, datetime.date(2005, 9, 30), goal - 1)
    (warning,) = milestone_warnings(complete_blueprint)
    assert warning.section == "action_plan" and str(last.pk) in warning.url
    assert "2548" in warning.message and f"{goal.normalize():f}" in warning.message


def test_a_milestone_that_reaches_the_target_is_fine(complete_blueprint, chain):
    goal = target(chain, 2548)
    milestone(complete_blueprint, chain, datetime.date(2005, 3, 31), goal - 5)
    milestone(complete_blueprint, chain, datetime.date(2005, 9, 30), goal)
    milestone(complete_blueprint, chain, datetime.date(2006, 9, 30), target(chain, 2549))
    assert milestone_warnings(complete_blueprint) == []


def test_each_year_is_held_to_its_own_target(complete_blueprint, chain):
    # The 2548 figure carried into 2549 (the demo's old mistake) contradicts 2549's target.
    chain["indicator"].targets.filter(fiscal_year=2549).update(value=target(chain, 2548) + 400)
    milestone(complete_blueprint, chain, datetime.date(2006, 6, 30), target(chain, 2548))
    (warning,) = milestone_warnings(complete_blueprint)
    assert "2549" in warning.message


def test_the_value_is_kept_in_the_submission(world, complete_blueprint, chain):
    milestone(complete_blueprint, chain, datetime.date(2005, 9, 30), Decimal("1200"))
    data = build(
        load_document(complete_blueprint), submitted_by=world.editor, submitted_at=timezone.now()
    )
    milestones = [m for p in data["action_plan"]["projects"] for m in p["milestones"]]
    (given,) = [m for m in milestones if m["value"] is not None]
    assert given["value"] == "1200.00" and given["indicator"] == "1.1"
    assert {m["indicator"] for m in milestones if m["value"] is None} == {""}


def test_the_form_asks_for_the_indicator_of_a_value(complete_blueprint, chain):
    form = MilestoneForm(
        data={"title": "ครบ 1,200 แปลง", "due_date": "30/09/2548", "value": "1200"},
        blueprint=complete_blueprint,
    )
    assert not form.is_valid()
    assert "indicator" in form.errors
