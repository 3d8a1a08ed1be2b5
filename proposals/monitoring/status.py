"""The status of an indicator (or a project) in a quarter: computed, never typed.

One pure function, :func:`evaluate`, from the indicator's rules and its figures to a
:class:`Verdict` — the status and the rule that produced it, which every page shows next to
the status, so that anyone can check it by hand:

- **Expected value by quarter q** (1–4) of the fiscal year:
  - *cumulative* indicators (the quarters add up): the year's target × q / 4, compared with
    the sum of the quarters reported so far (a missing earlier quarter counts as nothing);
  - *per period* indicators (each quarter reports the level reached): the straight line from
    the starting point to the year's target, start + (target − start) × q / 4, compared with
    the quarter's own value. The starting point is the previous year's target, else the
    baseline; without either, the year's target itself is expected in every quarter.
- **Higher is better**: on track when the value reaches the expected one; at risk when it
  falls short by no more than the tolerance (in per cent of the expected value, edges
  included); off track below that. **Lower is better** mirrors it: on track at or below the
  expected value, at risk up to the tolerance above it, off track beyond.
- **No data** when the quarter has no value (or the year has no target to compare with).

Decimal arithmetic throughout: 10 % of 50 is exactly 5, so the edges are exact.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from strategies.models import Accumulation, Direction
from strategies.templatetags.thai_dates import num

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on_track", "at_risk", "off_track", "no_data"
LABELS = {
    ON_TRACK: gettext_lazy("On track"),
    AT_RISK: gettext_lazy("At risk"),
    OFF_TRACK: gettext_lazy("Off track"),
    NO_DATA: gettext_lazy("No data"),
}
# Bootstrap colours of each status (text-bg-*), and a mark that does not rely on colour.
COLOURS = {ON_TRACK: "success", AT_RISK: "warning", OFF_TRACK: "danger", NO_DATA: "secondary"}
MARKS = {ON_TRACK: "●", AT_RISK: "▲", OFF_TRACK: "✕", NO_DATA: "○"}
HUNDRED = Decimal(100)
QUARTERS = Decimal(4)


@dataclass(frozen=True)
class Verdict:
    status: str
    compared: Decimal | None  # the value compared (the sum so far, or the quarter's value)
    expected: Decimal | None
    # The rule, in words, with its numbers: a text, or how to write it (worded only when
    # read: a count of statuses across the country reads none of them).
    rule_text: str | Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def rule(self) -> str:
        return self.rule_text() if callable(self.rule_text) else self.rule_text

    @property
    def label(self) -> str:
        return str(LABELS[self.status])

    @property
    def colour(self) -> str:
        return COLOURS[self.status]

    @property
    def mark(self) -> str:
        return MARKS[self.status]


def expected_value(
    *,
    accumulation: str,
    target: Decimal,
    quarter: int,
    start: Decimal | None = None,
) -> Decimal:
    """The value expected by the end of ``quarter`` (see the module docstring)."""
    share = Decimal(quarter) / QUARTERS
    if accumulation == Accumulation.CUMULATIVE:
        return target * share
    if start is None:
        return target
    return start + (target - start) * share


def compared_value(*, accumulation: str, values: dict[int, Decimal], quarter: int):
    """What is compared in ``quarter``: the running sum (cumulative) or the quarter's value;
    ``None`` when the quarter has no value."""
    if values.get(quarter) is None:
        return None
    if accumulation == Accumulation.CUMULATIVE:
        reported = (values.get(q) for q in range(1, quarter + 1))
        return sum((value for value in reported if value is not None), Decimal(0))
    return values[quarter]


def year_result(*, accumulation: str, values: dict[int, Decimal]) -> Decimal | None:
    """The year's result from its quarters: their sum (cumulative) or the last quarter
    reported (per period); ``None`` without any value."""
    reported = {q: v for q, v in values.items() if v is not None}
    if not reported:
        return None
    if accumulation == Accumulation.CUMULATIVE:
        return sum(reported.values(), Decimal(0))
    return reported[max(reported)]


def classify(*, direction: str, compared: Decimal, expected: Decimal, tolerance: Decimal) -> str:
    """On track / at risk / off track, the tolerance band's edges included in "at risk"."""
    band = abs(expected) * Decimal(tolerance) / HUNDRED
    if direction == Direction.LOWER:
        if compared <= expected:
            return ON_TRACK
        return AT_RISK if compared <= expected + band else OFF_TRACK
    if compared >= expected:
        return ON_TRACK
    return AT_RISK if compared >= expected - band else OFF_TRACK


