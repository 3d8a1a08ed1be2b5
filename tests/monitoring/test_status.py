"""The status rules: each direction, cumulative and per period, the tolerance's edges."""

from decimal import Decimal as D

import pytest

from proposals.monitoring import status
from proposals.monitoring.status import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, evaluate

HIGHER, LOWER = "higher", "lower"
CUMULATIVE, LEVEL = "cumulative", "level"


def verdict(direction, accumulation, values, quarter, *, target="100", tolerance="10", start=None):
    return evaluate(
        direction=direction,
        accumulation=accumulation,
        tolerance=D(tolerance),
        target=None if target is None else D(target),
        values={q: None if v is None else D(v) for q, v in values.items()},
        quarter=quarter,
        start=None if start is None else D(start),
    )


@pytest.mark.parametrize(
    ("values", "quarter", "expected_status", "compared", "expected"),
    [
        # Cumulative, higher is better: the running sum against target × q/4.
        ({1: "25"}, 1, ON_TRACK, "25", "25"),  # exactly on the line
        ({1: "30"}, 1, ON_TRACK, "30", "25"),
        ({1: "22.5"}, 1, AT_RISK, "22.5", "25"),  # exactly the tolerance's edge: at risk
        ({1: "22.49"}, 1, OFF_TRACK, "22.49", "25"),  # just past it
        ({1: "10", 2: "40"}, 2, ON_TRACK, "50", "50"),  # 10 + 40 = 50
        ({1: "10", 2: "35"}, 2, AT_RISK, "45", "50"),  # 45 = 50 − 10 %
        ({1: "10", 2: "34.99"}, 2, OFF_TRACK, "44.99", "50"),
        ({2: "50"}, 2, ON_TRACK, "50", "50"),  # a missing Q1 counts as nothing
        ({1: "100", 2: None}, 2, NO_DATA, None, "50"),  # the quarter itself has no value
        ({1: "20", 2: "20", 3: "20", 4: "40"}, 4, ON_TRACK, "100", "100"),
    ],
)
def test_cumulative_higher_is_better(values, quarter, expected_status, compared, expected):
    result = verdict(HIGHER, CUMULATIVE, values, quarter)
    assert result.status == expected_status
    assert result.compared == (None if compared is None else D(compared))
    assert result.expected == D(expected)


@pytest.mark.parametrize(
    ("values", "quarter", "expected_status"),
    [
        # Cumulative, lower is better (e.g. road deaths: at most 100 in the year).
        ({1: "25"}, 1, ON_TRACK),
        ({1: "10"}, 1, ON_TRACK),
        ({1: "27.5"}, 1, AT_RISK),  # 25 + 10 %: the edge is at risk
        ({1: "27.51"}, 1, OFF_TRACK),
        ({1: "20", 2: "30"}, 2, ON_TRACK),
        ({1: "20", 2: "35"}, 2, AT_RISK),  # 55 = 50 + 10 %
        ({1: "20", 2: "35.01"}, 2, OFF_TRACK),
        ({1: "20"}, 2, NO_DATA),
    ],
)
def test_cumulative_lower_is_better(values, quarter, expected_status):
    assert verdict(LOWER, CUMULATIVE, values, quarter).status == expected_status


@pytest.mark.parametrize(
    ("value", "quarter", "start", "expected_status", "expected"),
    [
        # Per period, higher is better: the line from the start (60) to the target (100).
        ("70", 1, "60", ON_TRACK, "70"),
        ("63", 1, "60", AT_RISK, "70"),  # 70 − 10 % = 63
        ("62.99", 1, "60", OFF_TRACK, "70"),
        ("80", 2, "60", ON_TRACK, "80"),
        ("72", 2, "60", AT_RISK, "80"),
        ("100", 4, "60", ON_TRACK, "100"),
        ("90", 4, "60", AT_RISK, "100"),
        ("89.99", 4, "60", OFF_TRACK, "100"),
        # Without a starting point the year's target is expected in every quarter.
        ("100", 1, None, ON_TRACK, "100"),
        ("90", 1, None, AT_RISK, "100"),
        ("80", 1, None, OFF_TRACK, "100"),
    ],
)
def test_per_period_higher_is_better(value, quarter, start, expected_status, expected):
    # Earlier quarters do not matter to a per-period indicator.
    values = {q: "0" for q in range(1, quarter)} | {quarter: value}
    result = verdict(HIGHER, LEVEL, values, quarter, start=start)
    assert result.status == expected_status
    assert result.expected == D(expected)
    assert result.compared == D(value)


