"""Year results in the Blueprint: under each target on the page, in the PDF and in the
submitted snapshot (as evidence), and the checklist's advice on a year gone by without one."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from proposals import completeness, edition, selectors, services
from proposals.monitoring.models import IndicatorActual, ReportingPeriod
from proposals.pdf import typeset
from proposals.pdf.render import render_html
from tests.proposals.conftest import advance, fill

FAR = datetime.date(2099, 1, 1)


def report(world, indicator, values, year=2548):
    """Actual values of ``indicator`` for the quarters of ``year`` (``None``: not reported)."""
    for quarter, value in enumerate(values, start=1):
        period, _ = ReportingPeriod.objects.get_or_create(
            province=world.province, fiscal_year=year, quarter=quarter, defaults={"due_date": FAR}
        )
        if value is not None:
            IndicatorActual.objects.update_or_create(
                indicator=indicator, period=period, defaults={"value": Decimal(value)}
            )


def results_of(blueprint):
    return selectors.load_document(blueprint).features["results"]


@pytest.mark.parametrize(
    ("accumulation", "values", "result"),
    [("cumulative", ["10", "20", "30", "40"], "100"), ("level", ["10", None, "35", "42"], "42")],
)
def test_a_year_has_a_result_once_its_fourth_quarter_is_reported(
    world, chain, blueprint, accumulation, values, result
):
    indicator = chain["indicator"]
    indicator.accumulation = accumulation
    indicator.save()
    report(world, indicator, [*values[:3], None])
    assert results_of(blueprint) == {}  # three quarters: the year is still being reported
    report(world, indicator, values)
    assert results_of(blueprint) == {indicator.pk: {2548: Decimal(result)}}


def test_another_issues_results_are_not_this_blueprints(world, chain, blueprint):
    from tests import factories

    other_issue = factories.StrategicIssueFactory(plan=world.plan, number=2)
    other = factories.IndicatorFactory(goal=factories.GoalFactory(issue=other_issue, number=1))
    report(world, other, ["1", "2", "3", "4"])
    assert results_of(blueprint) == {}


def test_the_page_shows_the_result_under_the_target_and_the_next_edit_at_once(
    world, chain, blueprint, client_for
):
    indicator = chain["indicator"]
    indicator.accumulation = "cumulative"
    indicator.save()
    client = client_for(world.editor)
    url = blueprint.get_absolute_url()
    assert "Year result" not in client.get(url).content.decode()
    report(world, chain["indicator"], ["10", "20", "30", "40"])
    page = client.get(url).content.decode()
    assert "Year result 100" in page
    # A correction made on the results page shows on the next view (no stale cache).
    IndicatorActual.objects.filter(indicator=chain["indicator"], period__quarter=4).update(
        value=Decimal("45")
    )
    page = client.get(url).content.decode()
    assert "Year result 105" in page and "Year result 100" not in page


def test_a_year_gone_by_without_a_result_is_advice_on_the_checklist(world, chain, client_for):
    """A 2549 Blueprint is drafted after fiscal year 2548 ended: the indicator's 2548
    target asks for its result. A warning (the results page gives it), never a blocker."""
    bp = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2549)
    fill(bp, world, chain)

    def found():
        document = selectors.load_document(bp)
        warned = [w.message for w in completeness.find_warnings(document)]
        blocked = [b.message for b in completeness.find_blockers(document)]
        return [m for m in warned if "has no result" in m], blocked

    warned, blocked = found()
    assert warned == [
        "Indicator 1.1 has no result for fiscal year 2548, which is over: report its four "
        "quarters on the results page."
    ]
    assert not any("result" in message for message in blocked)
    board = reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    page = client_for(world.editor).get(bp.get_absolute_url()).content.decode()
    assert "has no result for fiscal year 2548" in page
    assert f'href="{board}"' in page  # the checklist links to where the result is reported
    report(world, chain["indicator"], ["10", "20", "30", "40"])
    assert found()[0] == []


def test_the_blueprint_of_the_first_year_asks_for_no_result(world, chain, blueprint):
    fill(blueprint, world, chain)
    warnings = completeness.find_warnings(selectors.load_document(blueprint))
    assert not [w for w in warnings if "has no result" in w.message]


def test_the_submission_sends_the_results_as_evidence_beside_the_approved_edition(
    world, chain, complete_blueprint
):
    """Results reported after the governor approved go with the submission (they are
    facts, not what was approved): the approved edition does not drift, the snapshot
    carries them and the PDF prints them under the targets."""
    chain["indicator"].accumulation = "cumulative"
    chain["indicator"].save()
    bp = advance(complete_blueprint, world.editor, "consult", "review", "approve")
    report(world, chain["indicator"], ["10", "20", "30", "40"])
    assert not edition.drift(bp).drifted
    bp = advance(bp, world.editor, "submit")
    data = bp.snapshots.get().data
    assert data["results"] == [
        {"indicator_id": chain["indicator"].pk, "fiscal_year": 2548, "value": "100.00"}
    ]
    assert edition.verify(data) is True
    html = typeset.untypeset(render_html(data, draft=False, thai_numerals=False))
    assert "ค่าเป้าหมาย (และผลการดำเนินงาน) ปีงบประมาณ" in html
    assert '<div class="result">ผล 100</div>' in html


def test_a_pdf_without_results_says_nothing_of_them(submitted_blueprint):
    html = render_html(submitted_blueprint.snapshots.get().data, draft=False, thai_numerals=False)
    assert "ผลการดำเนินงาน" not in html and 'class="result"' not in html
