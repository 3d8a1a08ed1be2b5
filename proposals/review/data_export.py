"""Data exports for OPDC: indicators with yearly targets, projects with budgets, change
proposals, and the rubric scores and decisions of every submitted version — across every
province in view — as CSV or XLSX with Thai headers.

Built from the latest *submitted* version of each Blueprint the person may see
(:func:`proposals.review.dashboard.latest_snapshots`), never from working copies:
OPDC works on what provinces submitted. The headers are Thai whatever the interface
language, as in an official table; numbers are numbers in XLSX (and plain decimals in
CSV, which is UTF-8 with a byte-order mark so that spreadsheets read the Thai). Text that
a spreadsheet would run as a formula (a title typed as "=…") is written as text in both
(:mod:`strategies.excel.cells`).
"""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone, translation

from proposals.models import BlueprintStatus
from strategies import thai
from strategies.excel import cells

COMMON = [
    "จังหวัด",
    "กลุ่มจังหวัด",
    "ปีงบประมาณ",
    "ประเด็นยุทธศาสตร์ที่",
    "ประเด็นยุทธศาสตร์",
    "ฉบับที่",
    "สถานะ",
]
BUDGET_SOURCES = [
    ("regular", "งบประมาณปกติ"),
    ("ceo_governor", "งบผู้ว่าราชการจังหวัดแบบบูรณาการ (CEO)"),
    ("local", "งบองค์กรปกครองส่วนท้องถิ่น"),
    ("other", "แหล่งอื่น"),
]


@dataclass
class Table:
    key: str
    title: str  # the sheet's name (at most 31 characters)
    headers: list[str]
    rows: list[list]


