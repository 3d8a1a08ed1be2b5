"""Results across provinces: a cluster's roll-up and traceability from a national strategy
down to the provinces' indicators, projects and money (and from a project back up) — who
sees what, what the pages add up, and their query counts as provinces grow."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services as blueprint_services
from proposals.models import Blueprint
from proposals.monitoring.models import (
    IndicatorActual,
    ProjectProgress,
    ProjectSpend,
    ReportingPeriod,
)
from strategies.models import NationalGoal, NationalIndicator, Role
from tests import factories
from tests.conftest import ACTORS

D = datetime.date
Q1_DUE = D(2005, 1, 15)  # Q1 of 2548 locked long ago
SECRET = "ประเด็นที่ยังไม่ส่ง ก.พ.ร."


def cluster_url(cluster, year=2548):
    return reverse("proposals:monitoring:cluster", args=[cluster.pk]) + f"?year={year}"


def trace_url(strategy, year=2548):
    return reverse("proposals:monitoring:trace", args=[strategy.pk]) + f"?year={year}"


@pytest.fixture
def national_indicator(world):
    goal = NationalGoal.objects.create(
        strategy=world.national_strategy, number=1, title="ลดความยากจน"
    )
    return NationalIndicator.objects.create(goal=goal, name="สัดส่วนคนจน", unit="ร้อยละ")


@pytest.fixture
def cluster(world):
    """Chumphon's cluster (Surat Thani, the stranger's province, is not in it)."""
    return factories.ClusterMembershipFactory(province=world.province).cluster


def report(province, indicator, project, *, value, committed, disbursed, quarter=1):
    period, _ = ReportingPeriod.objects.get_or_create(
        province=province,
        fiscal_year=2548,
        quarter=quarter,
        defaults={"due_date": Q1_DUE + datetime.timedelta(days=91 * (quarter - 1))},
    )
    IndicatorActual.objects.create(indicator=indicator, period=period, value=Decimal(value))
    progress = ProjectProgress.objects.create(
        project=project, period=period, percent_complete=Decimal(25 * quarter)
    )
    ProjectSpend.objects.create(
        progress=progress,
        source="regular",
        committed=Decimal(committed),
        disbursed=Decimal(disbursed),
    )
    return period


def submit(issue, editor):
    """Mark ``issue`` as submitted to OPDC (what OPDC reads hangs on ``submitted_at``)."""
    blueprint = blueprint_services.blueprint_create(user=editor, issue=issue, fiscal_year=2548)
    Blueprint.objects.filter(pk=blueprint.pk).update(submitted_at=timezone.now())


def province_with_results(number, *, world, cluster, national_indicator, submitted=True):
    """Province ``number`` in ``cluster``: one issue aligned with the world's national
    strategy, an indicator serving ``national_indicator``, a project with budgets, Q1 of 2548
    reported and locked."""
    province = factories.ProvinceFactory(code=f"prov-{number}", name=f"จังหวัดทดสอบ{number}")
    factories.ClusterMembershipFactory(cluster=cluster, province=province)
    editor = factories.UserFactory(username=f"editor-{number}")
    factories.MembershipFactory(user=editor, organisation=province, role=Role.EDITOR)
    plan = factories.ActionPlanFactory(organisation=province, administration_plan=world.admin_plan)
    issue = factories.StrategicIssueFactory(plan=plan, number=1)
    issue.national_strategies.add(world.national_strategy)
    goal = factories.GoalFactory(issue=issue, number=1)
    indicator = factories.IndicatorFactory(goal=goal, number=1, name=f"ตัวชี้วัดจังหวัด{number}")
    indicator.national_indicators.add(national_indicator)
    for year in plan.years:
        factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=year)
    strategy = factories.StrategyFactory(issue=issue, number=1)
    project = factories.ProjectFactory(strategy=strategy, number=1, title=f"โครงการจังหวัด{number}")
    factories.ProjectBudgetFactory(project=project, fiscal_year=2548, amount=Decimal("1000000"))
    factories.ProjectBudgetFactory(
        project=project, fiscal_year=2549, source="ceo", amount=Decimal("400000")
    )
    report(province, indicator, project, value="4", committed="600000", disbursed="250000")
    if submitted:
        submit(issue, editor)
    return province


@pytest.fixture
def reported_world(world, chain, cluster, national_indicator):
    """Chumphon (issue 1 submitted, issue 2 not) and a second province of its cluster."""
    chain["indicator"].national_indicators.add(national_indicator)
    report(
        world.province,
        chain["indicator"],
        chain["project"],
        value="1",
        committed="500000",
        disbursed="100000",
    )
    submit(chain["issue"], world.editor)
    hidden = factories.StrategicIssueFactory(plan=world.plan, number=2, title=SECRET)
    hidden.national_strategies.add(world.national_strategy)
    hidden_goal = factories.GoalFactory(issue=hidden, number=1, title=SECRET)
    factories.IndicatorFactory(goal=hidden_goal, number=1, name=SECRET)
    partner = province_with_results(
        2, world=world, cluster=cluster, national_indicator=national_indicator
    )
    return partner


# --- who sees what ---------------------------------------------------------------------------

CLUSTER_GET = {
    "editor": 200,
    "contributor": 200,
    "viewer": 200,
    "reviewer": 200,
    "stranger": 404,  # Surat Thani is not in Chumphon's cluster
    "admin": 200,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_cluster_access_matrix(world, cluster, client_for, actor):
    response = client_for(world.actor(actor)).get(cluster_url(cluster))
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == CLUSTER_GET[actor]
    # State changes: none on this page.
    if actor != "anonymous":
        assert client_for(world.actor(actor)).post(cluster_url(cluster)).status_code == 405


def test_a_province_that_joined_after_the_year_began_is_not_a_member(world, cluster, client_for):
    factories.ClusterMembershipFactory(
        cluster=cluster, province=world.other_province, start_date=D(2004, 10, 2)
    )
    response = client_for(world.stranger).get(cluster_url(cluster))
    assert response.status_code == 404
    assert client_for(world.stranger).get(cluster_url(cluster, 2549)).status_code == 200


def test_an_unknown_or_non_cluster_id_is_404(world, client_for):
    client = client_for(world.admin)
    assert client.get(cluster_url(world.province)).status_code == 404
    assert client.get(reverse("proposals:monitoring:cluster", args=[99999])).status_code == 404


TRACE_GET = {
    "editor": 403,
    "contributor": 403,
    "viewer": 403,
    "reviewer": 200,
    "stranger": 403,
    "admin": 200,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_trace_access_matrix(world, client_for, actor):
    response = client_for(world.actor(actor)).get(trace_url(world.national_strategy))
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == TRACE_GET[actor]
        assert client_for(world.actor(actor)).post(
            trace_url(world.national_strategy)
        ).status_code in {
            403,
            405,
        }


def test_trace_of_an_unknown_strategy_is_404(world, client_for):
    url = reverse("proposals:monitoring:trace", args=[99999])
    assert client_for(world.reviewer).get(url).status_code == 404


# --- the cluster's roll-up -------------------------------------------------------------------


def test_the_cluster_side_by_side(world, chain, reported_world, cluster, client_for):
    response = client_for(world.reviewer).get(cluster_url(cluster))
    data = response.context["data"]
    by_name = {col.province.name: col for col in data.members}
    chumphon, partner = by_name[world.province.name], by_name[reported_world.name]
    # The chain's indicator (target 3, 1 reported by Q1: 0.75 expected) is off track; OPDC
    # sees only Chumphon's submitted issue 1, not issue 2's indicator.
    assert (chumphon.quarter, chumphon.indicators, chumphon.counts["off_track"]) == (1, 1, 1)
    assert (partner.quarter, partner.indicators, partner.counts["on_track"]) == (1, 1, 1)
    assert chumphon.budget == Decimal("1500000") and partner.budget == Decimal("1000000")
    assert (chumphon.committed, chumphon.disbursed) == (Decimal("500000"), Decimal("100000"))
    assert (data.budget, data.committed, data.disbursed) == (
        Decimal("2500000"),
        Decimal("1100000"),
        Decimal("350000"),
    )
    # The same national indicator, measured by both provinces, compared.
    [shared] = data.shared
    assert shared.national.name == "สัดส่วนคนจน"
    assert [[cell.result for cell in cells] for cells in shared.cells] == [
        [Decimal("1")] if col.province == world.province else [Decimal("4")] for col in data.members
    ]
    text = response.content.decode()
    assert "สัดส่วนคนจน" in text and SECRET not in text


def test_a_province_reads_itself_whole_and_its_partners_as_submitted(
    world, chain, reported_world, cluster, client_for
):
    own = client_for(world.editor).get(cluster_url(cluster)).context["data"]
    chumphon = next(col for col in own.members if col.province == world.province)
    assert chumphon.full and chumphon.indicators == 2  # issue 2's indicator too

    partner_editor = factories.UserFactory(username="partner")
    factories.MembershipFactory(user=partner_editor, organisation=reported_world, role=Role.EDITOR)
    response = client_for(partner_editor).get(cluster_url(cluster))
    seen = next(c for c in response.context["data"].members if c.province == world.province)
    assert not seen.full and seen.indicators == 1
    assert SECRET not in response.content.decode()


def test_quarters_still_open_are_not_rolled_up(world, chain, cluster, client_for):
    ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=D(2099, 1, 1)
    )
    data = client_for(world.editor).get(cluster_url(cluster)).context["data"]
    assert data.members[0].quarter is None and data.members[0].counts["no_data"] == 1


# --- traceability ----------------------------------------------------------------------------


def test_trace_from_the_national_strategy_to_the_money(
    world, chain, reported_world, national_indicator, client_for
):
    response = client_for(world.reviewer).get(trace_url(world.national_strategy))
    data = response.context["data"]
    assert [row.province for row in data.provinces] == sorted(
        [world.province, reported_world], key=lambda p: p.name
    )
    chumphon = next(row for row in data.provinces if row.province == world.province)
    [issue] = chumphon.issues  # issue 2 was never submitted: OPDC does not see it
    [goal] = issue.goals
    [line] = goal.indicators
    assert line.verdict.status == "off_track" and line.national == [national_indicator]
    [project] = issue.projects
    assert project.budget_by_year == {2548: Decimal("1500000")}
    assert (project.committed, project.disbursed) == (Decimal("500000"), Decimal("100000"))
    assert data.budget_by_year == {2548: Decimal("2500000"), 2549: Decimal("400000")}
    assert data.budget_by_source == {"regular": Decimal("2500000")}
    assert (data.committed, data.disbursed) == (Decimal("1100000"), Decimal("350000"))
    text = response.content.decode()
    assert SECRET not in text and "สัดส่วนคนจน" in text and "2,500,000" in text


def test_the_superuser_traces_every_issue(world, chain, reported_world, client_for):
    data = client_for(world.admin).get(trace_url(world.national_strategy)).context["data"]
    chumphon = next(row for row in data.provinces if row.province == world.province)
    assert [item.issue.title for item in chumphon.issues][1] == SECRET


def test_a_project_shows_the_chain_up_to_the_national_strategy(
    world, chain, reported_world, client_for
):
    board = reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    period = ReportingPeriod.objects.get(province=world.province, quarter=1)
    progress = reverse("proposals:monitoring:progress", args=[period.pk, chain["project"].pk])
    strategy = world.national_strategy
    for user, link in [
        (world.reviewer, trace_url(strategy)),
        (world.editor, strategy.get_absolute_url()),
    ]:
        for url in (board, progress):
            text = client_for(user).get(url).content.decode()
            assert f'href="{link}"'.replace("&", "&amp;") in text, (user, url)
            assert chain["strategy"].title in text


# --- traceability: a page of provinces, or one cluster ---------------------------------------


def trace_names(response):
    return [row.province.name for row in response.context["data"].provinces]


@pytest.fixture
def country(world, chain, reported_world, cluster, national_indicator):
    """Twelve provinces aligned with the national strategy: Chumphon, its partner and ten
    more, the last two in a cluster of their own."""
    other = factories.OrganisationFactory(kind="cluster", name="กลุ่มจังหวัดทดสอบอื่น")
    provinces = [world.province, reported_world]
    for number in range(3, 13):
        provinces.append(
            province_with_results(
                number,
                world=world,
                cluster=other if number > 10 else cluster,
                national_indicator=national_indicator,
            )
        )
    return provinces, other


def test_the_trace_pages_through_the_provinces_ten_at_a_time_by_name(world, country, client_for):
    provinces, _other = country
    by_name = [p.name for p in sorted(provinces, key=lambda p: (p.name, p.pk))]
    client = client_for(world.reviewer)
    first = client.get(trace_url(world.national_strategy))
    second = client.get(trace_url(world.national_strategy) + "&page=2")
    assert trace_names(first) == by_name[:10] and trace_names(second) == by_name[10:]
    assert first.context["page"].paginator.count == 12
    text = second.content.decode()
    assert "Across the provinces of this page: 11–12 of 12" in text
    assert "12 provinces align a strategic issue with this strategy." in text
    # The pager keeps the year (and any filter): the address can be shared.
    assert "?year=2548&amp;page=1" in text
    # The sums are of the provinces shown.
    data = second.context["data"]
    assert data.budget_by_year[2548] == sum(row.budget for row in data.provinces)
    assert data.budget_by_year[2548] < first.context["data"].budget_by_year[2548]


def test_the_trace_of_one_cluster(world, country, client_for):
    provinces, other = country
    response = client_for(world.reviewer).get(
        trace_url(world.national_strategy) + f"&cluster={other.pk}"
    )
    data = response.context["data"]
    assert data.cluster == other
    assert sorted(trace_names(response)) == sorted(p.name for p in provinces[10:])
    assert all(row.clusters == [other] for row in data.provinces)
    text = response.content.decode()
    assert f'<option value="{other.pk}" selected>' in text
    assert "2 provinces of the cluster align a strategic issue with this strategy." in text


def test_a_cluster_shows_only_what_opdc_reads(world, country, cluster, client_for):
    # Chumphon's issue 2 was never submitted: not in the cluster's trace either.
    response = client_for(world.reviewer).get(
        trace_url(world.national_strategy) + f"&cluster={cluster.pk}"
    )
    assert world.province.name in trace_names(response)
    assert SECRET not in response.content.decode()
    # A province none of whose aligned issues was submitted is not listed at all.
    hidden = factories.ProvinceFactory(code="prov-hidden", name="จังหวัดที่ยังไม่ส่ง")
    factories.ClusterMembershipFactory(cluster=cluster, province=hidden)
    plan = factories.ActionPlanFactory(organisation=hidden, administration_plan=world.admin_plan)
    issue = factories.StrategicIssueFactory(plan=plan, number=1, title=SECRET)
    issue.national_strategies.add(world.national_strategy)
    response = client_for(world.reviewer).get(
        trace_url(world.national_strategy) + f"&cluster={cluster.pk}"
    )
    assert hidden.name not in response.content.decode()
    admin = client_for(world.admin).get(
        trace_url(world.national_strategy) + f"&cluster={cluster.pk}"
    )
    assert hidden.name in trace_names(admin)


def test_the_gaps_of_a_page_are_flagged_on_it(world, country, client_for):
    provinces, _other = country
    last = sorted(provinces, key=lambda p: (p.name, p.pk))[-1]
    from strategies.models import IndicatorTarget, Project

    Project.objects.update(lead_agency=world.agency)
    IndicatorTarget.objects.filter(indicator__goal__issue__plan__organisation=last).delete()
    Project.objects.filter(strategy__issue__plan__organisation=last).update(lead_agency=None)
    client = client_for(world.reviewer)
    second = client.get(trace_url(world.national_strategy) + "&page=2")
    row = next(r for r in second.context["data"].provinces if r.province == last)
    assert (row.gaps.no_target, row.gaps.no_lead) == (1, 1)
    text = second.content.decode()
    assert "Gaps in the chain" in text
    assert "1 indicator with no target, 1 project with no lead agency" in text
    assert (
        "Gaps in the chain" not in client.get(trace_url(world.national_strategy)).content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        "&page=0",
        "&page=3",
        "&page=abc",
        "&page=-1",
        "&page=",
        "&page=1.5",
        "&page=" + "9" * 30,
        "&cluster=abc",
        "&cluster=99999",
        "&cluster=" + "9" * 30,
    ],
)
def test_a_page_or_cluster_that_does_not_exist_is_404(world, country, client_for, query):
    response = client_for(world.reviewer).get(trace_url(world.national_strategy) + query)
    assert response.status_code == 404


def test_a_province_is_not_a_cluster_and_a_bad_year_falls_back(world, country, client_for):
    client = client_for(world.reviewer)
    url = trace_url(world.national_strategy)
    assert client.get(url + f"&cluster={world.province.pk}").status_code == 404
    response = client.get(reverse("proposals:monitoring:trace", args=[world.national_strategy.pk]))
    assert response.status_code == 200 and response.context["fiscal_year"] == 2548
    assert client.get(url.replace("2548", "abc")).status_code == 200


@pytest.mark.parametrize("actor", ACTORS)
def test_the_filters_change_nothing_of_who_may_trace(world, country, cluster, client_for, actor):
    url = trace_url(world.national_strategy) + f"&cluster={cluster.pk}&page=1"
    response = client_for(world.actor(actor)).get(url)
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        # Province people, even of the cluster asked for, have their board and the cluster's
        # roll-up, not OPDC's national pages.
        assert response.status_code == TRACE_GET[actor]
    # A stranger to the province still meets 404 on its board, wherever they come from.
    board = reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    if actor == "stranger":
        assert client_for(world.stranger).get(board).status_code == 404


# --- query counts ----------------------------------------------------------------------------


def counts(client, urls):
    result = []
    for url in urls:
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        result.append(len(ctx.captured_queries))
    return result


CLUSTER_QUERIES = 14
TRACE_QUERIES = 18


def test_query_counts_do_not_grow_with_the_provinces(
    world, chain, reported_world, cluster, national_indicator, client_for
):
    client = client_for(world.reviewer)
    trace = trace_url(world.national_strategy)
    urls = [cluster_url(cluster), trace, f"{trace}&cluster={cluster.pk}"]
    small = counts(client, urls)
    for number in range(3, 15):
        province_with_results(
            number, world=world, cluster=cluster, national_indicator=national_indicator
        )
    large = counts(client, urls)
    data = client.get(urls[0]).context["data"]
    assert len(data.members) == 14 and len(data.shared[0].cells) == 14
    assert len(client.get(urls[1]).context["data"].provinces) == 10  # a page of them
    assert len(client.get(urls[2]).context["data"].provinces) == 10
    assert counts(client, [f"{trace}&page=2"]) == [TRACE_QUERIES]
    assert small == large == [CLUSTER_QUERIES, TRACE_QUERIES, TRACE_QUERIES]
