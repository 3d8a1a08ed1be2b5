"""Bulk entry: one workbook of everything a person must report in a period — download, fill
in Excel, upload, preview, confirm.

The same machinery as the plan and agency-input workbooks (:mod:`strategies.excel`): the
upload is checked by :mod:`strategies.excel.safety` (size, zip bombs, XML, formulas), read by
:func:`strategies.excel.reading.read_sheets`, previewed row by row (new / changed /
unchanged / error with the cell and a Thai message) and applied in one transaction through
:mod:`proposals.monitoring.services` (rights, the period's lock, versions and history as when
typing it in; revisions say "workbook").

Rows are matched by code (indicator ``1.2.3``, project ``1.2.3``); the downloaded workbook
holds the values already entered, so uploading it unchanged — or the same file twice —
changes nothing. An empty value cell changes nothing (an import never removes a value); the
columns of names, units and targets are there to read and are not imported.
"""

import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.monitoring import access, services
from proposals.monitoring.models import NOTE_MAX_LENGTH, IndicatorActual, ProjectProgress
from strategies.excel import reading, writing
from strategies.excel.layout import Column, SheetSpec
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
from strategies.models import BudgetSource, Indicator, Project
from strategies.templatetags.thai_dates import num

SOURCE_HEADERS = {
    "regular": "งบปกติ",
    "ceo_governor": "งบผู้ว่าฯ CEO",
    "local": "งบท้องถิ่น",
    "other": "งบอื่น",
}

INDICATOR_SHEET = SheetSpec(
    "actuals",
    "ผลตัวชี้วัด",
    "Indicator results",
    (
        Column("code", "รหัสตัวชี้วัด", "Indicator code", "code", True, 14,
               note="รหัส 1.2.3 ตามแผน ห้ามแก้ไข"),
        Column("name", "ตัวชี้วัด", "Indicator", width=50, note="เพื่ออ่านเท่านั้น ไม่นำเข้า"),
        Column("unit", "หน่วยนับ", "Unit", width=14, note="เพื่ออ่านเท่านั้น"),
        Column("target", "ค่าเป้าหมายปี", "Year target", "number", width=14,
               note="เพื่ออ่านเท่านั้น"),
        Column("value", "ผลการดำเนินงานไตรมาสนี้", "Actual value", "number", width=18,
               note="ตัวเลข เว้นว่าง = ไม่เปลี่ยนแปลง ตัวชี้วัดแบบสะสม: กรอกเฉพาะผลของไตรมาสนี้"),
        Column("note", "หมายเหตุ", "Note", width=40, max_length=NOTE_MAX_LENGTH,
               note="คำอธิบายสั้น ๆ ไม่เกิน 500 ตัวอักษร"),
    ),
    purpose="ตัวชี้วัดที่หน่วยงานของท่านต้องรายงานในไตรมาสนี้ หนึ่งแถวต่อหนึ่งตัวชี้วัด",
)  # fmt: skip

PROJECT_SHEET = SheetSpec(
    "progress",
    "ความก้าวหน้าโครงการ",
    "Project progress",
    (
        Column("code", "รหัสโครงการ", "Project code", "code", True, 14,
               note="รหัส 1.2.3 ตามแผน ห้ามแก้ไข"),
        Column("name", "โครงการ", "Project", width=50, note="เพื่ออ่านเท่านั้น ไม่นำเข้า"),
        Column("percent_complete", "ร้อยละความก้าวหน้า", "Per cent complete", "number", width=14,
               note="0–100 เว้นว่าง = ไม่เปลี่ยนแปลง"),
        Column("milestones", "ผลสำเร็จตามขั้นตอน", "Milestones reached", width=40,
               max_length=NOTE_MAX_LENGTH),
        Column("note", "หมายเหตุ", "Note", width=30, max_length=NOTE_MAX_LENGTH),
        *(
            column
            for source, header in SOURCE_HEADERS.items()
            for column in (
                Column(f"committed_{source}", f"{header} ก่อหนี้ผูกพัน (บาท)",
                       f"{source} committed", "number", width=16),
                Column(f"disbursed_{source}", f"{header} เบิกจ่าย (บาท)",
                       f"{source} disbursed", "number", width=16),
            )
        ),
    ),
    purpose="โครงการที่หน่วยงานของท่านเป็นผู้รับผิดชอบหลัก ยอดเงินเป็นยอดสะสมตั้งแต่ต้นปีงบประมาณ",
)  # fmt: skip

