"""The Thai government fiscal year and the Buddhist Era, in one place.

The fiscal year runs 1 October – 30 September and is named by the Buddhist Era
year in which it ends: fiscal year 2548 is 1 Oct 2004 – 30 Sep 2005.
Dates are stored in the Common Era and shown in the Buddhist Era.
"""

import datetime

from strategies.thai import BE_OFFSET, be_year, ce_year, thai_digits

__all__ = ["BE_OFFSET", "be_year", "ce_year", "thai_numerals"]  # kept import paths
# Sane bounds for a B.E. fiscal year typed by a person (C.E. 1957–2257).
MIN_FISCAL_YEAR = 2500
MAX_FISCAL_YEAR = 2800
# An action plan covers four fiscal years (แผนปฏิบัติราชการ 4 ปี): 2548–2551.
PLAN_SPAN = 4


def fiscal_year_of(day: datetime.date) -> int:
    """The B.E. fiscal year that contains ``day``."""
    year = day.year + 1 if day.month >= 10 else day.year
    return be_year(year)


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day (C.E. dates) of a B.E. fiscal year."""
    end = ce_year(fiscal_year)
    return datetime.date(end - 1, 10, 1), datetime.date(end, 9, 30)


def fiscal_years(first: int, last: int) -> list[int]:
    """Every fiscal year from ``first`` to ``last`` inclusive."""
    return list(range(first, last + 1))


thai_numerals = thai_digits


def plan_end_year(start_year: int) -> int:
    """The last fiscal year of an action plan that starts in ``start_year``."""
    return start_year + PLAN_SPAN - 1


QUARTERS = (1, 2, 3, 4)


def quarter_bounds(fiscal_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day (C.E.) of ``quarter`` (1–4) of a B.E. fiscal year.

    Quarter 1 is October–December of the year before the one the fiscal year is named
    by; quarter 4 is July–September."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter {quarter!r} is not 1–4")
    start, _end = fiscal_year_bounds(fiscal_year)
    first_month = start.month + 3 * (quarter - 1)
    year = start.year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    first = datetime.date(year, month, 1)
    next_month = month + 3
    following = (
        datetime.date(year + 1, next_month - 12, 1)
        if next_month > 12
        else datetime.date(year, next_month, 1)
    )
    return first, following - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> tuple[int, int]:
    """(B.E. fiscal year, quarter) that contains ``day``."""
    year = fiscal_year_of(day)
    return year, ((day.month - 10) % 12) // 3 + 1
