"""The sheets of the workbooks and their columns — the one place that says what goes where.

Headers are Thai (the workbook is an official document, in Thai whatever the interface
language); each column also accepts its English header and its key, so an office's own sheet
laid out the same way is read too. Rows are identified by their hierarchical code: issue
``1``, goal ``1.2`` (goal 2 of issue 1), indicator ``1.2.3``, strategy ``1.2`` (on its own
sheet), project ``1.2.3`` (project 3 of strategy 2 of issue 1); agencies by their code.
"""

import re
from dataclasses import dataclass, field

from django.utils import translation


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Thai, as written in the template
    english: str  # also accepted as a header
    kind: str = "text"  # text, code, number, integer, year, choice, agency, agencies, list, id
    required: bool = False
    width: int = 24
    max_length: int | None = None
    note: str = ""  # Thai: how to fill it, on the instructions sheet

    @property
    def names(self) -> set[str]:
        return {normalise(self.header), normalise(self.english), normalise(self.key)}


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str  # Thai sheet name
    english: str  # also accepted as a sheet name
    columns: tuple[Column, ...]
    year_prefix: str = ""  # Thai header prefix of one column per fiscal year (targets)
    purpose: str = ""  # Thai, for the instructions sheet
    extra: dict = field(default_factory=dict)

    @property
    def names(self) -> set[str]:
        return {normalise(self.title), normalise(self.english), normalise(self.key)}

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


def normalise(text) -> str:
    """Header text compared loosely: case, spaces and a trailing required-mark ignored."""
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().casefold()


YEAR_HEADER = re.compile(
    r"^(?:ค่าเป้าหมาย|เป้าหมาย|target)\s*(?:ปี(?:งบประมาณ)?|fy|พ\.ศ\.|ปี พ\.ศ\.)?\s*(\d{4})$"
)


def year_of_header(text) -> int | None:
    match = YEAR_HEADER.match(normalise(text))
    return int(match.group(1)) if match else None


INSTRUCTIONS_TITLE = "คำอธิบาย"
LISTS_TITLE = "รายการอ้างอิง"
CODE_NOTE = "พิมพ์เป็นข้อความ เช่น 1.2 (เซลล์ในแม่แบบจัดรูปแบบเป็นข้อความไว้แล้ว)"
AGENCY_NOTE = f"รหัสหน่วยงานจากชีต “{LISTS_TITLE}” (หรือชื่อหน่วยงานตรงตามรายการ)"

# --------------------------------------------------------------------------
# The 4-year action plan
# --------------------------------------------------------------------------

ISSUES = SheetSpec(
    "issues",
    "ประเด็นยุทธศาสตร์",
    "Strategic issues",
    (
        Column("code", "รหัสประเด็น", "Issue code", "code", True, 12, note="เลขที่ประเด็น เช่น 1"),
        Column("title", "ประเด็นยุทธศาสตร์", "Title", required=True, width=50, max_length=500),
        Column("description", "คำอธิบาย", "Description", width=50),
        Column(
            "national_strategies",
            "ยุทธศาสตร์ที่สอดคล้อง (แผนการบริหารราชการแผ่นดิน)",
            "Aligned national strategies",
            "list",
            width=22,
            note="เลขที่ยุทธศาสตร์ของแผนการบริหารราชการแผ่นดิน คั่นด้วยจุลภาค เช่น 1, 3",
        ),
    ),
    purpose="ประเด็นยุทธศาสตร์ของแผน หนึ่งแถวต่อหนึ่งประเด็น",
)

GOALS = SheetSpec(
    "goals",
    "เป้าประสงค์",
    "Goals",
    (
        Column("code", "รหัสเป้าประสงค์", "Goal code", "code", True, 14, note=CODE_NOTE),
        Column("title", "เป้าประสงค์", "Title", required=True, width=50, max_length=500),
        Column(
            "perspective",
            "มิติ",
            "Perspective",
            "choice",
            True,
            26,
            note="เลือกจากรายการ: ประสิทธิผล คุณภาพการให้บริการ ประสิทธิภาพ การพัฒนาองค์กร",
        ),
    ),  # fmt: skip
    purpose="เป้าประสงค์ของแต่ละประเด็น รหัส 1.2 คือเป้าประสงค์ที่ 2 ของประเด็นที่ 1",
)

