"""The rows of the results pages — a province's board, OPDC's traceability — written in
Python: a board has a line per indicator and project with four cells each, and the
template engine spent about half of those pages' time on them (``bench/run.py``).

Every value that comes from users (names, titles, units, rules) goes through
:func:`~django.utils.html.escape`; numbers through :func:`num`; the sparkline is already
safe HTML (:func:`proposals.monitoring.selectors.sparkline`).
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from strategies.http import Links
from strategies.templatetags.thai_dates import num

register = template.Library()

DASH = "–"


def _number(value) -> str:
    return num(value) or DASH


def badge(verdict) -> str:
    """A status as a badge, its rule in the tooltip (``_status.html``, in Python)."""
    return (
        f'<span class="badge text-bg-{verdict.colour}" title="{escape(verdict.rule)}">'
        f'<span aria-hidden="true">{verdict.mark}</span> {escape(verdict.label)}</span>'
    )


class _Words:
    """The words of the rows, translated once per table rather than once per cell."""

    def __init__(self):
        self.overdue = escape(_("overdue"))
        self.correct = escape(_("correct"))
        self.enter = escape(_("enter"))
        self.details = escape(_("details"))
        self.change_target = escape(_("Change a target"))
        self.no_period = escape(_("No period open"))
        self.up = escape(_("Up to the national plan"))
        self.national = escape(_("National strategy"))
        self.issue = escape(_("Strategic issue"))
        self.provincial = escape(_("Provincial strategy"))
        self.unaligned = escape(_("aligned to no national strategy"))


def _cells(line, words, value_of) -> str:
    out = []
    for cell in line.cells:
        css = "text-end table-danger" if cell.overdue else "text-end"
        if cell.period is None:
            out.append(f'<td class="{css}"><span class="text-muted">·</span></td>')
            continue
        if cell.entry is not None:
            shown = num(value_of(cell.entry))
        elif cell.overdue:
            shown = f'<span class="small">{words.overdue}</span>'
        else:
            shown = DASH
        link = ""
        if cell.url:
            if not cell.can_enter:
                verb = words.details
            elif cell.entry is not None:
                verb = words.correct
            else:
                verb = words.enter
            link = (
                f'<br><a class="small" href="{escape(cell.url)}">{verb}'
                f'<span class="visually-hidden"> Q{cell.quarter} {escape(line.code)}</span></a>'
            )
        out.append(f'<td class="{css}">{shown}{link}</td>')
    return "".join(out)


def _status(line, words, *, none: str) -> str:
    if line.latest is None:
        return f'<td class="small" style="white-space: normal">{none}</td>'
    verdict = line.latest.verdict
    return (
        f'<td class="small" style="white-space: normal">{badge(verdict)} Q{line.latest.quarter}'
        f'<br><span class="text-muted">{escape(verdict.rule)}</span></td>'
    )


@register.simple_tag
def indicator_rows(lines):
    """The board's indicator lines (:class:`~proposals.monitoring.selectors.Line`)."""
    words = _Words()
    no_period = f'<span class="text-muted">{words.no_period}</span>'
    rows = []
    for line in lines:
        indicator = line.obj
        change = (
            f'<br><a class="small" href="{escape(line.change_url)}">{words.change_target}</a>'
            if line.change_url
            else ""
        )
        owner = (indicator.owner.name if indicator.owner_id else "") or "—"
        rows.append(
            "<tr>"
            f'<th scope="row" class="fw-normal" style="white-space: normal">{escape(line.code)} '
            f'{escape(indicator.name)} <span class="text-muted small">({escape(indicator.unit)})'
            f"</span>{change}</th>"
            f'<td class="small">{escape(owner)}</td>'
            f'<td class="text-end">{_number(line.target)}</td>'
            f"{_cells(line, words, lambda entry: entry.value)}"
            f'<td class="text-end fw-semibold">{_number(line.result)}</td>'
            f"<td>{line.sparkline}</td>"
            f"{_status(line, words, none=no_period)}"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # escaped above, value by value


@register.simple_tag
def project_rows(lines):
    """The board's project lines, each with its chain up to the national plan."""
    words = _Words()
    rows = []
    for line in lines:
        project = line.obj
        strategy = project.strategy
        issue = strategy.issue
        chain = " · ".join(
            f'<a href="{escape(url)}" title="{escape(national)}">{words.national} '
            f"{escape(national.number)}</a>"
            for national, url in line.chain
        ) or (f'<span class="badge text-bg-warning">{words.unaligned}</span>')
        lead = (project.lead_agency.name if project.lead_agency_id else "") or "—"
        rows.append(
            "<tr>"
            f'<th scope="row" class="fw-normal" style="white-space: normal">{escape(line.code)} '
            f'{escape(project.title)}<nav aria-label="{words.up}" class="bp-chain">'
            '<ol class="breadcrumb small mb-0">'
            f'<li class="breadcrumb-item">{chain}</li>'
            f'<li class="breadcrumb-item" title="{escape(issue.title)}">{words.issue} '
            f"{escape(issue.number)}</li>"
            f'<li class="breadcrumb-item" title="{escape(strategy.title)}">{words.provincial} '
            f"{escape(issue.number)}.{escape(strategy.number)}</li>"
            "</ol></nav></th>"
            f'<td class="small">{escape(lead)}</td>'
            f'<td class="text-end">{_number(line.budget)}</td>'
            f'<td class="text-end">{_number(line.disbursed)}</td>'
            f"{_cells(line, words, lambda entry: entry.percent_complete)}"
            f"<td>{line.sparkline}</td>"
            f"{_status(line, words, none='')}"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # escaped above, value by value


def _table(table_css: str, headings, rows) -> str:
    """A table of ``rows`` under ``headings`` (``(text, css)``)."""
    head = "".join(
        f'<th scope="col" class="{css}">{escape(text)}</th>'
        if css
        else f'<th scope="col">{escape(text)}</th>'
        for text, css in headings
    )
    body = "\n".join(rows)
    return (
        f'<div class="table-responsive"><table class="{table_css}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


@register.simple_tag
def trace_indicators(lines):
    """The table of a goal's indicators on the traceability page
    (:class:`~proposals.monitoring.rollup.TracedIndicator`)."""
    no_target = escape(_("no target"))
    no_data = escape(_("No data"))
    rows = []
    for line in lines:
        indicator = line.indicator
        unit = (
            f' <span class="text-muted">({escape(indicator.unit)})</span>' if indicator.unit else ""
        )
        national = "; ".join(escape(ni.name) for ni in line.national) or "—"
        target = _number(line.target)
        if line.target is None:
            target += f' <span class="badge text-bg-warning">{no_target}</span>'
        verdict = (
            badge(line.verdict) if line.verdict else f'<span class="text-muted">{no_data}</span>'
        )
        rows.append(
            "<tr>"
            f'<th scope="row" class="fw-normal" style="white-space: normal">{escape(line.code)} '
            f"{escape(indicator.name)}{unit}</th>"
            f'<td style="white-space: normal">{national}</td>'
            f'<td class="text-end">{target}</td>'
            f'<td class="text-end">{_number(line.result)}</td>'
            f"<td>{verdict}</td>"
            "</tr>"
        )
    headings = [
        (_("Indicator"), ""),
        (_("National indicator served"), ""),
        (_("Year target"), "text-end"),
        (_("Result so far"), "text-end"),
        (_("Status"), ""),
    ]
    # escaped above, value by value
    return mark_safe(_table("table table-sm align-middle small mb-1", headings, rows))


@register.simple_tag
def trace_projects(lines, fiscal_year):
    """The table of an issue's projects on the traceability page, with their money
    (:class:`~proposals.monitoring.rollup.TracedProject`)."""
    no_lead = f'<span class="badge text-bg-warning">{escape(_("no lead agency"))}</span>'
    rows = []
    for line in lines:
        project = line.project
        lead = escape(project.lead_agency.name) if project.lead_agency_id else no_lead
        by_year = (
            "<br>".join(
                f"{year}: {num(amount)}" for year, amount in sorted(line.budget_by_year.items())
            )
            or DASH
        )
        sources = (
            "<br>".join(
                f"{escape(source)}: {num(amount)}" for source, amount in line.sources.items()
            )
            or DASH
        )
        rows.append(
            "<tr>"
            f'<th scope="row" class="fw-normal" style="white-space: normal">{escape(line.code)} '
            f"{escape(project.title)}</th>"
            f"<td>{lead}</td><td>{by_year}</td><td>{sources}</td>"
            f'<td class="text-end">{_number(line.committed)}</td>'
            f'<td class="text-end">{_number(line.disbursed)}</td>'
            "</tr>"
        )
    headings = [
        (_("Project"), ""),
        (_("Lead agency"), ""),
        (_("Budget by fiscal year (baht)"), ""),
        (_("%(year)s by source") % {"year": fiscal_year}, ""),
        (_("Committed"), "text-end"),
        (_("Disbursed"), "text-end"),
    ]
    # escaped above, value by value
    return mark_safe(_table("table table-sm align-middle small", headings, rows))


@register.simple_tag
def national_rows(rows, fiscal_year):
    """OPDC's national view: a province per row with its indicators' statuses
    (:class:`~proposals.monitoring.selectors.ProvinceRow`)."""
    links = Links()
    out = []
    for row in rows:
        cluster = row.cluster
        cluster_cell = (
            f'<a href="{links("proposals:monitoring:cluster", cluster.pk)}?year={fiscal_year}">'
            f"{escape(cluster.name)}</a>"
            if cluster is not None
            else "—"
        )
        board = links("proposals:monitoring:board", row.province.pk)
        counts = "".join(f'<td class="text-end">{count}</td>' for count in row.counts.values())
        out.append(
            f'<tr><td class="small">{cluster_cell}</td>'
            f'<td><a href="{board}?year={fiscal_year}">{escape(row.province.name)}</a></td>'
            f"<td>{f'Q{row.quarter}' if row.quarter else '—'}</td>"
            f'<td class="text-end">{row.indicators}</td>{counts}</tr>'
        )
    return mark_safe("\n".join(out))  # escaped above, value by value