SHEETS = (INDICATOR_SHEET, PROJECT_SHEET)

RULES = [
    "กรอกเฉพาะคอลัมน์ผลการดำเนินงาน หมายเหตุ และความก้าวหน้า คอลัมน์ชื่อ หน่วยนับ "
    "และค่าเป้าหมายมีไว้เพื่ออ่าน ระบบไม่นำเข้า",
    "ห้ามแก้ไขรหัสและหัวคอลัมน์ แถวที่ไม่ใช่ของหน่วยงานท่านจะแสดงเป็นข้อผิดพลาด",
    "ช่องที่เว้นว่างไม่เปลี่ยนแปลงค่าที่บันทึกไว้ การนำเข้าไม่ลบข้อมูลใด ๆ",
    "ไม่รับสูตรคำนวณ ให้วางแบบค่า (Paste values) ตัวเลขไม่เกินทศนิยม 2 ตำแหน่ง",
    "ก่อนบันทึก ระบบจะแสดงตัวอย่างว่าแถวใดจะเพิ่ม เปลี่ยน คงเดิม หรือผิดพลาด "
    "เมื่อยืนยันระบบจะบันทึกทั้งหมดพร้อมกัน หรือไม่บันทึกเลยหากมีข้อผิดพลาด",
    "นำไฟล์เดิมเข้าซ้ำจะไม่เปลี่ยนแปลงสิ่งใด",
]


def _code(*numbers) -> str:
    return ".".join(str(n) for n in numbers)


class PeriodState:
    """What the person may report in the period, keyed by code, and what is saved now."""

    def __init__(self, period, user):
        self.period = period
        self.rights = access.rights_for(user, period.province)
        year = period.fiscal_year
        readable = access.readable_issue_ids(user, period.province)
        indicators = (
            Indicator.objects.filter(
                goal__issue__plan__organisation=period.province,
                goal__issue__plan__start_year__lte=year,
                goal__issue__plan__end_year__gte=year,
                goal__issue_id__in=readable,
            )
            .select_related("goal__issue")
            .prefetch_related("targets")
            .order_by("goal__issue__number", "goal__number", "number")
        )
        projects = (
            Project.objects.filter(
                strategy__issue__plan__organisation=period.province,
                strategy__issue__plan__start_year__lte=year,
                strategy__issue__plan__end_year__gte=year,
                strategy__issue_id__in=readable,
            )
            .select_related("strategy__issue")
            .order_by("strategy__issue__number", "strategy__number", "number")
        )
        self.indicators = {
            _code(i.goal.issue.number, i.goal.number, i.number): i for i in indicators
        }
        self.projects = {
            _code(p.strategy.issue.number, p.strategy.number, p.number): p for p in projects
        }
        self.actuals = {
            a.indicator_id: a
            for a in IndicatorActual.objects.filter(period=period, indicator__in=indicators)
        }
        self.progress = {
            p.project_id: p
            for p in ProjectProgress.objects.filter(
                period=period, project__in=projects
            ).prefetch_related("spending")
        }

    def own_indicators(self):
        return {c: i for c, i in self.indicators.items() if self.rights.can_enter_indicator(i)}

    def own_projects(self):
        return {c: p for c, p in self.projects.items() if self.rights.can_enter_project(p)}

    def digest(self) -> list:
        rows = [["period", self.period.pk, self.period.version]]
        rows += sorted(["a", a.indicator_id, a.version] for a in self.actuals.values())
        rows += sorted(["p", p.project_id, p.version] for p in self.progress.values())
        return rows


def _spending(progress) -> dict:
    if progress is None:
        return {}
    return {s.source: (s.committed, s.disbursed) for s in progress.spending.all()}


# --------------------------------------------------------------------------
# Download
# --------------------------------------------------------------------------


