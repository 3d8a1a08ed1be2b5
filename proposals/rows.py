"""The kinds of rows a Blueprint is made of, and how each is written down for history.

One registry serves the generic views (add, edit, remove, move), the history
(what a row looked like at each save), the comparison (readable text of each
field) and restore (raw values to write back). Rows of the goals section and the
projects of the action plan are cascade rows (:mod:`strategies.models`); the others
belong to the Blueprint.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from proposals.models import (
    MAX_TEXT_LENGTH,
    Blueprint,
    ChangeProposal,
    Diagnosis,
    ProjectActivity,
    ProjectMilestone,
    ReadinessItem,
    Risk,
    SectionKey,
    SuccessFactor,
)
from strategies import limits as cascade_limits
from strategies.models import BudgetSource, Goal, Indicator, Project
from strategies.templatetags.thai_dates import format_be_date, num


@dataclass(frozen=True)
class RowKind:
    key: str
    model: type[models.Model]
    section: str
    fields: tuple[str, ...]  # the content, in display order
    parent: str | None = None  # FK to the row this one hangs from (restore needs it)
    cascade: bool = False  # a row of strategies, shared with the action plan
    ordered: bool = False  # has a ``position`` the people can change
    single: bool = False  # exactly one per Blueprint (no add/remove)
    blueprint_field: str | None = "blueprint"  # FK to the Blueprint, if the row has one
    extra: tuple[str, ...] = field(default=())  # "targets" / "budgets" / "supporting_agencies"
    # FK to the agency that owns the row: only it (or the strategy office) changes the row,
    # and only someone who may change it may set it (see ``proposals.access.Rights.owns``).
    owner_field: str | None = None
    issue_lookup: str | None = None  # cascade rows: the lookup to their strategic issue
    # Bounds on what one Blueprint may hold (proposals.limits): rows of this kind per
    # Blueprint (cascade rows: per strategic issue, strategies.limits), and characters
    # in each long text.
    max_rows: int = 100
    max_chars: int = 3000
    # How its rows are read: related rows joined, and (``prefetch=True``) the many-valued
    # extras read with them (what serialising the row for history needs).
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    # Cascade rows hanging from another cascade row: the lookup from that parent to the
    # strategic issue (the parent must belong to the Blueprint's issue).
    parent_issue_lookup: str | None = None
    # The fields a row is ordered among its Blueprint's rows by (its project, its capital).
    order_within: tuple[str, ...] = ()
    # The fields a link to the add form may preset (``?capital=…``, ``?strategy=…``).
    presets: tuple[str, ...] = ()
    # Only the strategy office changes it (the Blueprint's header).
    office_only: bool = False

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def is_header(self) -> bool:
        """The Blueprint's own header (edited through ``blueprint_update_header``)."""
        return self.model is Blueprint

    @property
    def parent_model(self):
        return self.model._meta.get_field(self.parent).related_model if self.parent else None

    @property
    def parent_in_fields(self) -> bool:
        """The parent is chosen in the row's own form (a project's strategy)."""
        return self.parent is not None and self.parent in self.fields

    @property
    def asks_parent(self) -> bool:
        """A new row is added under a given parent row (``?parent=``): an indicator under
        its goal, an activity or a milestone under its project."""
        return self.parent_issue_lookup is not None and not self.parent_in_fields

    @property
    def children(self) -> list["RowKind"]:
        """The kinds whose rows hang from rows of this kind (removed with them)."""
        return [kind for kind in KINDS.values() if kind.parent == self.key]

    def queryset(self, *, prefetch: bool = False):
        queryset = self.model.objects.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if prefetch and self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def rows_of(self, blueprint, *, prefetch: bool = False):
        """The rows of this kind in ``blueprint`` (cascade rows: of its strategic issue)."""
        queryset = self.queryset(prefetch=prefetch)
        if self.cascade:
            return queryset.filter(**{f"{self.issue_lookup}_id": blueprint.issue_id})
        if self.blueprint_field:
            return queryset.filter(**{self.blueprint_field: blueprint})
        return queryset.filter(pk=blueprint.pk)

    def parent_of(self, blueprint, pk):
        """The row ``pk`` a new row of this kind would hang from, if it belongs to the
        Blueprint's strategic issue (else ``None``)."""
        if self.parent_issue_lookup is None:
            return None
        lookup = {f"{self.parent_issue_lookup}_id": blueprint.issue_id}
        return self.parent_model.objects.filter(pk=pk, **lookup).first()

    def order_group(self, blueprint, values_or_obj) -> dict:
        """The rows a row is ordered among: its Blueprint, and its project or capital."""
        if isinstance(values_or_obj, dict):
            return {"blueprint": blueprint, **{n: values_or_obj.get(n) for n in self.order_within}}
        return {"blueprint": blueprint, **{n: getattr(values_or_obj, n) for n in self.order_within}}

    def label_of(self, obj) -> str:
        """A short, human name for the row, kept with each revision."""
        if isinstance(obj, Indicator):
            return f"{obj.goal.number}.{obj.number} {obj.name}"
        if isinstance(obj, Goal | Project):
            return f"{obj.number}. {obj.title}"
        if self.single:
            return ""  # shown as the kind's name, in the reader's language
        return str(obj)[:200]


