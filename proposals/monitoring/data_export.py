"""The results as data: CSV, XLSX or JSON, one row per indicator and quarter, with a data
dictionary (what each column holds, its unit and where it comes from).

Built from the board (:func:`proposals.monitoring.selectors.board`), so it follows the same
access rules: OPDC's file holds only the issues submitted to it and the locked quarters.
Headers are Thai (an official table), the dictionary gives the English name and the JSON
keys; text a spreadsheet would run as a formula is written as text
(:mod:`strategies.excel.cells`).
"""

import json
from decimal import Decimal

from strategies.excel import cells, writing

# key, Thai header, English, what it holds
DICTIONARY = [
    ("province", "จังหวัด", "Province", "ชื่อจังหวัด"),
    ("fiscal_year", "ปีงบประมาณ", "Fiscal year", "ปีงบประมาณ พ.ศ. (1 ต.ค. – 30 ก.ย.)"),
    ("quarter", "ไตรมาส", "Quarter", "1 = ต.ค.–ธ.ค., 2 = ม.ค.–มี.ค., 3 = เม.ย.–มิ.ย., 4 = ก.ค.–ก.ย."),
    ("issue", "ประเด็นยุทธศาสตร์ที่", "Strategic issue", "ลำดับประเด็นยุทธศาสตร์ในแผนปฏิบัติราชการ 4 ปี"),
    ("code", "รหัสตัวชี้วัด", "Indicator code", "ประเด็น.เป้าประสงค์.ตัวชี้วัด เช่น 1.2.3"),
    ("indicator", "ตัวชี้วัด", "Indicator", "ชื่อตัวชี้วัด"),
    ("unit", "หน่วยนับ", "Unit", "หน่วยของค่าเป้าหมายและผล"),
    ("owner", "หน่วยงานเจ้าของตัวชี้วัด", "Owner agency", "หน่วยงานที่รายงานผล"),
    ("direction", "ทิศทาง", "Direction", "higher = ค่ายิ่งสูงยิ่งดี, lower = ค่ายิ่งต่ำยิ่งดี"),
    ("accumulation", "วิธีนับ", "How quarters count",
     "cumulative = สะสม (รวมทุกไตรมาส), level = รายงวด (ค่า ณ สิ้นไตรมาส)"),
    ("tolerance", "เกณฑ์ยอมรับ (ร้อยละ)", "Tolerance (%)",
     "ต่ำกว่า (หรือสูงกว่า) ค่าที่คาดไว้ไม่เกินร้อยละนี้ = มีความเสี่ยง"),
    ("target", "ค่าเป้าหมายปี", "Year target", "ค่าเป้าหมายของปีงบประมาณ (หลังการเปลี่ยนที่ได้รับความเห็นชอบ)"),
    ("value", "ผลไตรมาส", "Actual value", "ผลที่หน่วยงานรายงานในไตรมาสนี้ (ว่าง = ยังไม่รายงาน)"),
    ("compared", "ค่าที่เปรียบเทียบ", "Compared value", "ผลรวมถึงไตรมาสนี้ (สะสม) หรือผลไตรมาสนี้ (รายงวด)"),
    ("expected", "ค่าที่คาดไว้", "Expected value",
     "ค่าเป้าหมาย × ไตรมาส/4 (สะสม) หรือเส้นตรงจากจุดเริ่มสู่ค่าเป้าหมาย (รายงวด)"),
    ("status", "สถานะ", "Status", "on_track, at_risk, off_track, no_data — คำนวณจากเกณฑ์ ไม่ได้กรอก"),
    ("rule", "เกณฑ์ที่ใช้", "Rule", "เกณฑ์และตัวเลขที่ใช้คำนวณสถานะ"),
    ("note", "หมายเหตุ", "Note", "คำอธิบายของหน่วยงาน"),
    ("entered_by", "ผู้บันทึก", "Entered by", "ชื่อผู้ใช้ที่บันทึกค่าล่าสุด"),
    ("entered_at", "บันทึกเมื่อ", "Entered at", "วันเวลาที่บันทึกค่าล่าสุด (ISO 8601, ค.ศ.)"),
    ("evidence", "จำนวนหลักฐาน", "Evidence", "จำนวนไฟล์และลิงก์หลักฐาน"),
]  # fmt: skip
KEYS = [key for key, *_ in DICTIONARY]


