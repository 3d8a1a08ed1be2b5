"""Import a 4-year action plan from a workbook: preview (writes nothing), then apply.

What the sheet owns. A row is identified by its code; the columns present in the sheet are
the values it sets (an empty cell empties the field, or removes that year's target, or that
year and source's budget); columns the sheet does not have, and rows of the plan the sheet
does not mention, stay as they are — an import never deletes an element. A row is
*unchanged* when every value it sets equals what the plan holds, so importing the same file
twice changes nothing (no save, no version bump) the second time.

Applying recomputes the preview against the database as it is then; if it differs from what
the person saw (someone changed the plan meanwhile) nothing is written. Otherwise every row
goes through the plan's own forms and :mod:`strategies.services`, inside one transaction:
the same validation, version bumps, constraints and triggers as typing it in.
"""

import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from strategies import forms, services
from strategies.excel import layout, reading
from strategies.excel.reading import Problem
from strategies.excel.results import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    Change,
    ImportRefused,
    ImportStale,
    Preview,
    RowResult,
    SheetResult,
    fingerprint,
    mark_applied,
)
from strategies.models import (
    ActionPlan,
    BudgetSource,
    Goal,
    Indicator,
    NationalStrategy,
    Perspective,
    Project,
    ProjectBudget,
    StrategicIssue,
    Strategy,
)
from strategies.templatetags.thai_dates import num

PERSPECTIVES = layout.choice_index(Perspective.choices)
SOURCES = layout.choice_index(BudgetSource.choices, layout.SOURCE_ALIASES)
KIND_NAMES = {
    "issues": StrategicIssue._meta.verbose_name,
    "goals": Goal._meta.verbose_name,
    "indicators": Indicator._meta.verbose_name,
    "strategies": Strategy._meta.verbose_name,
    "projects": Project._meta.verbose_name,
}


class PlanState:
    """The plan's elements keyed by code, read in a fixed number of queries.

    ``issues``: the plan's issues to read (``strategies.cascade.plan_issues``: what
    the reader may see); by default all of them — for imports, which only editors of
    the whole plan reach."""

    def __init__(self, plan: ActionPlan, issues=None):
        self.plan = plan
        self.years = plan.years
        if issues is None:
            issues = StrategicIssue.objects.filter(plan=plan)
        self.issues = {
            (issue.number,): issue for issue in issues.prefetch_related("national_strategies")
        }
        self.goals = {
            (goal.issue.number, goal.number): goal
            for goal in Goal.objects.filter(issue__in=issues).select_related("issue")
        }
        self.indicators = {
            (ind.goal.issue.number, ind.goal.number, ind.number): ind
            for ind in Indicator.objects.filter(goal__issue__in=issues)
            .select_related("goal__issue", "owner")
            .prefetch_related("targets")
        }
        self.strategies = {
            (strategy.issue.number, strategy.number): strategy
            for strategy in Strategy.objects.filter(issue__in=issues)
            .select_related("issue")
            .prefetch_related("goals__issue")
        }
        self.projects = {
            (p.strategy.issue.number, p.strategy.number, p.number): p
            for p in Project.objects.filter(strategy__issue__in=issues)
            .select_related("strategy__issue", "lead_agency")
            .prefetch_related("supporting_agencies", "budgets")
        }
        self.national = {
            ns.number: ns
            for ns in NationalStrategy.objects.filter(plan_id=plan.administration_plan_id)
        }
        self.agencies = reading.AgencyIndex(forms._agencies_of(plan))

    def of(self, sheet_key):
        return getattr(self, sheet_key)

    def digest(self) -> list:
        """Everything an import compares or writes, for the stale-preview check."""
        rows = [["plan", self.plan.pk, self.plan.version, self.plan.start_year]]
        for key in ("issues", "goals", "indicators", "strategies", "projects"):
            for code, obj in sorted(self.of(key).items()):
                values = _plain(current_values(key, obj))
                rows.append([key, list(code), obj.pk, obj.version, values])
        return rows