@pytest.mark.parametrize(
    ("value", "quarter", "start", "expected_status"),
    [
        # Per period, lower is better: from 20 % poor households down to a target of 12 %.
        ("18", 1, "20", ON_TRACK),  # expected 18
        ("19.8", 1, "20", AT_RISK),  # 18 + 10 % = 19.8
        ("19.81", 1, "20", OFF_TRACK),
        ("12", 4, "20", ON_TRACK),
        ("13.2", 4, "20", AT_RISK),
        ("13.21", 4, "20", OFF_TRACK),
        ("5", 4, None, ON_TRACK),
    ],
)
def test_per_period_lower_is_better(value, quarter, start, expected_status):
    result = verdict(LOWER, LEVEL, {quarter: value}, quarter, target="12", start=start)
    assert result.status == expected_status


@pytest.mark.parametrize(
    ("tolerance", "value", "expected_status"),
    [
        ("0", "100", ON_TRACK),
        ("0", "99.99", OFF_TRACK),  # no tolerance: no "at risk" band at all
        ("100", "0", AT_RISK),  # the whole way down is still at risk
        ("5", "95", AT_RISK),
        ("5", "94.99", OFF_TRACK),
    ],
)
def test_tolerance_edges(tolerance, value, expected_status):
    result = verdict(HIGHER, LEVEL, {1: value}, 1, tolerance=tolerance)
    assert result.status == expected_status


def test_no_target_is_no_data_and_says_why():
    result = verdict(HIGHER, LEVEL, {1: "5"}, 1, target=None)
    assert result.status == NO_DATA
    assert "target" in result.rule.lower()


@pytest.mark.parametrize("quarter", [0, 5])
def test_a_quarter_outside_1_to_4_is_refused(quarter):
    with pytest.raises(ValueError):
        verdict(HIGHER, LEVEL, {1: "5"}, quarter)


def test_the_rule_states_its_numbers(settings):
    from django.utils import translation

    with translation.override("en"):
        cumulative = verdict(HIGHER, CUMULATIVE, {1: "10", 2: "30"}, 2, target="200")
        level = verdict(LOWER, LEVEL, {3: "15"}, 3, target="12", start="20", tolerance="5")
    assert "100" in cumulative.rule and "200" in cumulative.rule and "2/4" in cumulative.rule
    assert "higher is better" in cumulative.rule and "10%" in cumulative.rule
    assert "14" in level.rule and "20" in level.rule and "lower is better" in level.rule
    assert "5%" in level.rule


@pytest.mark.parametrize(
    ("accumulation", "values", "result"),
    [
        (CUMULATIVE, {1: "10", 2: "20", 3: None, 4: "5"}, "35"),
        (LEVEL, {1: "10", 2: "20", 3: None, 4: None}, "20"),  # the last quarter reported
        (LEVEL, {}, None),
    ],
)
def test_year_result(accumulation, values, result):
    values = {q: None if v is None else D(v) for q, v in values.items()}
    got = status.year_result(accumulation=accumulation, values=values)
    assert got == (None if result is None else D(result))


@pytest.mark.parametrize(
    ("percent", "quarter", "expected_status"),
    [
        ("25", 1, ON_TRACK),
        ("15", 1, AT_RISK),
        ("14.99", 1, OFF_TRACK),
        ("100", 4, ON_TRACK),
        ("90", 4, AT_RISK),
        (None, 2, NO_DATA),
    ],
)
def test_project_status(percent, quarter, expected_status):
    got = status.evaluate_project(percent=None if percent is None else D(percent), quarter=quarter)
    assert got.status == expected_status


def test_the_sparkline_escapes_the_name_and_draws_the_numbers():
    from proposals.monitoring.selectors import sparkline

    svg = sparkline(
        [D(1), None, D(3), None],
        [D(1), D(2), D(3), D(4)],
        label='<script>alert("x")</script> ตัวชี้วัด',
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "ตัวชี้วัด" in svg
    assert svg.count("<circle ") == 2 and svg.count("<polyline ") == 2
    assert sparkline([None] * 4, [D(1)] * 4) == ""