def rows(board) -> list[dict]:
    """One dict per indicator and quarter that has a period the reader sees (one query
    more than the board: the evidence counts)."""
    from django.db.models import Count

    from proposals.monitoring.models import Evidence

    ids = [c.entry.pk for line in board.indicators for c in line.cells if c.entry is not None]
    evidence = dict(
        Evidence.objects.filter(actual_id__in=ids)
        .values("actual_id")
        .annotate(n=Count("pk"))
        .values_list("actual_id", "n")
    )
    result = []
    for line in board.indicators:
        indicator = line.obj
        for cell in line.cells:
            if cell.period is None:
                continue
            entry, verdict = cell.entry, cell.verdict
            result.append(
                {
                    "province": board.province.name,
                    "fiscal_year": board.fiscal_year,
                    "quarter": cell.quarter,
                    "issue": indicator.goal.issue.number,
                    "code": line.code,
                    "indicator": indicator.name,
                    "unit": indicator.unit,
                    "owner": indicator.owner.name if indicator.owner else "",
                    "direction": indicator.direction,
                    "accumulation": indicator.accumulation,
                    "tolerance": indicator.tolerance,
                    "target": line.target,
                    "value": entry.value if entry else None,
                    "compared": verdict.compared if verdict else None,
                    "expected": verdict.expected if verdict else None,
                    "status": verdict.status if verdict else "no_data",
                    "rule": verdict.rule if verdict else "",
                    "note": entry.note if entry else "",
                    "entered_by": entry.entered_by.get_username()
                    if entry and entry.entered_by
                    else "",
                    "entered_at": entry.entered_at.isoformat() if entry else "",
                    "evidence": evidence.get(entry.pk, 0) if entry else 0,
                }
            )
    return result


def to_csv(data: list[dict]) -> bytes:
    headers = [thai for _key, thai, *_ in DICTIONARY]
    return cells.csv_bytes([headers, *([row[key] for key in KEYS] for row in data)])


def to_xlsx(data: list[dict]) -> bytes:
    workbook = writing.new_workbook()
    sheet = workbook.create_sheet("ผลการดำเนินงาน")
    for column, (_key, thai, *_rest) in enumerate(DICTIONARY, start=1):
        header = writing.put(sheet, 1, column, thai)
        header.font, header.fill = writing.HEADER_FONT, writing.HEADER_FILL
    for row_index, row in enumerate(data, start=2):
        for column, key in enumerate(KEYS, start=1):
            writing.put(sheet, row_index, column, row[key])
    sheet.freeze_panes = "A2"
    dictionary = workbook.create_sheet("พจนานุกรมข้อมูล")
    for column, header in enumerate(["คอลัมน์", "Column", "JSON key", "ความหมาย"], start=1):
        cell = writing.put(dictionary, 1, column, header)
        cell.font, cell.fill = writing.HEADER_FONT, writing.HEADER_FILL
    for row_index, (key, thai, english, meaning) in enumerate(DICTIONARY, start=2):
        for column, value in enumerate([thai, english, key, meaning], start=1):
            writing.put(dictionary, row_index, column, value)
    return writing.to_bytes(workbook)


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def to_json(data: list[dict], *, board) -> bytes:
    document = {
        "province": board.province.name,
        "fiscal_year": board.fiscal_year,
        "dictionary": [
            {"key": key, "th": thai, "en": english, "meaning": meaning}
            for key, thai, english, meaning in DICTIONARY
        ],
        "rows": [{key: _json_value(row[key]) for key in KEYS} for row in data],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