def _plain(value):
    """``value`` as JSON-friendly data (dicts with tuple keys become sorted pairs)."""
    if isinstance(value, dict):
        return sorted([_plain(key), _plain(item)] for key, item in value.items())
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "pk"):
        return value.pk
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


# --------------------------------------------------------------------------
# The values an element holds, in the terms the sheet uses
# --------------------------------------------------------------------------


def current_values(key: str, obj) -> dict:
    if key == "issues":
        return {
            "title": obj.title,
            "description": obj.description,
            "national_strategies": sorted(ns.number for ns in obj.national_strategies.all()),
        }
    if key == "goals":
        return {"title": obj.title, "perspective": obj.perspective}
    if key == "indicators":
        return {
            "name": obj.name,
            "unit": obj.unit,
            "formula": obj.formula,
            "data_source": obj.data_source,
            "baseline": obj.baseline,
            "baseline_year": obj.baseline_year,
            "weight": obj.weight,
            "owner": obj.owner,
            "targets": {t.fiscal_year: t.value for t in obj.targets.all()},
        }
    if key == "strategies":
        return {
            "title": obj.title,
            "goals": sorted((goal.issue.number, goal.number) for goal in obj.goals.all()),
        }
    if key == "projects":
        return {
            "title": obj.title,
            "objective": obj.objective,
            "lead_agency": obj.lead_agency,
            "supporting_agencies": sorted(obj.supporting_agencies.all(), key=lambda o: o.pk),
            "budgets": {(b.fiscal_year, b.source): b.amount for b in obj.budgets.all()},
        }
    raise ValueError(key)


EMPTY = {
    "issues": {"title": "", "description": "", "national_strategies": []},
    "goals": {"title": "", "perspective": Perspective.EFFECTIVENESS},
    "indicators": {
        "name": "",
        "unit": "",
        "formula": "",
        "data_source": "",
        "baseline": None,
        "baseline_year": None,
        "weight": None,
        "owner": None,
        "targets": {},
    },
    "strategies": {"title": "", "goals": []},
    "projects": {
        "title": "",
        "objective": "",
        "lead_agency": None,
        "supporting_agencies": [],
        "budgets": {},
    },
}

MODELS = {
    "issues": StrategicIssue,
    "goals": Goal,
    "indicators": Indicator,
    "strategies": Strategy,
    "projects": Project,
}


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, Decimal):
        return num(value)
    if isinstance(value, tuple):
        return reading.code_text(value)
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if hasattr(value, "name") and hasattr(value, "code"):
        return value.name
    return str(value)


def _field_label(key, name) -> str:
    return str(MODELS[key]._meta.get_field(name).verbose_name)


def _choice_label(choices, value) -> str:
    return str(dict(choices).get(value, value))


def _changes(key, old: dict, new: dict) -> list[Change]:
    changes = []
    for name, value in new.items():
        if name in ("targets", "budgets"):
            continue
        before = old.get(name)
        if _same(before, value):
            continue
        if name == "perspective":
            before_text = _choice_label(Perspective.choices, before)
            after_text = _choice_label(Perspective.choices, value)
        else:
            before_text, after_text = _shown(before), _shown(value)
        changes.append(Change(_field_label(key, name), before_text, after_text))
    if "targets" in new:
        for year, value in sorted(new["targets"].items()):
            before = old["targets"].get(year)
            if not _same(before, value):
                label = _("Target FY %(year)s") % {"year": year}
                changes.append(Change(label, _shown(before), _shown(value)))
    return changes


def _same(a, b) -> bool:
    """Equal as the sheet sees it: empty text and no value are the same; 1.5 == 1.50."""
    if isinstance(a, list) or isinstance(b, list):
        return [getattr(x, "pk", x) for x in a or []] == [getattr(x, "pk", x) for x in b or []]
    if a in ("", None) or b in ("", None):
        return a in ("", None) and b in ("", None)
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(a) == Decimal(b)
    return a == b


