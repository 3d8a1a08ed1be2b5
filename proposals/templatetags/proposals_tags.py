"""Template helpers for Blueprint pages: status colours, timelines, budget grids."""

from decimal import Decimal

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from proposals.models import BlueprintStatus, SectionStatus
from proposals.rows import kind_label
from strategies import fiscal
from strategies.http import Links
from strategies.models import BudgetSource

register = template.Library()

STATUS_CLASSES = {
    BlueprintStatus.DRAFT: "text-bg-secondary",
    BlueprintStatus.CONSULTATION: "text-bg-info",
    BlueprintStatus.PROVINCIAL_REVIEW: "text-bg-primary",
    BlueprintStatus.APPROVED: "text-bg-primary",
    BlueprintStatus.SUBMITTED: "text-bg-warning",
    BlueprintStatus.RETURNED: "text-bg-danger",
    BlueprintStatus.ACCEPTED: "text-bg-success",
    SectionStatus.NOT_STARTED: "text-bg-light border",
    SectionStatus.IN_PROGRESS: "text-bg-info",
    SectionStatus.SUBMITTED: "text-bg-warning",
    SectionStatus.ACCEPTED: "text-bg-success",
}

# The path a Blueprint normally takes, for the progress bar.
MAIN_PATH = [
    BlueprintStatus.DRAFT,
    BlueprintStatus.CONSULTATION,
    BlueprintStatus.PROVINCIAL_REVIEW,
    BlueprintStatus.APPROVED,
    BlueprintStatus.SUBMITTED,
    BlueprintStatus.ACCEPTED,
]


@register.filter
def status_class(value) -> str:
    return STATUS_CLASSES.get(value, "text-bg-light")


@register.simple_tag
def workflow_path(status):
    """``[(label, state)]`` along the main path; state is "done", "current" or "todo"."""
    current = BlueprintStatus.SUBMITTED if status == BlueprintStatus.RETURNED else status
    index = MAIN_PATH.index(current) if current in MAIN_PATH else 0
    steps = []
    for position, step in enumerate(MAIN_PATH):
        state = "done" if position < index else "current" if position == index else "todo"
        label = step.label
        if step == BlueprintStatus.SUBMITTED and status == BlueprintStatus.RETURNED:
            label = BlueprintStatus.RETURNED.label
        steps.append((label, state))
    return steps


@register.simple_tag
def timeline_style(start, end, years) -> str:
    """CSS placing a bar from ``start`` to ``end`` across the plan's fiscal years."""
    if not years or (start is None and end is None):
        return ""
    first, _ = fiscal.fiscal_year_bounds(years[0])
    _, last = fiscal.fiscal_year_bounds(years[-1])
    span = (last - first).days or 1
    start = max(start or end, first)
    end = min(end or start, last)
    if end < start:
        return "display:none"
    left = (start - first).days / span * 100
    width = max((end - start).days / span * 100, 1.0)
    return f"left:{left:.2f}%;width:{min(width, 100 - left):.2f}%"


@register.simple_tag
def budget_grid(project, years):
    """Rows ``(year, [amount per source], year total)`` and the totals per source."""
    sources = BudgetSource.values
    cells = {(b.fiscal_year, b.source): b.amount for b in project.budgets.all()}
    rows = []
    for year in years:
        amounts = [cells.get((year, source)) for source in sources]
        rows.append((year, amounts, sum((a for a in amounts if a is not None), Decimal(0))))
    totals = [
        sum((cells.get((year, source)) or Decimal(0) for year in years), Decimal(0))
        for source in sources
    ]
    return {"rows": rows, "totals": totals, "total": sum(totals, Decimal(0))}


@register.simple_tag
def targets_by_year(indicator, years):
    """The indicator's target for each year (``None`` where missing)."""
    have = {target.fiscal_year: target.value for target in indicator.targets.all()}
    return [(year, have.get(year)) for year in years]


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def startswith(value, prefix) -> bool:
    return str(value).startswith(str(prefix))


@register.filter
def be_iso(value, style="short"):
    """An ISO date string (as stored in snapshots) in the Buddhist Era."""
    import datetime

    from strategies.templatetags.thai_dates import format_be_date

    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return value
    return format_be_date(day, short=style == "short")


@register.filter
def coded(value, field):
    """A snapshot's coded value in the reader's language (see ``coded_label``)."""
    from proposals.snapshot import coded_label

    return coded_label(value, field)


@register.filter
def elided_pages(page):
    """The page numbers to offer around ``page`` (``…`` for the gaps), for long lists."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def revision_label(revision) -> str:
    """What a saved version was about: its row's label, or the kind of row it is."""
    return revision.label or kind_label(revision.kind)


class _RowActionsKit:
    """What every row's buttons share in one render: the URLs, reversed once per kind
    (:class:`~strategies.http.Links`), and the labels, translated once."""

    def __init__(self):
        self.links = Links()
        self.labels = {
            "up": _("Move up"),
            "down": _("Move down"),
            "edit": _("Edit"),
            "propose": _("Propose a change"),
            "remove": _("Remove"),
            "propose_removal": _("Propose removing it"),
        }


@register.simple_tag(takes_context=True)
def row_actions(
    context, kind, row, *, ordered=False, first=False, last=False, single=False, inline=False
):
    """The buttons of one row of a Blueprint section (move, edit, remove), for someone
    who may work on the section: an editor acts, an agency proposes. The caller checks
    that the reader may work on the row. A section lists dozens of rows: built here, not
    by an included template, they were an eighth of the Blueprint page's time."""
    kit = context.render_context.get(_RowActionsKit)
    if kit is None:
        kit = context.render_context[_RowActionsKit] = _RowActionsKit()
    labels = kit.labels
    edits = context["rights"].edit
    blueprint_pk = context["blueprint"].pk
    parts = []
    if ordered and edits:
        parts.append(
            format_html(
                '<form method="post" action="{}" class="d-inline-flex gap-1">{}'
                '<button type="submit" name="direction" value="up" '
                'class="btn btn-outline-secondary btn-sm"{} aria-label="{}" title="{}">↑</button>'
                '<button type="submit" name="direction" value="down" '
                'class="btn btn-outline-secondary btn-sm"{} aria-label="{}" title="{}">↓</button>'
                "</form>",
                kit.links("proposals:row_move", blueprint_pk, kind, row.pk),
                CsrfTokenNode().render(context),
                mark_safe(" disabled") if first else "",
                labels["up"],
                labels["up"],
                mark_safe(" disabled") if last else "",
                labels["down"],
                labels["down"],
            )
        )
    edit_url = kit.links("proposals:row_edit", blueprint_pk, kind, row.pk)
    parts.append(
        format_html(
            '<a class="btn btn-outline-primary btn-sm" href="{}"{}>{}</a>',
            edit_url,
            format_html(
                ' hx-get="{}" hx-target="#{}-{}" hx-swap="outerHTML"', edit_url, kind, row.pk
            )
            if inline
            else "",
            labels["edit"] if edits else labels["propose"],
        )
    )
    if not single:
        parts.append(
            format_html(
                '<a class="btn btn-outline-danger btn-sm" href="{}">{}</a>',
                kit.links("proposals:row_delete", blueprint_pk, kind, row.pk),
                labels["remove"] if edits else labels["propose_removal"],
            )
        )
    return format_html(
        '<div class="bp-actions d-flex flex-wrap gap-1 justify-content-end">{}</div>',
        mark_safe("".join(parts)),
    )
