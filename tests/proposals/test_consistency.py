"""The readiness checklist's consistency rules: a record of participation, dates true to
the Blueprint's years (blockers, OPDC's rules) and indicator weights (advice)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from proposals import services, workflow
from proposals.completeness import PARTICIPATION, find_blockers, find_warnings
from proposals.participation.models import Attendance
from proposals.selectors import load_document
from tests import factories
from tests.proposals import factories as bp_factories
from tests.proposals.conftest import advance, fill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def blockers(blueprint):
    return find_blockers(load_document(blueprint))


def without_participation(blueprint):
    blueprint.participants.all().delete()
    blueprint.workshops.all().delete()
    return blueprint


# --------------------------------------------------------------------------
# Participation
# --------------------------------------------------------------------------


def test_no_participation_is_two_blockers_with_links(complete_blueprint):
    found = blockers(without_participation(complete_blueprint))
    assert [b.section for b in found] == [PARTICIPATION, PARTICIPATION]
    hub = reverse("proposals:participation:hub", args=[complete_blueprint.pk])
    assert [b.url for b in found] == [f"{hub}#participants", f"{hub}#workshops"]
    assert "No participating agency" in found[0].message
    assert str(found[0].section_label) == "Participation"


def test_a_workshop_nobody_attended_is_no_record(complete_blueprint):
    complete_blueprint.workshops.first().invitees.update(attendance=Attendance.EXCUSED)
    (blocker,) = blockers(complete_blueprint)
    assert blocker.section == PARTICIPATION and "workshop" in blocker.message


def test_submission_without_participation_is_refused_in_thai(world, complete_blueprint):
    bp = without_participation(complete_blueprint)
    advance(bp, world.editor, "consult", "review")
    with translation.override("th"), pytest.raises(services.Refused) as refused:
        workflow.blueprint_approve(user=world.editor, blueprint=bp)
    messages = [str(b.message) for b in refused.value.blockers]
    assert any("ยังไม่มีส่วนราชการที่ร่วมจัดทำ" in m for m in messages), messages
    bp.refresh_from_db()
    assert bp.status == "provincial_review" and not bp.snapshots.exists()


def test_the_transition_page_says_what_is_missing_in_thai(world, complete_blueprint, client_for):
    bp = without_participation(complete_blueprint)
    advance(bp, world.editor, "consult", "review")
    client = client_for(world.editor)
    page = client.get(
        reverse("proposals:transition", args=[bp.pk, "approve"]), HTTP_ACCEPT_LANGUAGE="th"
    ).content.decode()
    assert "ยังไม่มีส่วนราชการที่ร่วมจัดทำ" in page
    assert reverse("proposals:participation:hub", args=[bp.pk]) in page


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------


@pytest.fixture
def blueprint_2549(world, chain):
    bp = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2549)
    return fill(bp, world, chain)


def test_a_2549_blueprint_with_activities_of_2548_is_flagged(blueprint_2549, chain):
    # The fixture's activity (Nov 2004 – Mar 2005) and milestone (Jun 2005) are in 2548.
    found = blockers(blueprint_2549)
    assert {b.section for b in found} == {"action_plan"}
    activity = blueprint_2549.activities.get()
    milestone = blueprint_2549.milestones.get()
    assert [b.url for b in found] == [
        reverse("proposals:row_edit", args=[blueprint_2549.pk, "activity", activity.pk]),
        reverse("proposals:row_edit", args=[blueprint_2549.pk, "milestone", milestone.pk]),
    ]
    assert "1 November 2547 B.E." in found[0].message and "2549–2551" in found[0].message


def test_dates_inside_the_years_are_not_flagged(blueprint_2549):
    blueprint_2549.activities.update(
        start_date=datetime.date(2005, 10, 1), end_date=datetime.date(2008, 9, 30)
    )
    blueprint_2549.milestones.update(due_date=datetime.date(2006, 9, 30))
    assert blockers(blueprint_2549) == []


def test_a_date_after_the_plan_is_flagged(complete_blueprint):
    complete_blueprint.milestones.update(due_date=datetime.date(2008, 10, 1))  # FY 2552
    (blocker,) = blockers(complete_blueprint)
    assert blocker.section == "action_plan" and "2548–2551" in blocker.message


def test_a_change_proposal_starting_before_the_blueprint_is_flagged(blueprint_2549, world):
    blueprint_2549.activities.all().delete()
    blueprint_2549.milestones.all().delete()
    change = blueprint_2549.change_proposals.get()
    change.start_year, change.end_year = 2548, 2550
    change.save()
    (blocker,) = blockers(blueprint_2549)
    assert blocker.section == "changes" and "2548–2550" in blocker.message


def test_the_thai_message_gives_buddhist_era_dates(blueprint_2549):
    with translation.override("th"):
        message = str(blockers(blueprint_2549)[0].message)
    assert "1 พฤศจิกายน 2547" in message and "ปีงบประมาณ 2549–2551" in message


# --------------------------------------------------------------------------
# Weights (advice)
# --------------------------------------------------------------------------


def test_weights_of_a_goal_not_adding_to_100_is_a_warning(complete_blueprint, chain):
    chain["indicator"].weight = Decimal(60)
    chain["indicator"].save()
    factories.IndicatorFactory(goal=chain["goal"], number=2, weight=Decimal("30.5"))
    document = load_document(complete_blueprint)
    (warning,) = find_warnings(document)
    assert warning.section == "goals" and "90.5" in warning.message
    assert [b for b in find_blockers(document) if "weight" in b.message] == []


@pytest.mark.parametrize("weights", [(None, None), (Decimal(50), Decimal(50))])
def test_weights_absent_or_adding_to_100_are_fine(complete_blueprint, chain, weights):
    chain["indicator"].weight = weights[0]
    chain["indicator"].save()
    factories.IndicatorFactory(goal=chain["goal"], number=2, weight=weights[1])
    assert find_warnings(load_document(complete_blueprint)) == []


def test_the_page_lists_blockers_and_warnings(world, complete_blueprint, chain, client_for):
    without_participation(complete_blueprint)
    chain["indicator"].weight = Decimal(60)
    chain["indicator"].save()
    bp_factories.MilestoneFactory(
        blueprint=complete_blueprint, project=chain["project"], due_date=datetime.date(2009, 1, 1)
    )
    page = client_for(world.editor).get(complete_blueprint.get_absolute_url()).content.decode()
    card = page.split('id="completeness"')[1].split("</section>")[0]
    assert "No participating agency" in card
    assert reverse("proposals:participation:hub", args=[complete_blueprint.pk]) in card
    assert "outside fiscal years 2548–2551" in card
    assert "add up to 60, not 100" in card and "it does not block submission" in card


def test_recording_participation_clears_the_checklist_at_once(
    world, complete_blueprint, client_for
):
    """The page (cached per reader on PostgreSQL) is stamped by the participation rows too."""
    from proposals.participation import inputs, workshops

    bp = without_participation(complete_blueprint)
    client = client_for(world.editor)
    assert "No participating agency" in client.get(bp.get_absolute_url()).content.decode()
    inputs.participant_add(user=world.editor, blueprint=bp, organisation=world.agency)
    page = client.get(bp.get_absolute_url()).content.decode()
    assert "No participating agency" not in page and "No brainstorming workshop" in page
    workshop = workshops.workshop_create(
        user=world.editor, blueprint=bp,
        values={"title": "ประชุมระดมสมอง", "starts_at": datetime.datetime(2005, 7, 12, 2, 30,
                tzinfo=datetime.UTC)},
    )  # fmt: skip
    invitee = workshops.workshop_invite(
        user=world.editor, workshop=workshop, organisation=world.agency
    )
    page = client.get(bp.get_absolute_url()).content.decode()
    assert "No brainstorming workshop" in page  # invited, not yet there
    workshops.invitee_set_attendance(user=world.editor, invitee=invitee, attendance="attended")
    page = client.get(bp.get_absolute_url()).content.decode()
    assert "No brainstorming workshop" not in page


def test_weights_are_shared_out_over_the_whole_strategic_issue(complete_blueprint, chain):
    """An indicator's weight is its share of the issue's score: 50 in each of two goals
    is a whole; 50 + 50 in each of two goals (200) is not."""
    chain["indicator"].weight = Decimal(50)
    chain["indicator"].save()
    other_goal = factories.GoalFactory(issue=chain["issue"], number=2)
    factories.IndicatorFactory(goal=other_goal, number=1, weight=Decimal(50))
    assert find_warnings(load_document(complete_blueprint)) == []

    factories.IndicatorFactory(goal=other_goal, number=2, weight=Decimal(50))
    (warning,) = find_warnings(load_document(complete_blueprint))
    assert "150" in warning.message
