"""The monitoring pages: who may see and do what (the access matrix), entering through the
web, the board's statuses and its query count."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from proposals.monitoring import services
from proposals.monitoring.models import (
    ActualRevision,
    Evidence,
    IndicatorActual,
    ProjectProgress,
    ReportingPeriod,
)
from tests import factories
from tests.attachments.conftest import PDF
from tests.conftest import ACTORS

D = datetime.date
FAR = D(2099, 1, 1)  # a due date that keeps the period open whatever today is


@pytest.fixture
def open_period(world, chain):
    return ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=FAR, opened_by=world.editor
    )


@pytest.fixture
def locked_period(world, chain):
    return ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=2, due_date=D(2005, 4, 15)
    )


def urls(world, chain, period):
    indicator, project = chain["indicator"], chain["project"]
    return {
        "board": reverse("proposals:monitoring:board", args=[world.province.pk]),
        "period_open": reverse("proposals:monitoring:period_open", args=[world.province.pk]),
        "period_edit": reverse("proposals:monitoring:period_edit", args=[period.pk]),
        "actual": reverse("proposals:monitoring:actual", args=[period.pk, indicator.pk]),
        "progress": reverse("proposals:monitoring:progress", args=[period.pk, project.pk]),
        "target_change": reverse("proposals:monitoring:target_change", args=[indicator.pk]),
    }


# What each actor gets on GET: the pages of an open (unlocked) period.
GET_MATRIX = {
    "board": {
        "editor": 200,
        "contributor": 200,
        "viewer": 200,
        "reviewer": 404,
        "stranger": 404,
        "admin": 200,
    },
    "period_open": {
        "editor": 200,
        "contributor": 403,
        "viewer": 403,
        "reviewer": 404,
        "stranger": 404,
        "admin": 200,
    },
    "period_edit": {
        "editor": 200,
        "contributor": 403,
        "viewer": 403,
        "reviewer": 404,
        "stranger": 404,
        "admin": 200,
    },
    "actual": {
        "editor": 200,
        "contributor": 200,
        "viewer": 200,
        "reviewer": 404,
        "stranger": 404,
        "admin": 200,
    },
    "progress": {
        "editor": 200,
        "contributor": 200,
        "viewer": 200,
        "reviewer": 404,
        "stranger": 404,
        "admin": 200,
    },
    "target_change": {
        "editor": 200,
        "contributor": 200,
        "viewer": 403,
        "reviewer": 404,
        "stranger": 404,
        "admin": 200,
    },
}


@pytest.mark.parametrize("page", list(GET_MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_get_matrix(world, chain, open_period, client_for, page, actor):
    response = client_for(world.actor(actor)).get(urls(world, chain, open_period)[page])
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == GET_MATRIX[page][actor]


# POSTing a value: who changes it (302 after saving) and who is refused — with nothing saved.
POST_ACTUAL = {
    "editor": 302,
    "contributor": 302,
    "viewer": 403,
    "reviewer": 404,
    "stranger": 404,
    "admin": 302,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_post_actual_matrix(world, chain, open_period, client_for, actor):
    url = urls(world, chain, open_period)["actual"]
    response = client_for(world.actor(actor)).post(url, {"value": "42", "note": "ผลไตรมาสแรก"})
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert not IndicatorActual.objects.exists()
        return
    assert response.status_code == POST_ACTUAL[actor]
    assert IndicatorActual.objects.filter(value=42).exists() == (POST_ACTUAL[actor] == 302)


def test_another_agency_of_the_province_may_not_enter_this_agencys_indicator(
    world, chain, open_period, client_for, second
):
    page = urls(world, chain, open_period)
    client = client_for(second.contributor)
    assert client.get(page["board"]).status_code == 200  # it reads the province's results
    assert client.post(page["actual"], {"value": "1"}).status_code == 403
    assert client.post(page["progress"], {"percent_complete": "10"}).status_code == 403
    assert not IndicatorActual.objects.exists() and not ProjectProgress.objects.exists()


@pytest.mark.parametrize("actor", ["contributor", "viewer", "reviewer", "stranger"])
def test_only_the_office_opens_and_reopens_periods(
    world, chain, locked_period, client_for, actor, submitted_blueprint
):
    client = client_for(world.actor(actor))
    post = client.post(
        reverse("proposals:monitoring:period_open", args=[world.province.pk]),
        {"fiscal_year": 2548, "quarter": 3, "due_date": "2005-07-15", "grace_days": 7},
    )
    assert post.status_code in {403, 404}
    reopen = client.post(
        reverse("proposals:monitoring:period_reopen", args=[locked_period.pk]),
        {"until": "2099-01-01", "reason": "x"},
    )
    assert reopen.status_code in {403, 404}
    assert ReportingPeriod.objects.count() == 1
    assert not locked_period.reopenings.exists()


def test_the_office_opens_a_quarter_with_a_buddhist_era_due_date(
    world, chain, open_period, client_for
):
    client = client_for(world.editor)
    url = reverse("proposals:monitoring:period_open", args=[world.province.pk]) + "?year=2548"
    page = client.get(url).content.decode()
    # The house's B.E. field and calendar, not the browser's Common Era date input; it offers
    # the next quarter not yet open (Q1 is) and a due date two weeks after it ends.
    assert 'type="date"' not in page and "data-be-date" in page
    assert 'value="15/01/2548"' not in page and 'value="15/04/2548"' in page
    bad = client.post(url, {"fiscal_year": 2548, "quarter": 2, "due_date": "31/02/2548"})
    assert bad.status_code == 400 and 'value="31/02/2548"' in bad.content.decode()
    assert ReportingPeriod.objects.count() == 1
    client.post(url, {"fiscal_year": 2548, "quarter": 2, "due_date": "15/4/2548", "grace_days": 7})
    assert ReportingPeriod.objects.get(quarter=2).due_date == D(2005, 4, 15)
    edit = reverse("proposals:monitoring:period_edit", args=[open_period.pk])
    assert 'value="01/01/2642"' in client.get(edit).content.decode()  # FAR, in B.E.


def test_opdc_reads_only_submitted_issues_and_locked_periods(
    world, chain, open_period, locked_period, client_for, submitted_blueprint
):
    client = client_for(world.reviewer)
    board = client.get(
        reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    )
    assert board.status_code == 200
    text = board.content.decode()
    assert chain["indicator"].name in text
    assert board.context["board"].periods == {2: locked_period}  # not the open Q1
    assert client.get(urls(world, chain, open_period)["actual"]).status_code == 404
    locked = reverse("proposals:monitoring:actual", args=[locked_period.pk, chain["indicator"].pk])
    assert client.get(locked).status_code == 200
    assert client.post(locked, {"value": "1"}).status_code == 403


def test_opdc_does_not_see_an_issue_never_submitted(
    world, chain, locked_period, client_for, submitted_blueprint
):
    hidden_issue = factories.StrategicIssueFactory(plan=world.plan, number=2)
    goal = factories.GoalFactory(issue=hidden_issue, number=1)
    hidden = factories.IndicatorFactory(
        goal=goal, number=1, name="ตัวชี้วัดที่ยังไม่ส่ง", owner=world.agency
    )
    client = client_for(world.reviewer)
    board = client.get(
        reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    )
    assert "ตัวชี้วัดที่ยังไม่ส่ง" not in board.content.decode()
    url = reverse("proposals:monitoring:actual", args=[locked_period.pk, hidden.pk])
    assert client.get(url).status_code == 404
    # Its members see it.
    assert (
        "ตัวชี้วัดที่ยังไม่ส่ง"
        in client_for(world.viewer)
        .get(reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548")
        .content.decode()
    )


def test_an_element_of_another_province_is_not_found_through_this_period(
    world, chain, open_period, client_for
):
    other_issue = factories.StrategicIssueFactory(plan=world.other_plan, number=1)
    other = factories.IndicatorFactory(
        goal=factories.GoalFactory(issue=other_issue, number=1), number=1
    )
    url = reverse("proposals:monitoring:actual", args=[open_period.pk, other.pk])
    assert client_for(world.editor).get(url).status_code == 404
    assert client_for(world.editor).post(url, {"value": "1"}).status_code == 404


def test_entering_through_the_web_keeps_typed_input_on_errors_and_refuses_stale_saves(
    world, chain, open_period, client_for
):
    client = client_for(world.contributor)
    url = urls(world, chain, open_period)["actual"]
    bad = client.post(url, {"value": "12,5x", "note": "หมายเหตุที่พิมพ์ไว้"})
    assert bad.status_code == 400
    assert "หมายเหตุที่พิมพ์ไว้" in bad.content.decode()
    assert client.post(url, {"value": "10", "note": "แรก"}).status_code == 302
    client_for(world.editor).post(url, {"value": "11", "note": "สำนักงานแก้", "version": "1"})
    stale = client_for(world.contributor).post(
        url, {"value": "12", "note": "ของฉัน", "version": "1"}
    )
    assert stale.status_code == 409
    assert "ของฉัน" in stale.content.decode()
    assert IndicatorActual.objects.get().value == 11
    assert ActualRevision.objects.count() == 2


def test_evidence_is_uploaded_and_downloaded_as_stored(world, chain, open_period, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.contributor)
    page = urls(world, chain, open_period)
    client.post(page["actual"], {"value": "10"})
    response = client.post(
        reverse("proposals:monitoring:evidence_add", args=[open_period.pk, chain["indicator"].pk]),
        {
            "title": "ทะเบียนเกษตรกร",
            "file": SimpleUploadedFile("register.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("proposals:monitoring:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and download.content == PDF
    assert (
        client_for(world.stranger)
        .get(reverse("proposals:monitoring:evidence", args=[evidence.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(world.reviewer)
        .get(reverse("proposals:monitoring:evidence", args=[evidence.pk]))
        .status_code
        == 404
    )


def test_get_never_changes_anything(world, chain, open_period, client_for):
    client = client_for(world.editor)
    for url in urls(world, chain, open_period).values():
        client.get(url, {"value": "5", "quarter": "2", "fiscal_year": "2548"})
    assert not IndicatorActual.objects.exists() and ReportingPeriod.objects.count() == 1


def test_the_board_shows_status_rule_and_sparkline(world, chain, client_for):
    indicator = chain["indicator"]
    indicator.accumulation = "cumulative"
    indicator.save()
    periods = [
        ReportingPeriod.objects.create(
            province=world.province, fiscal_year=2548, quarter=q, due_date=FAR
        )
        for q in (1, 2)
    ]
    target = indicator.targets.get(fiscal_year=2548).value
    for period, share in zip(periods, ("0.25", "0.10"), strict=True):
        services.actual_save(
            user=world.editor, indicator=indicator, period=period, value=target * Decimal(share)
        )
    response = client_for(world.viewer).get(
        reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    )
    line = response.context["board"].indicators[0]
    assert [c.verdict.status for c in line.cells[:2]] == ["on_track", "off_track"]
    text = response.content.decode()
    assert "<svg" in text and "Off track" in text and "year target" in text


@pytest.mark.parametrize("count", [1, 20])
def test_the_board_queries_do_not_grow_with_the_plan(
    world, chain, client_for, django_assert_max_num_queries, count
):
    goal = chain["goal"]
    for number in range(2, count + 1):
        indicator = factories.IndicatorFactory(goal=goal, number=number, owner=world.agency)
        factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=2548)
    for q in (1, 2, 3):
        period = ReportingPeriod.objects.create(
            province=world.province, fiscal_year=2548, quarter=q, due_date=FAR
        )
        for indicator in goal.indicators.all():
            IndicatorActual.objects.create(indicator=indicator, period=period, value=q)
    client = client_for(world.contributor)
    url = reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert len(response.context["board"].indicators) == count