# --------------------------------------------------------------------------
# Preview
# --------------------------------------------------------------------------


def preview_plan_import(plan: ActionPlan, content: bytes) -> Preview:
    """What importing ``content`` into ``plan`` would do. Writes nothing.

    Raises :class:`~strategies.excel.safety.WorkbookRefused` for a file that is not a
    workbook this app reads; everything else wrong is reported on its row.
    """
    from strategies.excel.safety import open_workbook

    workbook = open_workbook(content)
    try:
        read = reading.read_sheets(workbook, layout.PLAN_SHEETS, years=plan.years)
    except reading.WorkbookRefused:
        raise
    except Exception as error:  # a malformed part found only while reading rows
        raise reading.WorkbookRefused(
            _("The workbook could not be read. Open it in Excel, save it again as .xlsx and retry.")
        ) from error
    finally:
        workbook.close()
    state = PlanState(plan)
    preview = Preview(sheets=[], ignored=read.ignored, state=state)
    if not read.sheets:
        preview.problems.append(
            Problem(
                "",
                _("No sheet of the template was found. Expected sheets named: %(names)s.")
                % {"names": ", ".join(f"“{spec.title}”" for spec in layout.PLAN_SHEETS)},
            )
        )
    builder = _Builder(state, read)
    for spec in layout.PLAN_SHEETS:
        preview.sheets.append(builder.sheet(spec))
    preview.fingerprint = fingerprint(hashlib.sha256(content).hexdigest(), plan.pk, state.digest())
    return preview


