"""Year results in the Blueprint: what monitoring adds to the Blueprint's core.

A Blueprint shows, under each indicator's yearly target, the *result* of that year once
the year is fully reported — that is, once its fourth quarter has a value (the result is
computed by the indicator's rule, :func:`proposals.monitoring.status.year_result`: the
sum of the quarters, or the last one). A year still being reported shows no result: its
quarters are followed on the province's results page.

- :func:`document_results` is loaded with every document (``document.features["results"]``,
  ``{indicator_id: {fiscal_year: Decimal}}``), one query;
- :func:`warnings` is advice on the readiness checklist: each plan year *before* the
  Blueprint's own fiscal year is over when the Blueprint is drafted (a 2549 Blueprint is
  written after fiscal year 2548 ended), so an indicator with a target in such a year
  should have that year's result. A warning, not a blocker: the results come from the
  quarterly reports on the results page, which the Blueprint cannot fill in itself;
- :func:`results_data` freezes the results into the submitted snapshot as *evidence*
  (reported facts sent with the submission, not part of what the governor approved: a
  result reported after the approval does not make the approved edition drift).
"""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from proposals.models import SectionKey
from proposals.monitoring import status
from proposals.monitoring.models import IndicatorActual

LAST_QUARTER = 4


def document_results(blueprint) -> dict[int, dict[int, Decimal]]:
    """Each indicator of the Blueprint's strategic issue → its fully reported years →
    the year's result. One query."""
    quarters: dict[tuple[int, int], dict[int, Decimal]] = {}
    rules: dict[int, str] = {}
    rows = IndicatorActual.objects.filter(indicator__goal__issue_id=blueprint.issue_id).values_list(
        "indicator_id", "indicator__accumulation", "period__fiscal_year", "period__quarter", "value"
    )
    for indicator_id, accumulation, year, quarter, value in rows:
        rules[indicator_id] = accumulation
        quarters.setdefault((indicator_id, year), {})[quarter] = value
    results: dict[int, dict[int, Decimal]] = {}
    for (indicator_id, year), values in sorted(quarters.items()):
        if values.get(LAST_QUARTER) is None:
            continue  # the year is still being reported
        value = status.year_result(accumulation=rules[indicator_id], values=values)
        results.setdefault(indicator_id, {})[year] = value
    return results


def warnings(document):
    """``(section, message, url)`` for each indicator with a target in a plan year before
    the Blueprint's fiscal year and no result for it (one line per indicator, its years
    listed)."""
    blueprint = document.blueprint
    results = document.features.get("results", {})
    past = [year for year in document.years if year < blueprint.fiscal_year]
    if not past:
        return
    url = (
        reverse("proposals:monitoring:board", args=[blueprint.issue.plan.organisation_id])
        + f"?year={past[-1]}"
    )
    for goal in document.goals:
        for indicator in goal.indicators.all():
            targets = {target.fiscal_year for target in indicator.targets.all()}
            have = results.get(indicator.pk, {})
            missing = [year for year in past if year in targets and year not in have]
            if missing:
                yield (
                    SectionKey.GOALS,
                    _(
                        "Indicator %(indicator)s has no result for fiscal year %(years)s, "
                        "which is over: report its four quarters on the results page."
                    )
                    % {
                        "indicator": f"{goal.number}.{indicator.number}",
                        "years": ", ".join(str(year) for year in missing),
                    },
                    url,
                )


def results_data(blueprint) -> dict:
    """``{"results": [{"indicator_id", "fiscal_year", "value"}]}`` for the snapshot."""
    return {
        "results": [
            {"indicator_id": indicator_id, "fiscal_year": year, "value": str(value)}
            for indicator_id, years in document_results(blueprint).items()
            for year, value in years.items()
        ]
    }