def results_workbook(period, user) -> bytes:
    """The workbook of what ``user`` reports in ``period``, with what is saved already."""
    state = PeriodState(period, user)
    workbook = writing.new_workbook()
    writing.write_instructions(
        workbook,
        "แบบรายงานผลการดำเนินงานรายไตรมาส (ระบบจัดทำข้อเสนอการเปลี่ยนแปลง)",
        [
            ("จังหวัด", period.province.name),
            ("ปีงบประมาณ", str(period.fiscal_year)),
            ("ไตรมาส", str(period.quarter)),
            (
                "กำหนดส่ง",
                f"{period.due_date.day}/{period.due_date.month}/{period.due_date.year + 543}",
            ),
            ("จัดทำเมื่อ", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ],
        SHEETS,
        RULES,
    )
    rows = []
    for code, indicator in state.own_indicators().items():
        actual = state.actuals.get(indicator.pk)
        target = next(
            (t.value for t in indicator.targets.all() if t.fiscal_year == period.fiscal_year), None
        )
        rows.append(
            [
                code,
                indicator.name,
                indicator.unit,
                target,
                actual.value if actual else None,
                actual.note if actual else None,
            ]
        )
    writing.write_sheet(
        workbook,
        INDICATOR_SHEET,
        rows,
        validations={"value": writing.number_rule()},
    )
    rows = []
    for code, project in state.own_projects().items():
        progress = state.progress.get(project.pk)
        spending = _spending(progress)
        row = [
            code,
            project.title,
            progress.percent_complete if progress else None,
            progress.milestones if progress else None,
            progress.note if progress else None,
        ]
        for source in SOURCE_HEADERS:
            committed, disbursed = spending.get(source, (None, None))
            row += [committed, disbursed]
        rows.append(row)
    writing.write_sheet(
        workbook,
        PROJECT_SHEET,
        rows,
        validations={"percent_complete": writing.number_rule(0, 100)},
    )
    return writing.to_bytes(workbook)


def workbook_filename(period) -> str:
    return f"results-{period.province.code}-{period.fiscal_year}-q{period.quarter}.xlsx"


# --------------------------------------------------------------------------
# Preview
# --------------------------------------------------------------------------


def preview_results_import(period, user, content: bytes) -> Preview:
    """What importing ``content`` into ``period`` would do for ``user``. Writes nothing."""
    from strategies.excel.safety import open_workbook

    workbook = open_workbook(content)
    try:
        read = reading.read_sheets(workbook, SHEETS)
    except reading.WorkbookRefused:
        raise
    except Exception as error:  # a malformed part found only while reading rows
        raise reading.WorkbookRefused(
            _("The workbook could not be read. Open it in Excel, save it again as .xlsx and retry.")
        ) from error
    finally:
        workbook.close()
    state = PeriodState(period, user)
    preview = Preview(sheets=[], ignored=read.ignored, state=state)
    if not read.sheets:
        preview.problems.append(
            Problem(
                "",
                _("No sheet of the template was found. Expected sheets named: %(names)s.")
                % {"names": ", ".join(f"“{spec.title}”" for spec in SHEETS)},
            )
        )
    if period.is_locked(services.today()):
        preview.problems.append(
            Problem(
                "",
                _(
                    "Quarter %(quarter)s of fiscal year %(year)s is locked. Ask the strategy "
                    "office to reopen it for a late entry."
                )
                % {"quarter": period.quarter, "year": period.fiscal_year},
            )
        )
    preview.sheets.append(_indicator_sheet(state, read.sheets.get("actuals")))
    preview.sheets.append(_project_sheet(state, read.sheets.get("progress")))
    preview.fingerprint = fingerprint(
        hashlib.sha256(content).hexdigest(), period.pk, state.digest()
    )
    return preview


def _rows(sheet, result, elements, own, kind_label):
    """Parse each row's code; yields (row, outcome, element) for rows to compare."""
    seen: dict[str, int] = {}
    for row in sheet.rows:
        outcome = RowResult(row=row.number, code="", label="")
        outcome.problems.extend(row.problems)
        result.rows.append(outcome)
        ref = sheet.ref(row, "code")
        text, problem = reading.as_text(row.cell("code"), required=True)
        outcome.add(ref, problem)
        code = reading.parse_code(text, 3) if text else None
        if text and code is None:
            outcome.add(ref, _("The code “%(value)s” should look like %(example)s.") % {
                "value": text[:40], "example": "1.2.3"})  # fmt: skip
        element = None
        if code is not None:
            outcome.code = reading.code_text(code)
            element = elements.get(outcome.code)
            if element is None:
                outcome.add(ref, _("The plan has no %(kind)s %(code)s for this fiscal year.")
                            % {"kind": kind_label, "code": outcome.code})  # fmt: skip
            elif outcome.code not in own:
                outcome.add(
                    ref,
                    _("%(code)s is not yours to report: another agency answers for it.")
                    % {"code": outcome.code},
                )
                element = None
            elif outcome.code in seen:
                outcome.add(
                    ref,
                    _("Duplicate code %(code)s: it also appears in row(s) %(rows)s.")
                    % {"code": outcome.code, "rows": seen[outcome.code]},
                )
                element = None
            else:
                seen[outcome.code] = row.number
        outcome.key = outcome.code
        yield row, outcome, element


def _finish(outcome, changes) -> None:
    if outcome.problems:
        outcome.action = ERROR
    elif outcome.obj is None and changes:
        outcome.action = CREATE
    elif changes:
        outcome.action = UPDATE
    else:
        outcome.action = UNCHANGED
    outcome.changes = changes


def _indicator_sheet(state: PeriodState, sheet) -> SheetResult:
    result = SheetResult(key=INDICATOR_SHEET.key, title=INDICATOR_SHEET.title)
    if sheet is None:
        return result
    result.found_as = sheet.title
    result.problems = list(sheet.problems)
    own = state.own_indicators()
    for row, outcome, indicator in _rows(sheet, result, state.indicators, own, _("indicator")):
        outcome.label = str(indicator.name if indicator else row_text(row, "name"))[:120]
        value, problem = reading.as_decimal(row.cell("value"))
        outcome.add(sheet.ref(row, "value"), problem)
        note, problem = reading.as_text(row.cell("note"), max_length=NOTE_MAX_LENGTH)
        outcome.add(sheet.ref(row, "note"), problem)
        changes = []
        if indicator is not None and not outcome.problems:
            actual = state.actuals.get(indicator.pk)
            outcome.obj = actual
            outcome.values = {"indicator": indicator}
            if value is not None:
                old_note = actual.note if actual else ""
                new_note = note if "note" in sheet.columns else old_note
                if actual is None or actual.value != value or old_note != new_note:
                    outcome.values.update(value=value, note=new_note)
                    if actual is None or actual.value != value:
                        changes.append(
                            Change(_("Actual value"), _num(actual and actual.value), _num(value))
                        )
                    if old_note != new_note:
                        changes.append(Change(_("Note"), old_note or "—", new_note or "—"))
        _finish(outcome, changes)
    if result.problems:
        for outcome in result.rows:
            outcome.action = ERROR
    result.left_alone = max(0, len(own) - sum(1 for o in result.rows if o.action != ERROR))
    return result


def _project_sheet(state: PeriodState, sheet) -> SheetResult:
    result = SheetResult(key=PROJECT_SHEET.key, title=PROJECT_SHEET.title)
    if sheet is None:
        return result
    result.found_as = sheet.title
    result.problems = list(sheet.problems)
    own = state.own_projects()
    for row, outcome, project in _rows(sheet, result, state.projects, own, _("project")):
        outcome.label = str(project.title if project else row_text(row, "name"))[:120]
        percent, problem = reading.as_decimal(row.cell("percent_complete"), minimum=0, maximum=100)
        outcome.add(sheet.ref(row, "percent_complete"), problem)
        texts = {}
        for name in ("milestones", "note"):
            texts[name], problem = reading.as_text(row.cell(name), max_length=NOTE_MAX_LENGTH)
            outcome.add(sheet.ref(row, name), problem)
        spending = {}
        for source in SOURCE_HEADERS:
            committed, problem = reading.as_decimal(row.cell(f"committed_{source}"), minimum=0)
            outcome.add(sheet.ref(row, f"committed_{source}"), problem)
            disbursed, problem = reading.as_decimal(row.cell(f"disbursed_{source}"), minimum=0)
            outcome.add(sheet.ref(row, f"disbursed_{source}"), problem)
            if committed is None and disbursed is None:
                continue
            committed, disbursed = committed or Decimal(0), disbursed or Decimal(0)
            if disbursed > committed:
                outcome.add(
                    sheet.ref(row, f"disbursed_{source}"),
                    _("%(source)s: disbursed cannot be more than committed.")
                    % {"source": BudgetSource(source).label},
                )
            spending[source] = (committed, disbursed)
        changes = []
        if project is not None and not outcome.problems:
            progress = state.progress.get(project.pk)
            outcome.obj = progress
            outcome.values = {"project": project}
            if percent is not None:
                old = {
                    "percent_complete": progress.percent_complete if progress else None,
                    "milestones": progress.milestones if progress else "",
                    "note": progress.note if progress else "",
                }
                new = {"percent_complete": percent, **texts}
                for name in ("milestones", "note"):
                    if name not in sheet.columns:
                        new[name] = old[name]
                old_spending = _spending(progress)
                if not any(f"committed_{s}" in sheet.columns for s in SOURCE_HEADERS):
                    spending = old_spending
                labels = {
                    "percent_complete": _("Per cent complete"),
                    "milestones": _("Milestones reached"),
                    "note": _("Note"),
                }
                for name, label in labels.items():
                    if old[name] != new[name]:
                        changes.append(
                            Change(label, _num(old[name]) or "—", _num(new[name]) or "—")
                        )
                if old_spending != spending:
                    changes.append(Change(_("Spending"), _money(old_spending), _money(spending)))
                if changes:
                    outcome.values.update(new, spending=spending)
        _finish(outcome, changes)
    if result.problems:
        for outcome in result.rows:
            outcome.action = ERROR
    result.left_alone = max(0, len(own) - sum(1 for o in result.rows if o.action != ERROR))
    return result


def row_text(row, key) -> str:
    cell = row.cell(key)
    return "" if cell is None or cell.value is None else str(cell.value)


def _num(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return num(value)


def _money(spending: dict) -> str:
    if not spending:
        return "—"
    return "; ".join(
        f"{BudgetSource(s).label} {num(c)}/{num(d)}" for s, (c, d) in sorted(spending.items())
    )


# --------------------------------------------------------------------------
# Apply
# --------------------------------------------------------------------------


def apply_results_import(*, user, period, batch, fingerprint: str) -> dict[str, int]:
    """Apply the stored workbook of ``batch`` to ``period``, all of it or nothing."""
    try:
        with transaction.atomic():
            return _apply(user=user, period=period, batch=batch, expected=fingerprint)
    except IntegrityError as error:
        raise ImportRefused(
            _("The database refused the import; nothing was written. (%(error)s)")
            % {"error": str(error).splitlines()[0][:200]}
        ) from error


def _apply(*, user, period, batch, expected) -> dict[str, int]:
    from proposals.monitoring.models import ReportingPeriod
    from strategies.excel.models import ImportBatch

    ReportingPeriod.objects.select_for_update().filter(pk=period.pk).exists()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.applied_at is not None:
        raise ImportRefused(_("This file was imported already."))
    period.refresh_from_db()
    preview = preview_results_import(period, user, bytes(batch.content))
    if preview.fingerprint != expected:
        raise ImportStale(
            _(
                "The results changed since you looked at the preview. Nothing was imported: "
                "check the new preview and confirm again."
            )
        )
    if preview.has_errors:
        raise ImportRefused(
            _("The file has errors; nothing was imported. Fix them and upload again.")
        )
    try:
        for outcome in preview.sheet("actuals").rows:
            if outcome.action in (CREATE, UPDATE):
                services.actual_save(
                    user=user,
                    indicator=outcome.values["indicator"],
                    period=period,
                    value=outcome.values["value"],
                    note=outcome.values["note"],
                    version=outcome.obj.version if outcome.obj else None,
                    source="workbook",
                )
        for outcome in preview.sheet("progress").rows:
            if outcome.action in (CREATE, UPDATE):
                services.progress_save(
                    user=user,
                    project=outcome.values["project"],
                    period=period,
                    percent_complete=outcome.values["percent_complete"],
                    milestones=outcome.values["milestones"],
                    note=outcome.values["note"],
                    spending=outcome.values["spending"],
                    version=outcome.obj.version if outcome.obj else None,
                )
    except services.EditConflict as error:
        raise ImportStale(
            _(
                "Someone changed the results while they were being imported. Nothing was "
                "imported: check the new preview and confirm again."
            )
        ) from error
    except services.Refused as error:
        raise ImportRefused(error.message) from error
    except PermissionDenied as error:
        raise ImportRefused(_("You may not report these rows.")) from error
    except ValidationError as error:
        raise ImportRefused(
            _("The file has errors; nothing was imported. Fix them and upload again."),
            [Problem("", message) for message in error.messages],
        ) from error
    return mark_applied(batch, preview)
