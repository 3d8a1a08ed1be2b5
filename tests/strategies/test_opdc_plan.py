"""What OPDC reads of a province's action plan (``strategies/access.py``).

Chumphon's plan has issue 1, whose Blueprint was submitted to OPDC, and issue 2, on
which the province is still working. Every page, list and export that shows plans or
cascade rows shows OPDC issue 1 and nothing of issue 2; the province reads both.
"""

import html
import io
import zipfile

import pytest
from django.urls import reverse

from strategies import access, visibility
from strategies.models import ActionPlan, StrategicIssue
from tests import factories
from tests.conftest import ACTORS
from tests.strategies.conftest import submit_issue

pytestmark = pytest.mark.django_db

CANARY = "ร่างแผนที่ยังไม่ส่ง-PLANCANARY"
FILED = "แผนที่ส่งแล้ว-FILED"


@pytest.fixture
def plan(world):
    """Issue 1 (submitted) and issue 2 (not submitted), each with a whole chain."""
    heading = world.admin_plan.statement.headings.create(number=1, title="นโยบาย")
    world.national_strategy.policy_headings.add(heading)
    issues = {}
    for number, text in [(1, FILED), (2, CANARY)]:
        issue = factories.StrategicIssueFactory(
            plan=world.plan, number=number, title=f"ประเด็น {text}", description=text
        )
        issue.national_strategies.add(world.national_strategy)
        goal = factories.GoalFactory(issue=issue, number=1, title=f"เป้าประสงค์ {text}")
        indicator = factories.IndicatorFactory(
            goal=goal, number=1, name=f"ตัวชี้วัด {text}", owner=world.agency
        )
        factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=world.plan.start_year)
        strategy = factories.StrategyFactory(issue=issue, number=1, title=f"กลยุทธ์ {text}")
        factories.ProjectFactory(strategy=strategy, number=1, title=f"โครงการ {text}")
        issues[number] = issue
    submit_issue(issues[1])
    return {"plan": world.plan, "heading": heading, "issues": issues}


def text_of(response):
    body = response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            # Cells may hold Thai as character references (&#3649;): read them as text.
            return "\n".join(
                html.unescape(archive.read(n).decode("utf-8", "replace"))
                for n in archive.namelist()
            )
    return body.decode()


def pages(world, plan):
    yield reverse("home")
    yield reverse("strategies:plan_list")
    yield reverse("strategies:plan_detail", args=[plan["plan"].pk])
    yield reverse("strategies:plan_cascade", args=[plan["plan"].pk])
    yield reverse("strategies:heading_detail", args=[plan["heading"].pk])
    yield reverse("strategies:natstrategy_detail", args=[world.national_strategy.pk])
    yield reverse("excel:plan_export", args=[plan["plan"].pk])
    issue = plan["issues"][1]
    yield reverse("strategies:issue_detail", args=[issue.pk])
    yield reverse("strategies:goal_detail", args=[issue.goals.get().pk])
    yield reverse("strategies:strategy_detail", args=[issue.strategies.get().pk])


def test_opdc_reads_the_submitted_issue_and_nothing_of_the_other(world, plan, client_for):
    client = client_for(world.reviewer)
    for url in pages(world, plan):
        response = client.get(url)
        assert response.status_code == 200, url
        body = text_of(response)
        assert CANARY not in body, url
        assert FILED in body or url in {reverse("home"), reverse("strategies:plan_list")}, url
        if url == reverse("strategies:plan_list"):
            assert plan["plan"].get_absolute_url() in body


def test_the_province_reads_both_issues(world, plan, client_for):
    client = client_for(world.viewer)
    for url in pages(world, plan):
        if url in {reverse("home"), reverse("strategies:plan_list")}:
            continue
        body = text_of(client.get(url))
        assert FILED in body, url
        if "issue" not in url and "goal" not in url and "strategy" not in url:
            assert CANARY in body, url


def test_opdc_is_a_stranger_to_everything_under_the_unsubmitted_issue(world, plan, client_for):
    issue = plan["issues"][2]
    goal = issue.goals.get()
    strategy = issue.strategies.get()
    rows = {
        "issue": issue,
        "goal": goal,
        "indicator": goal.indicators.get(),
        "strategy": strategy,
        "project": strategy.projects.get(),
    }
    client = client_for(world.reviewer)
    for kind, row in rows.items():
        for name in (f"strategies:{kind}_detail", f"strategies:{kind}_edit"):
            assert client.get(reverse(name, args=[row.pk])).status_code == 404, name
        assert client.post(reverse(f"strategies:{kind}_delete", args=[row.pk])).status_code == 404
    for kind, parent in [("goal", issue), ("strategy", issue), ("project", strategy)]:
        url = reverse(f"strategies:{kind}_create", args=[parent.pk])
        assert client.post(url, {}).status_code == 404
    assert StrategicIssue.objects.filter(pk=issue.pk).exists()


@pytest.mark.parametrize("status", ["submitted", "returned", "accepted"])
def test_every_submitted_state_counts(world, plan, client_for, status):
    issue = plan["issues"][2]
    submit_issue(issue, status=status)
    url = reverse("strategies:issue_detail", args=[issue.pk])
    assert client_for(world.reviewer).get(url).status_code == 200


def test_a_plan_with_nothing_submitted_is_not_listed_nor_opened(world, plan, client_for):
    client = client_for(world.reviewer)
    other = world.other_plan
    factories.StrategicIssueFactory(plan=other, number=1, title=CANARY)
    for url in (reverse("home"), reverse("strategies:plan_list")):
        assert other.get_absolute_url() not in client.get(url).content.decode()
    for name in ("strategies:plan_detail", "strategies:plan_cascade", "excel:plan_export"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_a_cluster_plan_stays_readable_to_opdc(world, client_for):
    cluster = factories.OrganisationFactory(code="cluster-south", kind="cluster", name="กลุ่ม")
    cluster_plan = factories.ActionPlanFactory(
        organisation=cluster, administration_plan=world.admin_plan
    )
    issue = factories.StrategicIssueFactory(plan=cluster_plan, number=1)
    client = client_for(world.reviewer)
    assert client.get(cluster_plan.get_absolute_url()).status_code == 200
    assert client.get(issue.get_absolute_url()).status_code == 200
    assert client_for(world.editor).get(issue.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_the_filter_and_the_single_check_agree(world, plan, actor):
    """``issues_q`` (lists) and ``can_read_issue`` (one page) are the same rule."""
    factories.StrategicIssueFactory(plan=world.other_plan, number=1)
    user = world.actor(actor) or _anonymous()
    visible = set(StrategicIssue.objects.visible_to(user).values_list("pk", flat=True))
    for issue in StrategicIssue.objects.select_related("plan__organisation"):
        assert access.can_read_issue(user, issue) == (issue.pk in visible), (actor, issue)
    plans = set(ActionPlan.objects.visible_to(user).values_list("pk", flat=True))
    assert plans == {
        p.pk
        for p in ActionPlan.objects.select_related("organisation")
        if access.reads_whole_plan(user, p) or p.issues.filter(pk__in=visible).exists()
    }


def test_nothing_registered_means_opdc_reads_no_province_plan(world, plan, monkeypatch):
    monkeypatch.setattr(visibility, "_submitted_issues", None)
    assert not StrategicIssue.objects.visible_to(world.reviewer).exists()
    assert not ActionPlan.objects.visible_to(world.reviewer).exists()
    assert StrategicIssue.objects.visible_to(world.viewer).count() == 2


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