KINDS: dict[str, RowKind] = {
    kind.key: kind
    for kind in [
        RowKind(
            "header",
            Blueprint,
            SectionKey.HEADER,
            (
                "title",
                "fiscal_year",
                "cluster",
                "cluster_reference",
                "cluster_url",
            ),
            single=True,
            blueprint_field=None,
            office_only=True,
        ),
        RowKind(
            "goal",
            Goal,
            SectionKey.GOALS,
            ("number", "title", "perspective"),
            parent="issue",
            cascade=True,
            blueprint_field=None,
            issue_lookup="issue",
            max_rows=cascade_limits.MAX_GOALS,
        ),
        RowKind(
            "indicator",
            Indicator,
            SectionKey.GOALS,
            (
                "number",
                "name",
                "unit",
                "formula",
                "data_source",
                "baseline",
                "baseline_year",
                "weight",
                "owner",
            ),
            parent="goal",
            cascade=True,
            blueprint_field=None,
            issue_lookup="goal__issue",
            extra=("targets",),
            select_related=("owner", "goal"),
            prefetch_related=("targets",),
            parent_issue_lookup="issue",
            max_rows=cascade_limits.MAX_INDICATORS,
        ),
        RowKind(
            "diagnosis",
            Diagnosis,
            SectionKey.DIAGNOSIS,
            (
                "current_situation",
                "desired_state",
                "gap",
                "root_causes",
                "strengths",
                "weaknesses",
                "opportunities",
                "threats",
            ),
            single=True,
            max_chars=MAX_TEXT_LENGTH,
        ),
        RowKind(
            "change",
            ChangeProposal,
            SectionKey.CHANGES,
            (
                "category",
                "title",
                "gap",
                "expected_result",
                "indicator",
                "responsible_agency",
                "start_year",
                "end_year",
            ),
            ordered=True,
            select_related=("indicator__goal", "responsible_agency"),
        ),
        RowKind(
            "readiness",
            ReadinessItem,
            SectionKey.READINESS,
            ("capital", "requirement", "current_level", "gap", "action"),
            ordered=True,
            order_within=("capital",),
            presets=("capital",),
        ),
        RowKind(
            "project",
            Project,
            SectionKey.ACTION_PLAN,
            ("strategy", "number", "title", "objective", "lead_agency"),
            parent="strategy",
            cascade=True,
            blueprint_field=None,
            issue_lookup="strategy__issue",
            extra=("supporting_agencies", "budgets"),
            owner_field="lead_agency",
            select_related=("lead_agency", "strategy"),
            prefetch_related=("budgets", "supporting_agencies"),
            parent_issue_lookup="issue",
            presets=("strategy",),
            max_rows=cascade_limits.MAX_PROJECTS,
        ),
        RowKind(
            "activity",
            ProjectActivity,
            SectionKey.ACTION_PLAN,
            ("title", "start_date", "end_date", "responsible_agency"),
            parent="project",
            ordered=True,
            parent_issue_lookup="strategy__issue",
            order_within=("project",),
            max_rows=500,
            select_related=("responsible_agency",),
        ),
        RowKind(
            "milestone",
            ProjectMilestone,
            SectionKey.ACTION_PLAN,
            ("title", "due_date", "indicator", "value"),
            parent="project",
            ordered=True,
            parent_issue_lookup="strategy__issue",
            order_within=("project",),
            max_rows=500,
            select_related=("indicator__goal",),
        ),
        RowKind(
            "risk",
            Risk,
            SectionKey.RISKS,
            ("description", "likelihood", "impact", "mitigation", "owner"),
            ordered=True,
            select_related=("owner",),
        ),
        RowKind(
            "factor",
            SuccessFactor,
            SectionKey.SUCCESS_FACTORS,
            ("text",),
            ordered=True,
            max_rows=50,
            max_chars=1000,
        ),
    ]
}