class _Builder:
    def __init__(self, state: PlanState, read):
        self.state = state
        self.read = read
        self.in_file: dict[str, set] = {}  # sheet key → codes of rows without problems

    def sheet(self, spec) -> SheetResult:
        result = SheetResult(key=spec.key, title=spec.title)
        sheet = self.read.sheets.get(spec.key)
        if sheet is None:
            self.in_file[spec.key] = set()
            return result
        result.found_as = sheet.title
        result.problems = list(sheet.problems)
        handler = getattr(self, f"_row_{spec.key}")
        for row in sheet.rows:
            outcome = RowResult(row=row.number, code="", label="")
            outcome.problems.extend(row.problems)
            handler(sheet, row, outcome)
            result.rows.append(outcome)
        self._duplicates(result)
        for outcome in result.rows:
            self._decide(spec.key, outcome)
        self.in_file[spec.key] = {row.key for row in result.rows if row.key is not None}
        if spec.key != "budgets":
            mentioned = {row.key for row in result.rows}
            result.left_alone = sum(1 for code in self.state.of(spec.key) if code not in mentioned)
        return result

    # ---- rows of each sheet --------------------------------------------------

    def _code(self, sheet, row, outcome, depth, column="code"):
        code, problem = reading.as_code(row.cell(column), depth)
        outcome.add(sheet.ref(row, column), problem)
        if code is not None:
            outcome.code = reading.code_text(code)
            outcome.refs["code"] = sheet.ref(row, column)
        return code

    def _text(self, sheet, row, outcome, name):
        if name not in sheet.columns:
            return
        column = sheet.spec.column(name)
        value, problem = reading.as_text(
            row.cell(name), required=column.required, max_length=column.max_length
        )
        outcome.add(sheet.ref(row, name), problem)
        outcome.values[name] = value
        outcome.refs[name] = sheet.ref(row, name)

    def _parent(self, sheet, row, outcome, parent_key, code):
        if code is None:
            return
        parent = code[:-1]
        if parent in self.state.of(parent_key) or parent in self.in_file.get(parent_key, ()):
            return
        outcome.add(
            sheet.ref(row, "code"),
            _("%(kind)s %(code)s is neither in the plan nor in this file.")
            % {"kind": KIND_NAMES[parent_key].capitalize(), "code": reading.code_text(parent)},
        )

    def _row_issues(self, sheet, row, outcome):
        code = self._code(sheet, row, outcome, 1)
        outcome.key = code
        self._text(sheet, row, outcome, "title")
        self._text(sheet, row, outcome, "description")
        if "national_strategies" in sheet.columns:
            text, _problem = reading.as_text(row.cell("national_strategies"))
            numbers, unknown = [], []
            for part in reading.split_list(text):
                number = part.translate(reading.THAI_DIGITS).strip().rstrip(".")
                if number.isdigit() and int(number) in self.state.national:
                    numbers.append(int(number))
                else:
                    unknown.append(part)
            ref = sheet.ref(row, "national_strategies")
            if unknown:
                outcome.add(
                    ref,
                    _("No national strategy %(numbers)s in the administration plan.")
                    % {"numbers": ", ".join(unknown)[:80]},
                )
            outcome.values["national_strategies"] = sorted(set(numbers))
            outcome.refs["national_strategies"] = ref
        outcome.label = outcome.values.get("title", "")

    def _row_goals(self, sheet, row, outcome):
        code = self._code(sheet, row, outcome, 2)
        outcome.key = code
        self._parent(sheet, row, outcome, "issues", code)
        self._text(sheet, row, outcome, "title")
        if "perspective" in sheet.columns:
            labels = [str(label) for _value, label in Perspective.choices]
            value, problem = reading.as_choice(
                row.cell("perspective"), PERSPECTIVES, labels, required=True
            )
            outcome.add(sheet.ref(row, "perspective"), problem)
            outcome.values["perspective"] = value
            outcome.refs["perspective"] = sheet.ref(row, "perspective")
        outcome.label = outcome.values.get("title", "")

    def _row_indicators(self, sheet, row, outcome):
        code = self._code(sheet, row, outcome, 3)
        outcome.key = code
        self._parent(sheet, row, outcome, "goals", code)
        for name in ("name", "unit", "formula", "data_source"):
            self._text(sheet, row, outcome, name)
        numbers = {
            "baseline": {},
            "weight": {"minimum": Decimal(0), "maximum": Decimal(100)},
        }
        for name, limits in numbers.items():
            if name in sheet.columns:
                value, problem = reading.as_decimal(row.cell(name), **limits)
                outcome.add(sheet.ref(row, name), problem)
                outcome.values[name] = value
                outcome.refs[name] = sheet.ref(row, name)
        if "baseline_year" in sheet.columns:
            value, problem = reading.as_year(row.cell("baseline_year"), [])
            outcome.add(sheet.ref(row, "baseline_year"), problem)
            outcome.values["baseline_year"] = value
            outcome.refs["baseline_year"] = sheet.ref(row, "baseline_year")
        if "owner" in sheet.columns:
            value, problem = self.state.agencies.one(row.cell("owner"))
            outcome.add(sheet.ref(row, "owner"), problem)
            outcome.values["owner"] = value
            outcome.refs["owner"] = sheet.ref(row, "owner")
        if sheet.years:
            targets = {}
            for year in sheet.years:
                value, problem = reading.as_decimal(row.years.get(year))
                outcome.add(sheet.ref(row, year), problem)
                targets[year] = value
                outcome.refs[year] = sheet.ref(row, year)
            outcome.values["targets"] = targets
        outcome.label = outcome.values.get("name", "")

    def _row_strategies(self, sheet, row, outcome):
        code = self._code(sheet, row, outcome, 2)
        outcome.key = code
        self._parent(sheet, row, outcome, "issues", code)
        self._text(sheet, row, outcome, "title")
        if "goals" in sheet.columns:
            text, _problem = reading.as_text(row.cell("goals"))
            ref = sheet.ref(row, "goals")
            goals = []
            for part in reading.split_list(text):
                goal = reading.parse_code(part, 2)
                if goal is None:
                    outcome.add(
                        ref,
                        _("The code “%(value)s” should look like %(example)s.")
                        % {"value": part[:40], "example": "1.2"},
                    )
                elif code is not None and goal[0] != code[0]:
                    outcome.add(
                        ref,
                        _("Goal %(goal)s belongs to another strategic issue.")
                        % {"goal": reading.code_text(goal)},
                    )
                elif goal not in self.state.goals and goal not in self.in_file.get("goals", ()):
                    outcome.add(
                        ref,
                        _("%(kind)s %(code)s is neither in the plan nor in this file.")
                        % {
                            "kind": KIND_NAMES["goals"].capitalize(),
                            "code": reading.code_text(goal),
                        },
                    )
                elif goal not in goals:
                    goals.append(goal)
            outcome.values["goals"] = sorted(goals)
            outcome.refs["goals"] = ref
        outcome.label = outcome.values.get("title", "")

    def _row_projects(self, sheet, row, outcome):
        code = self._code(sheet, row, outcome, 3)
        outcome.key = code
        self._parent(sheet, row, outcome, "strategies", code)
        self._text(sheet, row, outcome, "title")
        self._text(sheet, row, outcome, "objective")
        if "lead_agency" in sheet.columns:
            value, problem = self.state.agencies.one(row.cell("lead_agency"))
            outcome.add(sheet.ref(row, "lead_agency"), problem)
            outcome.values["lead_agency"] = value
            outcome.refs["lead_agency"] = sheet.ref(row, "lead_agency")
        if "supporting_agencies" in sheet.columns:
            value, problem = self.state.agencies.many(row.cell("supporting_agencies"))
            outcome.add(sheet.ref(row, "supporting_agencies"), problem)
            outcome.values["supporting_agencies"] = sorted(value, key=lambda o: o.pk)
            outcome.refs["supporting_agencies"] = sheet.ref(row, "supporting_agencies")
        outcome.label = outcome.values.get("title", "")

    def _row_budgets(self, sheet, row, outcome):
        project = self._code(sheet, row, outcome, 3, column="project")
        if project is not None and not (
            project in self.state.projects or project in self.in_file.get("projects", ())
        ):
            outcome.add(
                sheet.ref(row, "project"),
                _("%(kind)s %(code)s is neither in the plan nor in this file.")
                % {
                    "kind": KIND_NAMES["projects"].capitalize(),
                    "code": reading.code_text(project),
                },
            )
        year, problem = reading.as_year(row.cell("fiscal_year"), self.state.years, required=True)
        outcome.add(sheet.ref(row, "fiscal_year"), problem)
        labels = [str(label) for _value, label in BudgetSource.choices]
        source, problem = reading.as_choice(row.cell("source"), SOURCES, labels, required=True)
        outcome.add(sheet.ref(row, "source"), problem)
        amount = None
        if "amount" in sheet.columns:
            amount, problem = reading.as_decimal(row.cell("amount"))
            if amount is not None and amount < 0:
                amount, problem = None, _("A budget cannot be negative.")
            outcome.add(sheet.ref(row, "amount"), problem)
        outcome.values = {"project": project, "fiscal_year": year, "source": source}
        outcome.values["amount"] = amount
        outcome.refs["amount"] = sheet.ref(row, "amount")
        if project is not None and year is not None and source is not None:
            outcome.key = (project, year, source)
            source_label = _choice_label(BudgetSource.choices, source)
            outcome.code = f"{reading.code_text(project)} · {year} · {source_label}"
        obj = self.state.projects.get(project) if project else None
        outcome.label = obj.title if obj else ""

    # ---- shared --------------------------------------------------------------

    def _duplicates(self, result: SheetResult) -> None:
        rows_by_key: dict = {}
        for outcome in result.rows:
            if outcome.key is not None:
                rows_by_key.setdefault(outcome.key, []).append(outcome)
        for key, outcomes in rows_by_key.items():
            if len(outcomes) < 2:
                continue
            for outcome in outcomes:
                others = ", ".join(str(other.row) for other in outcomes if other is not outcome)
                shown = reading.code_text(key) if result.key != "budgets" else outcome.code
                outcome.add(
                    outcome.refs.get("code", ""),
                    _("Duplicate code %(code)s: it also appears in row(s) %(rows)s.")
                    % {"code": shown, "rows": others},
                )

    def _decide(self, key, outcome: RowResult) -> None:
        if outcome.problems or outcome.key is None:
            outcome.action = ERROR
            if outcome.key is None and not outcome.problems:
                outcome.add("", _("This row could not be read."))
            return
        if key == "budgets":
            self._decide_budget(outcome)
            return
        obj = self.state.of(key).get(outcome.key)
        outcome.obj = obj
        if obj is None:
            outcome.action = CREATE
            return
        old = current_values(key, obj)
        new = {name: value for name, value in outcome.values.items()}
        outcome.changes = _changes(key, old, new)
        outcome.action = UPDATE if outcome.changes else UNCHANGED
        if not outcome.label:
            outcome.label = getattr(obj, "title", None) or getattr(obj, "name", "")

    def _decide_budget(self, outcome: RowResult) -> None:
        project, year, source = outcome.key
        obj = self.state.projects.get(project)
        before = None
        if obj is not None:
            before = {(b.fiscal_year, b.source): b.amount for b in obj.budgets.all()}.get(
                (year, source)
            )
        after = outcome.values["amount"]
        label = str(ProjectBudget._meta.get_field("amount").verbose_name)
        if _same(before, after):
            outcome.action = UNCHANGED
        elif before is None:
            outcome.action = CREATE
            outcome.changes = [Change(label, "—", _shown(after))]
        else:
            outcome.action = UPDATE
            outcome.changes = [Change(label, _shown(before), _shown(after))]