def _rule_text(*, direction, accumulation, target, quarter, start, expected, tolerance) -> str:
    params = {
        "quarter": quarter,
        "expected": num(expected),
        "target": num(target),
        "start": num(start),
        "tolerance": num(tolerance),
    }
    if accumulation == Accumulation.CUMULATIVE:
        how = _("sum of Q1–Q%(quarter)s vs %(expected)s (year target %(target)s × %(quarter)s/4)")
    elif start is None:
        how = _("Q%(quarter)s value vs the year target %(target)s")
    else:
        how = _(
            "Q%(quarter)s value vs %(expected)s (from %(start)s to the year target %(target)s, "
            "%(quarter)s/4 of the way)"
        )
    if direction == Direction.LOWER:
        band = _("lower is better; up to %(tolerance)s%% above: at risk")
    else:
        band = _("higher is better; up to %(tolerance)s%% below: at risk")
    return f"{how % params}; {band % params}"


def evaluate(
    *,
    direction: str,
    accumulation: str,
    tolerance: Decimal,
    target: Decimal | None,
    values: dict[int, Decimal | None],
    quarter: int,
    start: Decimal | None = None,
) -> Verdict:
    """The status in ``quarter`` (1–4) of ``values`` (quarter → value) against the year's
    ``target`` under the indicator's rules."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter {quarter!r} is not 1–4")
    if target is None:
        return Verdict(NO_DATA, None, None, _("No target for this fiscal year."))
    tolerance = Decimal(tolerance)
    expected = expected_value(
        accumulation=accumulation, target=Decimal(target), quarter=quarter, start=start
    )
    rule = partial(
        _rule_text,
        direction=direction,
        accumulation=accumulation,
        target=target,
        quarter=quarter,
        start=start,
        expected=expected,
        tolerance=tolerance,
    )
    compared = compared_value(accumulation=accumulation, values=values, quarter=quarter)
    if compared is None:
        return Verdict(NO_DATA, None, expected, rule)
    status = classify(
        direction=direction, compared=compared, expected=expected, tolerance=tolerance
    )
    return Verdict(status, compared, expected, rule)


def evaluate_indicator(indicator, *, fiscal_year: int, quarter: int, values, targets=None):
    """:func:`evaluate` for an indicator with its ``targets`` (year → value; read from the
    prefetched ``indicator.targets`` when not given)."""
    if targets is None:
        targets = {t.fiscal_year: t.value for t in indicator.targets.all()}
    return evaluate_rule(
        direction=indicator.direction,
        accumulation=indicator.accumulation,
        tolerance=indicator.tolerance,
        baseline=indicator.baseline,
        fiscal_year=fiscal_year,
        quarter=quarter,
        values=values,
        targets=targets,
    )


def evaluate_rule(
    *, direction, accumulation, tolerance, baseline, fiscal_year: int, quarter: int, values, targets
) -> Verdict:
    """:func:`evaluate` for an indicator's rule given as values (no model instance: the
    country's indicators are read as rows): the starting point is the previous year's
    target, else the baseline."""
    start = targets.get(fiscal_year - 1)
    return evaluate(
        direction=direction,
        accumulation=accumulation,
        tolerance=tolerance,
        target=targets.get(fiscal_year),
        values=values,
        quarter=quarter,
        start=baseline if start is None else start,
    )


# A project is expected to advance evenly through the year: 25 % a quarter; 10 points
# short is at risk.
PROJECT_TOLERANCE = Decimal(10)


def evaluate_project(*, percent: Decimal | None, quarter: int) -> Verdict:
    """A project's status in ``quarter`` from its per cent complete."""
    expected = Decimal(25) * quarter
    rule = _(
        "%(percent)s%% complete expected by the end of Q%(quarter)s; "
        "up to %(points)s points short: at risk"
    ) % {"percent": num(expected), "quarter": quarter, "points": num(PROJECT_TOLERANCE)}
    if percent is None:
        return Verdict(NO_DATA, None, expected, rule)
    if percent >= expected:
        status = ON_TRACK
    elif percent >= expected - PROJECT_TOLERANCE:
        status = AT_RISK
    else:
        status = OFF_TRACK
    return Verdict(status, Decimal(percent), expected, rule)
