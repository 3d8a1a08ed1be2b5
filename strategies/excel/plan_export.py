"""The action-plan workbook: the template (empty sheets) and the export (the plan's rows)."""

from django.utils import timezone

from strategies.excel import layout, writing
from strategies.excel.plan import PERSPECTIVES, PlanState, current_values
from strategies.excel.reading import code_text
from strategies.models import ActionPlan, BudgetSource, Perspective

RULES = [
    "กรอกหนึ่งแถวต่อหนึ่งรายการ แถวแรกของทุกชีตคือหัวคอลัมน์ ห้ามแก้ไขหรือลบหัวคอลัมน์",
    "รหัสระบุแถว: ประเด็น 1, เป้าประสงค์ 1.2, ตัวชี้วัด 1.2.3, กลยุทธ์ 1.2, โครงการ 1.2.3 "
    "รหัสที่มีอยู่แล้วในแผนจะปรับปรุงรายการนั้น รหัสใหม่จะเพิ่มรายการใหม่",
    "เซลล์ที่เว้นว่างในคอลัมน์ที่มีในชีตหมายถึง “ไม่มีค่า” (ลบค่าเดิม) "
    "คอลัมน์หรือรายการที่ไม่มีในไฟล์จะคงเดิม การนำเข้าไม่ลบรายการใด ๆ ออกจากแผน",
    "ใช้ปีงบประมาณเป็นพุทธศักราช (เช่น 2548) และใส่ตัวเลขโดยไม่มีหน่วย",
    "ไม่รับสูตรคำนวณ ให้คัดลอกแล้ววางแบบค่า (Paste values) ก่อนนำเข้า",
    "ไฟล์ .xlsx ขนาดไม่เกิน 5 MB ไม่เกิน 5,000 แถวต่อชีต",
    "ก่อนบันทึก ระบบจะแสดงตัวอย่างว่าแถวใดจะเพิ่ม เปลี่ยน คงเดิม หรือผิดพลาด "
    "พร้อมตำแหน่งเซลล์ เมื่อยืนยันระบบจะบันทึกทั้งหมดพร้อมกัน หรือไม่บันทึกเลยหากมีข้อผิดพลาด",
]


def _lists(state: PlanState) -> dict[str, writing.ReferenceList]:
    agencies = sorted(state.agencies.organisations, key=lambda o: (o.kind != "province", o.name))
    return {
        "agencies": writing.ReferenceList("รหัสหน่วยงาน", [(org.code, org.name) for org in agencies]),
        "perspectives": writing.ReferenceList(
            "มิติ", [(layout.thai_label(label), value) for value, label in Perspective.choices]
        ),
        "sources": writing.ReferenceList(
            "แหล่งงบประมาณ",
            [(layout.thai_label(label), value) for value, label in BudgetSource.choices],
        ),
        "years": writing.ReferenceList("ปีงบประมาณ", [(year, "") for year in state.years]),
        "national": writing.ReferenceList(
            "ยุทธศาสตร์ตามแผนการบริหารราชการแผ่นดิน (เลขที่)",
            [(str(number), ns.title) for number, ns in sorted(state.national.items())],
        ),
    }