INDICATORS = SheetSpec(
    "indicators",
    "ตัวชี้วัด",
    "Indicators",
    (
        Column("code", "รหัสตัวชี้วัด", "Indicator code", "code", True, 14, note=CODE_NOTE),
        Column("name", "ตัวชี้วัด", "Name", required=True, width=50, max_length=500),
        Column("unit", "หน่วยนับ", "Unit", required=True, width=14, max_length=100),
        Column("formula", "สูตรการคำนวณ", "Formula", width=30),
        Column("data_source", "แหล่งข้อมูล", "Data source", width=24, max_length=255),
        Column(
            "baseline",
            "ข้อมูลพื้นฐาน",
            "Baseline",
            "number",
            width=14,
            note="ค่าที่วัดได้ก่อนเริ่มแผน (ตัวเลข)",
        ),
        Column(
            "baseline_year",
            "ปีของข้อมูลพื้นฐาน (พ.ศ.)",
            "Baseline year",
            "integer",
            width=14,
            note="ปีงบประมาณ พ.ศ. เช่น 2547",
        ),
        Column(
            "weight",
            "น้ำหนัก (ร้อยละ)",
            "Weight (%)",
            "number",
            width=12,
            note="0–100",
        ),
        Column("owner", "หน่วยงานเจ้าของตัวชี้วัด", "Owner agency", "agency", width=28, note=AGENCY_NOTE),
    ),  # fmt: skip
    year_prefix="ค่าเป้าหมาย ปี",
    purpose=(
        "ตัวชี้วัดของแต่ละเป้าประสงค์ รหัส 1.2.3 คือตัวชี้วัดที่ 3 ของเป้าประสงค์ 1.2 "
        "มีคอลัมน์ค่าเป้าหมายหนึ่งคอลัมน์ต่อปีงบประมาณของแผน เว้นว่างไว้ = ไม่มีค่าเป้าหมายปีนั้น"
    ),
)

STRATEGIES = SheetSpec(
    "strategies",
    "กลยุทธ์",
    "Strategies",
    (
        Column("code", "รหัสกลยุทธ์", "Strategy code", "code", True, 14, note=CODE_NOTE),
        Column("title", "กลยุทธ์", "Title", required=True, width=50, max_length=500),
        Column(
            "goals",
            "เป้าประสงค์ที่รองรับ",
            "Goals served",
            "list",
            width=22,
            note="รหัสเป้าประสงค์ของประเด็นเดียวกัน คั่นด้วยจุลภาค เช่น 1.1, 1.2",
        ),
    ),  # fmt: skip
    purpose="กลยุทธ์ของแต่ละประเด็น รหัส 1.2 คือกลยุทธ์ที่ 2 ของประเด็นที่ 1",
)

PROJECTS = SheetSpec(
    "projects",
    "โครงการ",
    "Projects",
    (
        Column("code", "รหัสโครงการ", "Project code", "code", True, 14, note=CODE_NOTE),
        Column("title", "ชื่อโครงการ", "Title", required=True, width=50, max_length=500),
        Column("objective", "วัตถุประสงค์", "Objective", width=40),
        Column(
            "lead_agency", "หน่วยงานรับผิดชอบหลัก", "Lead agency", "agency", width=28, note=AGENCY_NOTE
        ),
        Column(
            "supporting_agencies",
            "หน่วยงานสนับสนุน",
            "Supporting agencies",
            "agencies",
            width=28,
            note="รหัสหน่วยงาน คั่นด้วยจุลภาค",
        ),
    ),  # fmt: skip
    purpose="โครงการของแต่ละกลยุทธ์ รหัส 1.2.3 คือโครงการที่ 3 ของกลยุทธ์ 1.2",
)

BUDGETS = SheetSpec(
    "budgets",
    "งบประมาณ",
    "Budgets",
    (
        Column("project", "รหัสโครงการ", "Project code", "code", True, 14, note=CODE_NOTE),
        Column("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "Fiscal year", "year", True, 14),
        Column(
            "source",
            "แหล่งงบประมาณ",
            "Source",
            "choice",
            True,
            26,
            note="เลือกจากรายการ (งบประมาณปกติ งบผู้ว่าราชการจังหวัดแบบบูรณาการ (CEO) "
            "องค์กรปกครองส่วนท้องถิ่น อื่น ๆ) หรือพิมพ์ย่อ เช่น งบปกติ งบ CEO อปท.",
        ),
        Column(
            "amount",
            "จำนวนเงิน (บาท)",
            "Amount (baht)",
            "number",
            width=18,
            note="เว้นว่าง = ลบงบประมาณของปีและแหล่งนั้น",
        ),
    ),  # fmt: skip
    purpose="งบประมาณโครงการ หนึ่งแถวต่อโครงการ ปีงบประมาณ และแหล่งงบประมาณ",
)

PLAN_SHEETS = (ISSUES, GOALS, INDICATORS, STRATEGIES, PROJECTS, BUDGETS)
CODE_DEPTH = {"issues": 1, "goals": 2, "indicators": 3, "strategies": 2, "projects": 3}


# Short forms offices write for the budget sources, besides the full labels.
SOURCE_ALIASES = {
    "งบปกติ": "regular",
    "งบประมาณปกติ": "regular",
    "งบกระทรวง/กรม": "regular",
    "งบผู้ว่าฯ ceo": "ceo_governor",
    "งบผู้ว่าราชการจังหวัดแบบบูรณาการ": "ceo_governor",
    "งบ ceo": "ceo_governor",
    "งบจังหวัด": "ceo_governor",
    "อปท.": "local",
    "งบท้องถิ่น": "local",
    "อื่นๆ": "other",
}


def choice_index(choices, aliases=None) -> dict[str, str]:
    """Every way a coded value may be written (Thai label, English label, code) → the code."""
    index = {normalise(alias): value for alias, value in (aliases or {}).items()}
    for value, label in choices:
        index[normalise(value)] = value
        for language in ("en", "th"):
            with translation.override(language):
                index[normalise(str(label))] = value
    return index


def thai_label(label) -> str:
    with translation.override("th"):
        return str(label)