# --------------------------------------------------------------------------
# Apply
# --------------------------------------------------------------------------


def apply_plan_import(*, user, plan: ActionPlan, batch, fingerprint: str) -> dict[str, int]:
    """Apply the stored workbook of ``batch`` to ``plan``, all of it or nothing.

    Raises :class:`ImportStale` when the preview the person confirmed (``fingerprint``) is
    no longer what the file would do, :class:`ImportRefused` when the file has errors or
    was applied already. Returns the number of rows created and changed.
    """
    try:
        with transaction.atomic():
            return _apply(user=user, plan=plan, batch=batch, expected=fingerprint)
    except IntegrityError as error:
        raise ImportRefused(
            _("The database refused the import; nothing was written. (%(error)s)")
            % {"error": str(error).splitlines()[0][:200]}
        ) from error


def _apply(*, user, plan, batch, expected) -> dict[str, int]:
    from strategies.excel.models import ImportBatch

    # One import at a time per plan, and a batch is applied once (PostgreSQL row locks).
    ActionPlan.objects.select_for_update().filter(pk=plan.pk).exists()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.applied_at is not None:
        raise ImportRefused(_("This file was imported already."))
    preview = preview_plan_import(plan, bytes(batch.content))
    if preview.fingerprint != expected:
        raise ImportStale(
            _(
                "The plan changed since you looked at the preview (or the preview is out of "
                "date). Nothing was imported: check the new preview and confirm again."
            )
        )
    if preview.has_errors:
        raise ImportRefused(
            _("The file has errors; nothing was imported. Fix them and upload again.")
        )
    writer = _Writer(user=user, plan=plan, preview=preview)
    writer.run()
    return mark_applied(batch, preview)


