"""The completeness check lists, with links, everything that blocks submission."""

import pytest
from django.urls import reverse
from django.utils import translation

from proposals.completeness import find_blockers
from proposals.models import Section, SectionStatus
from proposals.selectors import load_document
from strategies.models import IndicatorTarget, ProjectBudget
from tests import factories
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are compared in English; without this the result depended on the
    language an earlier test left active (Thai when this file ran alone)."""
    with translation.override("en"):
        yield


def blockers(blueprint):
    return find_blockers(load_document(blueprint))


def messages(blueprint):
    return [b.message for b in blockers(blueprint)]


def test_a_complete_blueprint_has_no_blocker(complete_blueprint):
    assert blockers(complete_blueprint) == []


def test_a_new_blueprint_lists_its_empty_sections(blueprint):
    found = blockers(blueprint)
    sections = {b.section for b in found}
    assert sections == {
        "diagnosis", "changes", "readiness", "risks", "success_factors", "participation"
    }  # fmt: skip
    assert "There is no change proposal yet." in messages(blueprint)
    # Every blocker links to the place where it is fixed.
    for blocker in found:
        assert blocker.url.startswith("/")


def test_indicator_without_every_years_target(complete_blueprint, chain):
    IndicatorTarget.objects.filter(
        indicator=chain["indicator"], fiscal_year__in=[2550, 2551]
    ).delete()
    (blocker,) = blockers(complete_blueprint)
    assert blocker.section == "goals"
    assert "2550, 2551" in blocker.message
    assert blocker.url == reverse(
        "proposals:row_edit", args=[complete_blueprint.pk, "indicator", chain["indicator"].pk]
    )


def test_goal_without_indicator_and_issue_without_goal(complete_blueprint, chain):
    factories.GoalFactory(issue=chain["issue"], number=2, title="เป้าประสงค์ที่ไม่มีตัวชี้วัด")
    assert any("has no indicator" in m for m in messages(complete_blueprint))


def test_change_proposal_without_responsible_agency(complete_blueprint):
    change = complete_blueprint.change_proposals.get()
    change.responsible_agency = None
    change.save()
    (blocker,) = blockers(complete_blueprint)
    assert blocker.section == "changes" and change.title in blocker.message
    assert blocker.url.endswith(f"/rows/change/{change.pk}/edit/")


def test_project_without_budget_or_lead_agency(complete_blueprint, chain):
    project = chain["project"]
    project.lead_agency = None
    project.save()
    ProjectBudget.objects.filter(project=project).update(amount=0)
    found = messages(complete_blueprint)
    assert any("has no lead agency" in m for m in found)
    assert any("has no budget" in m for m in found)


def test_unresolved_assignment(world, complete_blueprint):
    Section.objects.filter(blueprint=complete_blueprint, key="risks").update(
        assignee=world.agency, status=SectionStatus.SUBMITTED
    )
    (blocker,) = blockers(complete_blueprint)
    assert blocker.section == "risks"
    assert world.agency.name in blocker.message
    # Not the assign form: the agency may not open it (it used to lead them to a 403).
    assert blocker.url == complete_blueprint.get_absolute_url() + "#section-risks"
    Section.objects.filter(blueprint=complete_blueprint, key="risks").update(
        status=SectionStatus.ACCEPTED
    )
    assert blockers(complete_blueprint) == []


def test_missing_capital_and_swot_and_mitigation(complete_blueprint):
    complete_blueprint.readiness_items.filter(capital="information").delete()
    diagnosis = complete_blueprint.diagnosis
    diagnosis.threats = "  "
    diagnosis.save()
    risk = complete_blueprint.risks.get()
    risk.mitigation = ""
    risk.save()
    found = messages(complete_blueprint)
    assert len(found) == 3
    assert any("SWOT" in m for m in found)


def test_issue_not_aligned_links_to_the_action_plan(complete_blueprint, chain):
    chain["issue"].national_strategies.clear()
    (blocker,) = blockers(complete_blueprint)
    assert blocker.section == "header"
    assert blocker.url == reverse("strategies:issue_edit", args=[chain["issue"].pk])


def test_page_shows_the_blockers_with_links(world, blueprint, client_for):
    bp_factories.ChangeProposalFactory(blueprint=blueprint, title="ข้อเสนอไร้เจ้าภาพ")
    body = client_for(world.editor).get(blueprint.get_absolute_url()).content.decode()
    assert "Change proposal “ข้อเสนอไร้เจ้าภาพ” has no responsible agency." in body
    assert "Still to do before approval and submission" in body