# Kinds per section, parents before children (restore creates in this order).
SECTION_KINDS: dict[str, list[str]] = {}
for _kind in KINDS.values():
    SECTION_KINDS.setdefault(_kind.section, []).append(_kind.key)


def kind_or_none(key: str) -> RowKind | None:
    return KINDS.get(key)


# --------------------------------------------------------------------------
# Serialising a row: raw values (to restore) and readable text (to compare)
# --------------------------------------------------------------------------


def _raw(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _readable(model_field, obj) -> str:
    value = getattr(obj, model_field.attname)
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        if isinstance(related, Indicator):
            return f"{related.goal.number}.{related.number} {related.name}"
        return str(related)
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if isinstance(value, datetime.date):
        return format_be_date(value)
    if isinstance(value, Decimal):
        return num(value)
    return str(value)


def serialize(kind: RowKind, obj, *, extras: bool = True) -> tuple[dict, dict]:
    """``(data, display)`` of a row: raw values by attribute name, readable text by field.

    Reads the row's related objects (agency names…): call it on rows fetched with
    their relations, or accept a few queries per row. ``extras=False`` leaves out
    targets, budgets and supporting agencies (read from the database otherwise).
    """
    data: dict = {"position": obj.position} if kind.ordered else {}
    display: dict = {}
    if kind.parent:
        data[kind.parent] = getattr(obj, f"{kind.parent}_id")
    for name in kind.fields:
        model_field = kind.model._meta.get_field(name)
        data[model_field.attname] = _raw(getattr(obj, model_field.attname))
        display[name] = _readable(model_field, obj)
    if not extras:
        return data, display
    if "targets" in kind.extra:
        targets = sorted(obj.targets.all(), key=lambda t: t.fiscal_year)
        data["targets"] = {str(t.fiscal_year): str(t.value) for t in targets}
        for target in targets:
            display[f"target_{target.fiscal_year}"] = num(target.value)
    if "supporting_agencies" in kind.extra:
        agencies = sorted(obj.supporting_agencies.all(), key=lambda org: org.name)
        data["supporting_agencies"] = sorted(org.pk for org in agencies)
        display["supporting_agencies"] = ", ".join(org.name for org in agencies)
    if "budgets" in kind.extra:
        budgets = sorted(obj.budgets.all(), key=lambda b: (b.fiscal_year, b.source))
        data["budgets"] = {f"{b.fiscal_year}:{b.source}": str(b.amount) for b in budgets}
        for budget in budgets:
            display[f"budget_{budget.fiscal_year}_{budget.source}"] = num(budget.amount)
    return data, display


def field_label(kind: RowKind, key: str) -> str:
    """The label of a ``display`` key: a model field, a year's target or a budget cell."""
    if key.startswith("target_"):
        return str(_("Target FY %(year)s") % {"year": key.removeprefix("target_")})
    if key.startswith("budget_"):
        _prefix, year, source = key.split("_", 2)
        source_label = dict(BudgetSource.choices).get(source, source)
        return str(_("%(source)s, FY %(year)s") % {"source": source_label, "year": year})
    if key == "supporting_agencies":
        return str(Project._meta.get_field("supporting_agencies").verbose_name)
    try:
        return str(kind.model._meta.get_field(key).verbose_name)
    except Exception:  # a field that no longer exists in the model
        return key


def ordered_display_keys(kind: RowKind, *displays: dict) -> list[str]:
    """Every display key of one or more versions of a row, in a stable reading order."""
    keys = list(kind.fields)
    if "supporting_agencies" in kind.extra:
        keys.append("supporting_agencies")
    extra = sorted({key for display in displays for key in display if key not in keys})
    return keys + extra


def values_from_data(kind: RowKind, data: dict) -> dict:
    """Field values (by attribute name) to write back when restoring ``data``."""
    values = {}
    for name in kind.fields:
        model_field = kind.model._meta.get_field(name)
        if model_field.attname in data:
            values[model_field.attname] = model_field.to_python(data[model_field.attname])
    if kind.ordered and "position" in data:
        values["position"] = data["position"]
    return values


def kind_label(key: str) -> str:
    """The name of a kind of row, translated (for a revision saved without a label)."""
    kind = KINDS.get(key)
    return str(kind.verbose_name) if kind else key