class _Writer:
    """Writes the preview's rows through the plan's forms and services, parents first."""

    def __init__(self, *, user, plan, preview: Preview):
        self.user = user
        self.plan = plan
        self.preview = preview
        self.state: PlanState = preview.state
        self.made: dict[str, dict] = {key: {} for key in MODELS}
        budgets = {}
        for outcome in preview.sheet("budgets").rows:
            if outcome.action in (CREATE, UPDATE):
                project, year, source = outcome.key
                budgets.setdefault(project, {})[(year, source)] = outcome
        self.budgets = budgets

    def element(self, key, code):
        return self.made[key].get(code) or self.state.of(key).get(code)

    def run(self) -> None:
        for key in ("issues", "goals", "indicators", "strategies", "projects"):
            done = set()
            for outcome in self.preview.sheet(key).rows:
                if outcome.action in (CREATE, UPDATE) or (
                    key == "projects" and outcome.key in self.budgets
                ):
                    self.write(key, outcome)
                    done.add(outcome.key)
            if key == "projects":
                for code in self.budgets:
                    if code not in done:  # budgets of a project the file does not list
                        self.write(key, RowResult(row=None, code="", label="", key=code))

    def write(self, key, outcome: RowResult) -> None:
        code = outcome.key
        obj = self.state.of(key).get(code)
        values = current_values(key, obj) if obj is not None else dict(EMPTY[key])
        values.update(outcome.values)
        data = self.form_data(key, code, values)
        if obj is not None:
            data["version"] = obj.version
        form_class, _parent_field, parent = self.form_for(key, code)
        form = form_class(
            data, instance=obj, plan=self.plan, parent=parent if obj is None else None
        )
        if not form.is_valid():
            raise ImportRefused(
                _("The file has errors; nothing was imported. Fix them and upload again."),
                self.form_problems(form, outcome),
            )
        try:
            if obj is None:
                obj = services.element_create(
                    user=self.user,
                    model=form._meta.model,
                    parent=parent,
                    values=form.values(),
                    **form.extras(),
                )
                self.made[key][code] = obj
            else:
                services.element_update(
                    user=self.user,
                    element=obj,
                    values=form.values(),
                    version=form.cleaned_data.get("version"),
                    **form.extras(),
                )
        except ValidationError as error:  # past what an issue may hold (strategies.limits)
            raise ImportRefused(
                _("The file has errors; nothing was imported. Fix them and upload again."),
                [Problem(outcome.refs.get("code", ""), message) for message in error.messages],
            ) from error
        except services.StaleEdit as error:
            raise ImportStale(
                _(
                    "Someone changed the plan while it was being imported. Nothing was "
                    "imported: check the new preview and confirm again."
                )
            ) from error

    def form_for(self, key, code):
        if key == "issues":
            return forms.StrategicIssueForm, "plan", self.plan
        if key == "goals":
            return forms.GoalForm, "issue", self.element("issues", code[:1])
        if key == "indicators":
            return forms.IndicatorForm, "goal", self.element("goals", code[:2])
        if key == "strategies":
            return forms.StrategyForm, "issue", self.element("issues", code[:1])
        return forms.ProjectForm, "strategy", self.element("strategies", code[:2])

    def form_data(self, key, code, values) -> dict:
        data = {"number": code[-1]}
        for name, value in values.items():
            if name in ("targets", "budgets"):
                continue
            if name == "national_strategies":
                data[name] = [self.state.national[number].pk for number in value]
            elif name == "goals":
                data[name] = [self.element("goals", goal).pk for goal in value]
            elif name == "supporting_agencies":
                data[name] = [organisation.pk for organisation in value]
            else:
                data[name] = _form_value(value)
        if key == "indicators":
            for year in self.plan.years:
                data[forms.IndicatorForm.target_field(year)] = _form_value(
                    values["targets"].get(year)
                )
        if key == "projects":
            budgets = dict(values["budgets"])
            for (year, source), outcome in self.budgets.get(code, {}).items():
                budgets[(year, source)] = outcome.values["amount"]
            for year in self.plan.years:
                for source, _label in BudgetSource.choices:
                    data[forms.ProjectForm.budget_field(year, source)] = _form_value(
                        budgets.get((year, source))
                    )
        return data

    def form_problems(self, form, outcome: RowResult) -> list[Problem]:
        problems = []
        for name, errors in form.errors.items():
            ref = outcome.refs.get(name, outcome.refs.get("code", ""))
            if name.startswith("target_"):
                ref = outcome.refs.get(int(name.removeprefix("target_")), ref)
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                problems.append(Problem(ref, f"{label}: {error}" if label else str(error)))
        return problems


def _form_value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


__all__ = ["ImportRefused", "ImportStale", "apply_plan_import", "preview_plan_import"]
