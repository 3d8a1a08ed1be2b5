"""A submitted version read section by section, and compared with the version before it.

Works on snapshot data only (schema of :mod:`proposals.snapshot`): the reviewer reads
what was submitted, never the working copy. Each section becomes a list of rows
(a goal, an indicator, a change proposal…), each row a list of labelled readable
values; rows are matched across versions by their id (a row keeps its id while it is
edited), and a changed value is shown as a Thai word-level diff
(:func:`proposals.diffing.diff_html`).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from proposals.diffing import diff_html
from proposals.models import SectionKey
from proposals.snapshot import coded_label
from strategies.templatetags.thai_dates import format_be_date, num


@dataclass
class Row:
    key: str
    title: str
    fields: list[tuple[object, str]]  # (label, readable value)


@dataclass
class FieldView:
    label: object
    value: str
    old: str = ""
    diff: str = ""  # escaped HTML with <del>/<ins> when the value changed

    @property
    def changed(self) -> bool:
        return bool(self.diff)


@dataclass
class RowView:
    key: str
    title: str
    status: str  # "added", "removed", "changed", "unchanged" (or "" without a previous version)
    fields: list[FieldView] = field(default_factory=list)
    title_diff: str = ""


@dataclass
class SectionView:
    key: str
    label: object
    rows: list[RowView]

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows if row.status in {"added", "removed", "changed"})


# --------------------------------------------------------------------------
# Readable values
# --------------------------------------------------------------------------


def _org(value) -> str:
    return (value or {}).get("name", "") if isinstance(value, dict) else ""


def _label(value, kind) -> str:
    return coded_label(value, kind)


def _date(value) -> str:
    if not value:
        return ""
    try:
        return format_be_date(datetime.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _years(start, end) -> str:
    if start and end and end != start:
        return f"{start}–{end}"
    return str(start or end or "")


# --------------------------------------------------------------------------
# Sections as rows
# --------------------------------------------------------------------------


def _header(data) -> list[Row]:
    bp = data.get("blueprint", {})
    plan = data.get("plan", {})
    approver = bp.get("approver") or {}
    cluster = _org(bp.get("cluster"))
    if bp.get("cluster_reference"):
        cluster = f"{cluster}\n{bp['cluster_reference']}".strip()
    strategies = "\n".join(
        f"{s.get('number')}. {s.get('title', '')}"
        for s in data.get("alignment", {}).get("national_strategies", [])
    )
    approved = ", ".join(
        part
        for part in (
            approver.get("name", ""),
            approver.get("position", ""),
            _date(approver.get("approved_on")),
        )
        if part
    )
    return [
        Row(
            "header",
            "",  # the title is the first field
            [
                (_("Title"), bp.get("title", "")),
                (_("Fiscal year"), str(bp.get("fiscal_year", ""))),
                (_("Provincial cluster"), cluster),
                (_("Aligned national strategies"), strategies),
                (_("Vision"), plan.get("vision", "")),
                (_("Missions"), "\n".join(plan.get("missions") or [])),
                (_("Approved by"), approved),
            ],
        )
    ]


def _goals(data) -> list[Row]:
    rows = []
    for goal in data.get("goals", []):
        rows.append(
            Row(
                f"goal:{goal.get('id')}",
                f"{goal.get('number')}. {goal.get('title', '')}",
                [(_("Perspective"), _label(goal.get("perspective"), "perspective"))],
            )
        )
        for ind in goal.get("indicators", []):
            baseline = num(ind.get("baseline"))
            if baseline and ind.get("baseline_year"):
                baseline = f"{baseline} ({ind['baseline_year']})"
            targets = " · ".join(
                f"{t.get('fiscal_year')}: {num(t.get('value'))}" for t in ind.get("targets", [])
            )
            rows.append(
                Row(
                    f"indicator:{ind.get('id')}",
                    f"{goal.get('number')}.{ind.get('number')} {ind.get('name', '')}",
                    [
                        (_("Unit"), ind.get("unit", "")),
                        (_("Formula"), ind.get("formula", "")),
                        (_("Data source"), ind.get("data_source", "")),
                        (_("Baseline"), baseline),
                        (_("Targets"), targets),
                        (_("Weight"), num(ind.get("weight"))),
                        (_("Owner"), _org(ind.get("owner"))),
                    ],
                )
            )
    return rows


def _diagnosis(data) -> list[Row]:
    d = data.get("diagnosis", {})
    swot = d.get("swot") or {}
    return [
        Row(
            "diagnosis",
            "",
            [
                (_("Current situation"), d.get("current_situation", "")),
                (_("Desired state"), d.get("desired_state", "")),
                (_("Gap"), d.get("gap", "")),
                (_("Root causes"), d.get("root_causes", "")),
                (_("Strengths"), swot.get("strengths", "")),
                (_("Weaknesses"), swot.get("weaknesses", "")),
                (_("Opportunities"), swot.get("opportunities", "")),
                (_("Threats"), swot.get("threats", "")),
            ],
        )
    ]


def _changes(data) -> list[Row]:
    rows = []
    for change in data.get("change_proposals", []):
        indicator = change.get("indicator") or {}
        linked = (
            f"{indicator.get('goal_number')}.{indicator.get('number')} {indicator.get('name', '')}"
            if indicator
            else ""
        )
        rows.append(
            Row(
                f"change:{change.get('id')}",
                change.get("title", ""),
                [
                    (_("Category"), _label(change.get("category"), "category")),
                    (_("Gap it closes"), change.get("gap", "")),
                    (_("Expected result"), change.get("expected_result", "")),
                    (_("Linked indicator"), linked),
                    (_("Responsible agency"), _org(change.get("responsible_agency"))),
                    (_("Timeframe"), _years(change.get("start_year"), change.get("end_year"))),
                ],
            )
        )
    return rows


def _readiness(data) -> list[Row]:
    return [
        Row(
            f"readiness:{item.get('id')}",
            f"{_label(item.get('capital'), 'capital')}: {item.get('requirement', '')}",
            [
                (_("Requirement"), item.get("requirement", "")),
                (_("Current level"), item.get("current_level", "")),
                (_("Gap"), item.get("gap", "")),
                (_("Action"), item.get("action", "")),
            ],
        )
        for item in data.get("readiness", [])
    ]


def _action_plan(data) -> list[Row]:
    rows = []
    for project in data.get("action_plan", {}).get("projects", []):
        strategy = project.get("strategy") or {}
        budgets = "\n".join(
            f"{b.get('fiscal_year')} · {_label(b.get('source'), 'source')}: {num(b.get('amount'))}"
            for b in project.get("budgets", [])
        )
        rows.append(
            Row(
                f"project:{project.get('id')}",
                f"{project.get('number')}. {project.get('title', '')}",
                [
                    (_("Strategy"), f"{strategy.get('number')}. {strategy.get('title', '')}"),
                    (_("Objective"), project.get("objective", "")),
                    (_("Lead agency"), _org(project.get("lead_agency"))),
                    (
                        _("Supporting agencies"),
                        ", ".join(_org(o) for o in project.get("supporting_agencies", [])),
                    ),
                    (_("Budget"), budgets),
                    (_("Total"), num(project.get("budget_total"))),
                ],
            )
        )
        for activity in project.get("activities", []):
            span = " – ".join(
                part
                for part in (_date(activity.get("start_date")), _date(activity.get("end_date")))
                if part
            )
            rows.append(
                Row(
                    f"activity:{activity.get('id')}",
                    activity.get("title", ""),
                    [
                        (_("Timeframe"), span),
                        (_("Responsible agency"), _org(activity.get("responsible_agency"))),
                    ],
                )
            )
        for milestone in project.get("milestones", []):
            rows.append(
                Row(
                    f"milestone:{milestone.get('id')}",
                    milestone.get("title", ""),
                    [(_("Due date"), _date(milestone.get("due_date")))],
                )
            )
    return rows


def _risks(data) -> list[Row]:
    return [
        Row(
            f"risk:{risk.get('id')}",
            risk.get("description", "")[:120],
            [
                (_("Risk"), risk.get("description", "")),
                (_("Likelihood"), _label(risk.get("likelihood"), "likelihood")),
                (_("Impact"), _label(risk.get("impact"), "impact")),
                (_("Mitigation"), risk.get("mitigation", "")),
                (_("Risk owner"), _org(risk.get("owner"))),
            ],
        )
        for risk in data.get("risks", [])
    ]


def _factors(data) -> list[Row]:
    return [
        Row(f"factor:{factor.get('id')}", "", [(_("Key success factor"), factor.get("text", ""))])
        for factor in data.get("success_factors", [])
    ]


BUILDERS = {
    SectionKey.HEADER: _header,
    SectionKey.GOALS: _goals,
    SectionKey.DIAGNOSIS: _diagnosis,
    SectionKey.CHANGES: _changes,
    SectionKey.READINESS: _readiness,
    SectionKey.ACTION_PLAN: _action_plan,
    SectionKey.RISKS: _risks,
    SectionKey.SUCCESS_FACTORS: _factors,
}


def section_rows(data: dict) -> dict[str, list[Row]]:
    """Every section of a submitted version as rows, in document order."""
    return {key: builder(data or {}) for key, builder in BUILDERS.items()}


# --------------------------------------------------------------------------
# Comparing two versions
# --------------------------------------------------------------------------


def _plain(row: Row, status: str) -> RowView:
    return RowView(
        key=row.key,
        title=row.title,
        status=status,
        fields=[FieldView(label=label, value=value) for label, value in row.fields],
    )


def _changed(old: Row, new: Row) -> RowView:
    old_values = {str(label): value for label, value in old.fields}
    fields = []
    for label, value in new.fields:
        before = old_values.get(str(label), "")
        fields.append(
            FieldView(
                label=label,
                value=value,
                old=before,
                diff=diff_html(before, value) if before != value else "",
            )
        )
    changed = any(item.changed for item in fields) or old.title != new.title
    return RowView(
        key=new.key,
        title=new.title,
        status="changed" if changed else "unchanged",
        fields=fields,
        title_diff=diff_html(old.title, new.title) if old.title != new.title else "",
    )


def compare(new_data: dict, old_data: dict | None) -> list[SectionView]:
    """The sections of ``new_data``, each row marked against ``old_data`` (if given).

    Rows removed since ``old_data`` are listed after the rows that remain.
    """
    new_sections = section_rows(new_data)
    old_sections = section_rows(old_data) if old_data is not None else {}
    views = []
    for key in BUILDERS:
        rows = []
        old_rows = {row.key: row for row in old_sections.get(key, [])}
        new_keys = set()
        for row in new_sections[key]:
            new_keys.add(row.key)
            if old_data is None:
                rows.append(_plain(row, ""))
            elif row.key in old_rows:
                rows.append(_changed(old_rows[row.key], row))
            else:
                rows.append(_plain(row, "added"))
        for old_key, row in old_rows.items():
            if old_key not in new_keys:
                rows.append(_plain(row, "removed"))
        views.append(SectionView(key=key, label=SectionKey(key).label, rows=rows))
    return views
