"""The quarterly progress report as a Thai official PDF, typeset like the submission
(:mod:`proposals.pdf`): the same stylesheet (A4, margins 3/2 cm, TH Sarabun New metrics at
16 pt, "- ๒ -" page numbers from the second page), Thai words kept whole in table cells,
the text-layer fix, PDF/A-3b, fonts from static files only.

What it prints is what the reader sees on the board (:func:`selectors.board`, so the same
access rules: OPDC's report has only the issues submitted to it): each indicator's value in
the quarter against what was expected, with its status and rule; each project's progress
and money; the entries still missing.
"""

import datetime
import time

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation

from proposals.monitoring import selectors, status
from proposals.pdf import render as blueprint_render
from proposals.pdf import thai, typeset

TEMPLATE = "proposals/monitoring/report.html"


def report_context(user, period, rights, *, today) -> dict:
    board = selectors.board(
        user, period.province, rights, fiscal_year=period.fiscal_year, today=today
    )
    quarter = period.quarter
    indicators, projects = [], []
    for line in board.indicators:
        cell = line.cells[quarter - 1]
        indicators.append({"line": line, "cell": cell, "verdict": cell.verdict})
    for line in board.projects:
        cell = line.cells[quarter - 1]
        disbursed = (cell.entry.disbursed_total or 0) if cell.entry else 0
        projects.append(
            {"line": line, "cell": cell, "verdict": cell.verdict, "disbursed": disbursed}
        )
    counts = dict.fromkeys(status.LABELS, 0)
    for row in indicators:
        counts[row["verdict"].status if row["verdict"] else status.NO_DATA] += 1
    return {
        "province": period.province,
        "period": period,
        "indicators": indicators,
        "projects": projects,
        "overdue": [item for item in board.overdue if item["period"].pk == period.pk],
        "counts": [(str(status.LABELS[key]), value) for key, value in counts.items()],
        "start": thai.thai_date(period.starts_on),
        "end": thai.thai_date(period.ends_on),
        "due": thai.thai_date(period.due_date),
        "printed": thai.thai_date(today),
    }


def render_html(context: dict, *, thai_numerals: bool, created) -> str:
    from proposals.pdf.fetcher import static_base

    context = dict(
        context,
        stylesheet=static_base() + blueprint_render.STYLESHEET,
        created=created.isoformat(timespec="seconds"),
        # One kind of numeral throughout, page numbers included, placed as the setting
        # says: as the Blueprint PDF does.
        numerals=thai_numerals,
        page_numbers=settings.PDF_PAGE_NUMBERS,
    )
    with translation.override("th"):
        html = get_template(TEMPLATE).render(context)
    html = typeset.keep_words(html)
    return typeset.thai_numerals(html) if thai_numerals else html


def render_pdf(context: dict, *, thai_numerals: bool | None = None, created=None):
    """The report as a PDF/A-3b (:class:`proposals.pdf.render.RenderedPDF`)."""
    from weasyprint import HTML

    from proposals.pdf import textlayer
    from proposals.pdf.fetcher import BASE_URL, StaticOnlyFetcher

    textlayer.install()
    if thai_numerals is None:
        thai_numerals = settings.PDF_THAI_NUMERALS
    created = created or timezone.now()
    started = time.perf_counter()
    html = render_html(context, thai_numerals=thai_numerals, created=created)
    templated = time.perf_counter()
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    content = document.write_pdf(pdf_variant=blueprint_render.PDF_VARIANT)
    return blueprint_render.RenderedPDF(
        content=content,
        pages=len(document.pages),
        template_seconds=templated - started,
        weasyprint_seconds=time.perf_counter() - templated,
        refused=list(fetcher.refused),
    )


def report_filename(period) -> str:
    return f"results-report-{period.province.code}-{period.fiscal_year}-q{period.quarter}.pdf"


def today() -> datetime.date:
    return timezone.localdate()