def plan_workbook(plan: ActionPlan, *, filled: bool, issues=None) -> bytes:
    """The template (``filled=False``) or the export of ``plan``, as xlsx bytes — of
    ``issues`` (what the reader may see, :class:`PlanState`)."""
    state = PlanState(plan, issues)
    workbook = writing.new_workbook()
    facts = [
        ("แผน", plan.title),
        ("หน่วยงาน", plan.organisation.name),
        ("ปีงบประมาณ", f"{plan.start_year}–{plan.end_year}"),
        ("จัดทำเมื่อ", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("ประเภทไฟล์", "ข้อมูลส่งออกจากระบบ" if filled else "แม่แบบสำหรับกรอก"),
    ]
    writing.write_instructions(
        workbook,
        "แม่แบบนำเข้าแผนปฏิบัติราชการ 4 ปี (ระบบจัดทำข้อเสนอการเปลี่ยนแปลง)",
        facts,
        layout.PLAN_SHEETS,
        RULES,
    )
    lists = _lists(state)
    writing.place_lists(list(lists.values()))
    rows = _rows(state) if filled else dict.fromkeys(("issues", "goals", "indicators"), [])
    year_rule = writing.number_rule(2500, 2800, whole=True)
    writing.write_sheet(workbook, layout.ISSUES, rows.get("issues", []))
    writing.write_sheet(
        workbook,
        layout.GOALS,
        rows.get("goals", []),
        validations={"perspective": lists["perspectives"]},
    )
    writing.write_sheet(
        workbook,
        layout.INDICATORS,
        rows.get("indicators", []),
        years=state.years,
        validations={
            "owner": lists["agencies"],
            "baseline": writing.number_rule(),
            "weight": writing.number_rule(0, 100),
            "baseline_year": year_rule,
        },
    )
    writing.write_sheet(workbook, layout.STRATEGIES, rows.get("strategies", []))
    writing.write_sheet(
        workbook,
        layout.PROJECTS,
        rows.get("projects", []),
        validations={"lead_agency": lists["agencies"]},
    )
    writing.write_sheet(
        workbook,
        layout.BUDGETS,
        rows.get("budgets", []),
        validations={
            "fiscal_year": lists["years"],
            "source": lists["sources"],
            "amount": writing.number_rule(0),
        },
    )
    writing.write_lists(workbook, list(lists.values()))
    return writing.to_bytes(workbook)


def _perspective_label(value) -> str:
    labels = {code: layout.thai_label(label) for code, label in Perspective.choices}
    return labels.get(value, value)


def _rows(state: PlanState) -> dict[str, list]:
    source_labels = {code: layout.thai_label(label) for code, label in BudgetSource.choices}
    rows: dict[str, list] = {key: [] for key in ("issues", "goals", "indicators")}
    for code, issue in sorted(state.issues.items()):
        values = current_values("issues", issue)
        numbers = ", ".join(str(n) for n in values["national_strategies"])
        rows["issues"].append([code_text(code), values["title"], values["description"], numbers])
    for code, goal in sorted(state.goals.items()):
        rows["goals"].append([code_text(code), goal.title, _perspective_label(goal.perspective)])
    for code, indicator in sorted(state.indicators.items()):
        values = current_values("indicators", indicator)
        owner = values["owner"]
        rows["indicators"].append(
            [
                code_text(code),
                values["name"],
                values["unit"],
                values["formula"],
                values["data_source"],
                values["baseline"],
                values["baseline_year"],
                values["weight"],
                owner.code if owner else None,
            ]
            + [values["targets"].get(year) for year in state.years]
        )
    rows["strategies"] = [
        [
            code_text(code),
            strategy.title,
            ", ".join(code_text(goal) for goal in current_values("strategies", strategy)["goals"]),
        ]
        for code, strategy in sorted(state.strategies.items())
    ]
    rows["projects"], rows["budgets"] = [], []
    for code, project in sorted(state.projects.items()):
        values = current_values("projects", project)
        lead = values["lead_agency"]
        rows["projects"].append(
            [
                code_text(code),
                values["title"],
                values["objective"],
                lead.code if lead else None,
                ", ".join(org.code for org in values["supporting_agencies"]),
            ]
        )
        for (year, source), amount in sorted(values["budgets"].items()):
            rows["budgets"].append(
                [code_text(code), year, source_labels.get(source, source), amount]
            )
    return rows


def plan_filename(plan: ActionPlan, *, filled: bool) -> str:
    stem = "action-plan" if filled else "action-plan-template"
    return f"{stem}-{plan.organisation.code}-{plan.start_year}-{plan.end_year}.xlsx"


__all__ = ["PERSPECTIVES", "plan_workbook", "plan_filename"]