def _dec(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _org(value) -> str:
    return (value or {}).get("name", "") if isinstance(value, dict) else ""


def _label(value) -> str:
    return (value or {}).get("label", "") if isinstance(value, dict) else ""


def _common(snapshot) -> list:
    data = snapshot.data
    bp = data.get("blueprint", {})
    issue = data.get("issue", {})
    with translation.override("th"):
        status = str(BlueprintStatus(snapshot.blueprint.status).label)
    return [
        _org(bp.get("province")),
        _org(bp.get("cluster")),
        bp.get("fiscal_year"),
        issue.get("number"),
        issue.get("title", ""),
        snapshot.edition,
        status,
    ]


def plan_years(snapshots) -> list[int]:
    years = set()
    for snapshot in snapshots:
        years.update(snapshot.data.get("plan", {}).get("years") or [])
    return sorted(years)


def indicators_table(snapshots, years) -> Table:
    headers = COMMON + [
        "เป้าประสงค์ที่",
        "เป้าประสงค์",
        "มิติ",
        "ตัวชี้วัดที่",
        "ตัวชี้วัด",
        "หน่วยนับ",
        "ข้อมูลพื้นฐาน",
        "ปีข้อมูลพื้นฐาน",
        *[f"ค่าเป้าหมาย ปี {year}" for year in years],
        "น้ำหนัก (ร้อยละ)",
        "หน่วยงานเจ้าของตัวชี้วัด",
        "แหล่งข้อมูล",
        "สูตรคำนวณ",
    ]
    rows = []
    for snapshot in snapshots:
        common = _common(snapshot)
        for goal in snapshot.data.get("goals", []):
            for ind in goal.get("indicators", []):
                targets = {
                    t.get("fiscal_year"): _dec(t.get("value")) for t in ind.get("targets", [])
                }
                rows.append(
                    common
                    + [
                        goal.get("number"),
                        goal.get("title", ""),
                        _label(goal.get("perspective")),
                        f"{goal.get('number')}.{ind.get('number')}",
                        ind.get("name", ""),
                        ind.get("unit", ""),
                        _dec(ind.get("baseline")),
                        ind.get("baseline_year"),
                        *[targets.get(year) for year in years],
                        _dec(ind.get("weight")),
                        _org(ind.get("owner")),
                        ind.get("data_source", ""),
                        ind.get("formula", ""),
                    ]
                )
    return Table("indicators", "ตัวชี้วัดและค่าเป้าหมาย", headers, rows)


def projects_table(snapshots, years) -> Table:
    headers = COMMON + [
        "กลยุทธ์ที่",
        "กลยุทธ์",
        "โครงการที่",
        "โครงการ",
        "วัตถุประสงค์",
        "หน่วยงานหลัก",
        "หน่วยงานสนับสนุน",
        *[f"งบประมาณ ปี {year} (บาท)" for year in years],
        *[f"{label} (บาท)" for _code, label in BUDGET_SOURCES],
        "งบประมาณรวม (บาท)",
    ]
    rows = []
    for snapshot in snapshots:
        common = _common(snapshot)
        for project in snapshot.data.get("action_plan", {}).get("projects", []):
            by_year = dict.fromkeys(years)
            by_source = dict.fromkeys(code for code, _label in BUDGET_SOURCES)
            for budget in project.get("budgets", []):
                amount = _dec(budget.get("amount")) or Decimal(0)
                year = budget.get("fiscal_year")
                source = (budget.get("source") or {}).get("code", "other")
                if year in by_year:
                    by_year[year] = (by_year[year] or Decimal(0)) + amount
                key = source if source in by_source else "other"
                by_source[key] = (by_source[key] or Decimal(0)) + amount
            strategy = project.get("strategy") or {}
            rows.append(
                common
                + [
                    strategy.get("number"),
                    strategy.get("title", ""),
                    project.get("number"),
                    project.get("title", ""),
                    project.get("objective", ""),
                    _org(project.get("lead_agency")),
                    ", ".join(_org(org) for org in project.get("supporting_agencies", [])),
                    *[by_year[year] for year in years],
                    *[by_source[code] for code, _label in BUDGET_SOURCES],
                    _dec(project.get("budget_total")),
                ]
            )
    return Table("projects", "โครงการและงบประมาณ", headers, rows)


def changes_table(snapshots, years=None) -> Table:
    headers = COMMON + [
        "ลำดับ",
        "ประเภทการเปลี่ยนแปลง",
        "ประเด็นการเปลี่ยนแปลง",
        "ช่องว่างที่ปิด",
        "ผลที่คาดว่าจะได้รับ",
        "ตัวชี้วัดที่เชื่อมโยง",
        "หน่วยงานรับผิดชอบ",
        "ตั้งแต่ปีงบประมาณ",
        "ถึงปีงบประมาณ",
    ]
    rows = []
    for snapshot in snapshots:
        common = _common(snapshot)
        for number, change in enumerate(snapshot.data.get("change_proposals", []), start=1):
            indicator = change.get("indicator") or {}
            rows.append(
                common
                + [
                    number,
                    _label(change.get("category")),
                    change.get("title", ""),
                    change.get("gap", ""),
                    change.get("expected_result", ""),
                    (
                        f"{indicator.get('goal_number')}.{indicator.get('number')} "
                        f"{indicator.get('name', '')}"
                        if indicator
                        else ""
                    ),
                    _org(change.get("responsible_agency")),
                    change.get("start_year"),
                    change.get("end_year"),
                ]
            )
    return Table("changes", "ประเด็นการเปลี่ยนแปลง", headers, rows)


def _when(moment) -> str:
    """A date and time as a Thai official table writes it (B.E.), in the site's time zone."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{thai.thai_date(local.date())} {thai.thai_time(local)}"


def scores_table(versions) -> Table:
    """One row per submitted version: its reviewers, OPDC's decision on it (who, when,
    why), the weighted rubric score and the level given on each criterion.

    Five queries whatever the number of versions (scores, criteria, decisions,
    assignments); the criteria are the columns, those of every rubric used, in order."""
    from proposals.models import Transition
    from proposals.review.models import Criterion, ReviewerAssignment, Score
    from proposals.review.rubric import rubric_result

    versions = list(versions)
    scores: dict[int, list] = {}
    for score in Score.objects.filter(snapshot__in=versions).order_by("pk"):
        scores.setdefault(score.snapshot_id, []).append(score)
    rubric_ids = {score.criterion.rubric_id for group in scores.values() for score in group}
    criteria = list(
        Criterion.objects.filter(rubric_id__in=rubric_ids).order_by("rubric_id", "position", "pk")
    )
    by_rubric: dict[int, list] = {}
    for criterion in criteria:
        by_rubric.setdefault(criterion.rubric_id, []).append(criterion)
    decisions = {
        (step.blueprint_id, step.edition): step
        for step in Transition.objects.filter(
            blueprint__in={version.blueprint_id for version in versions},
            from_status=BlueprintStatus.SUBMITTED,
        ).select_related("actor")
    }
    reviewers = ReviewerAssignment.objects.names_by_blueprint(
        {version.blueprint_id for version in versions}
    )
    headers = COMMON + [
        "วันที่ส่ง",
        "ผู้พิจารณาที่รับผิดชอบ",
        "ผลการพิจารณา",
        "วันที่พิจารณา",
        "ผู้บันทึกผลการพิจารณา",
        "เหตุผล",
        "คะแนนรวม (เต็ม 100)",
        "คะแนนเบื้องต้น (เกณฑ์ที่ให้แล้ว)",
        "จำนวนเกณฑ์ที่ให้คะแนน",
        *[f"{criterion.title} (น้ำหนัก {criterion.weight})" for criterion in criteria],
    ]
    rows = []
    for version in versions:
        own = scores.get(version.pk, [])
        rubric_criteria = by_rubric.get(own[0].criterion.rubric_id, []) if own else []
        result = rubric_result(rubric_criteria, own) if own else None
        levels = {score.criterion_id: score.level for score in own}
        step = decisions.get((version.blueprint_id, version.edition))
        with translation.override("th"):
            decision = str(BlueprintStatus(step.to_status).label) if step else "รอการพิจารณา"
        rows.append(
            _common(version)
            + [
                _when(version.created_at),
                ", ".join(reviewers.get(version.blueprint_id, [])),
                decision,
                _when(step.created_at) if step else "",
                (step.actor.get_full_name() or step.actor.get_username()) if step else "",
                step.reason if step else "",
                result.score if result else None,
                result.provisional if result else None,
                f"{result.scored}/{result.criteria}" if result else "",
                *[levels.get(criterion.pk) for criterion in criteria],
            ]
        )
    return Table("scores", "คะแนนและผลการพิจารณา", headers, rows)


TABLES = {"indicators": indicators_table, "projects": projects_table, "changes": changes_table}
KINDS = {*TABLES, "scores"}


def build_tables(snapshots, kind: str, versions=()) -> list[Table]:
    """The tables of ``kind`` (``indicators``, ``projects``, ``changes``, ``scores`` or
    ``all``): the content tables from ``snapshots`` (each Blueprint's latest submitted
    version), the scores and decisions from ``versions`` (every submitted version)."""
    if kind == "scores":
        return [scores_table(versions)]
    snapshots = list(snapshots)
    years = plan_years(snapshots)
    kinds = list(TABLES) if kind == "all" else [kind]
    tables = [TABLES[key](snapshots, years) for key in kinds]
    if kind == "all":
        tables.append(scores_table(versions))
    return tables


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return cells.plain_number(value)
    return str(value)


def to_csv(table: Table) -> bytes:
    return cells.csv_bytes([table.headers, *table.rows])


def to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        for row_index, row in enumerate([table.headers, *table.rows], start=1):
            for column_index, value in enumerate(row, start=1):
                cells.put_value(sheet.cell(row=row_index, column=column_index), value)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
        for index, header in enumerate(table.headers, start=1):
            longest = max(
                [len(header)] + [len(_cell_text(row[index - 1])) for row in table.rows[:200]]
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
