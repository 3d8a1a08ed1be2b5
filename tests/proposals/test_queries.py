"""The Blueprint page keeps a constant number of queries as its sections grow from 1 to 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Capital, Section
from proposals.rows import KINDS
from tests import factories
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db

# The Blueprint page when nothing is cached: on PostgreSQL one of them is the page's stamp,
# and the Blueprint is read alone (enough for a cached page) before its cascade; one lists
# its attachments (the signed approval page for the checklist is found among them), one reads
# the participation record the readiness checklist reads, one the year results of its
# indicators (shown under each target).
MAX_QUERIES = 34


def grow(world, blueprint, chain, n, start):
    """Add ``n`` rows to every section (goals with indicators and targets, projects with
    budgets, agencies, activities and milestones, and every Blueprint row kind)."""
    issue = chain["issue"]
    for i in range(start, start + n):
        goal = factories.GoalFactory(issue=issue, number=100 + i)
        indicator = factories.IndicatorFactory(goal=goal, number=1, owner=world.agency)
        for year in world.plan.years:
            factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=year)
        project = factories.ProjectFactory(
            strategy=chain["strategy"], number=100 + i, lead_agency=world.agency
        )
        project.supporting_agencies.add(world.agency)
        factories.ProjectBudgetFactory(project=project, fiscal_year=2549)
        bp_factories.ActivityFactory(
            blueprint=blueprint, project=project, responsible_agency=world.agency
        )
        bp_factories.MilestoneFactory(blueprint=blueprint, project=project)
        bp_factories.ChangeProposalFactory(
            blueprint=blueprint, responsible_agency=world.agency, indicator=indicator
        )
        bp_factories.ReadinessItemFactory(blueprint=blueprint, capital=list(Capital)[i % 3])
        bp_factories.RiskFactory(blueprint=blueprint, owner=world.agency)
        bp_factories.SuccessFactorFactory(blueprint=blueprint)
        # A history that grows too.
        change = blueprint.change_proposals.latest("pk")
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
            values={"gap": f"ช่องว่างที่ {i}"}, version=change.version,
        )  # fmt: skip


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("actor", ["editor", "contributor", "viewer"])
def test_blueprint_page_constant_from_1_to_50_rows(
    actor, world, blueprint, chain, client_for, django_assert_max_num_queries
):
    Section.objects.filter(blueprint=blueprint, key="changes").update(assignee=world.agency)
    client = client_for(world.actor(actor))
    url = blueprint.get_absolute_url()
    grow(world, blueprint, chain, 1, start=0)
    small = count(client, url)
    grow(world, blueprint, chain, 49, start=1)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count(client, url)
    assert small == large, (small, large)
    page = client.get(url).content.decode()
    assert page.count('id="change-') == 50
    assert page.count('id="project-') == 51


def test_history_and_compare_pages_constant(world, blueprint, chain, client_for):
    client = client_for(world.editor)
    grow(world, blueprint, chain, 1, start=0)
    history_url = reverse("proposals:section_history", args=[blueprint.pk, "changes"])
    diff_url = reverse("proposals:section_diff", args=[blueprint.pk, "changes"])
    small = (count(client, history_url), count(client, diff_url + "?all=1&a=1&b=3"))
    grow(world, blueprint, chain, 49, start=1)
    large = (count(client, history_url), count(client, diff_url + "?all=1&a=1&b=3"))
    assert small == large


def test_list_page_constant(world, chain, client_for):
    client = client_for(world.admin)
    url = reverse("proposals:list")
    services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2548)
    small = count(client, url)
    for number in range(2, 30):
        issue = factories.StrategicIssueFactory(plan=world.plan, number=number)
        services.blueprint_create(user=world.editor, issue=issue, fiscal_year=2549)
    assert count(client, url) == small
