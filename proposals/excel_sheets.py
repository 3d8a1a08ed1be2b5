"""The sheets of a Blueprint's agency workbook: the rows line agencies draft (change
proposals, strategic readiness, risks, key success factors) and their columns.

They are the Blueprint's, so they live in ``proposals``; the sheet and column types and
the reading and writing of workbooks are the cascade's (:mod:`strategies.excel.layout`),
which knows nothing of Blueprints.
"""

from strategies.excel.layout import AGENCY_NOTE, Column, SheetSpec

ROW_ID = Column(
    "id", "รหัสแถว (ห้ามแก้ไข)", "Row id", "id", width=12,
    note="ระบบกรอกให้เมื่อส่งออก เว้นว่างสำหรับแถวใหม่",
)  # fmt: skip
# The row's version when it was exported: an import tells a row the person changed from
# one saved by someone else since the download (never overwritten silently).
ROW_VERSION = Column(
    "version", "ฉบับของแถว (ห้ามแก้ไข)", "Row version", "id", width=10,
    note="ระบบกรอกให้เมื่อส่งออก เว้นว่างสำหรับแถวใหม่",
)  # fmt: skip

CHANGES = SheetSpec(
    "change",
    "ประเด็นการเปลี่ยนแปลง",
    "Change proposals",
    (
        ROW_ID,
        Column(
            "category",
            "ประเภทการเปลี่ยนแปลง",
            "Category",
            "choice",
            True,
            26,
            note="การปรับปรุงประสิทธิภาพ / การพัฒนาคุณภาพ / การเสริมสร้างขีดสมรรถนะ",
        ),
        Column("title", "การเปลี่ยนแปลง", "Change", required=True, width=40, max_length=500),
        Column("gap", "ช่องว่างที่ปิด", "Gap it closes", width=36),
        Column("expected_result", "ผลที่คาดว่าจะได้รับ", "Expected result", width=36),
        Column(
            "indicator",
            "ตัวชี้วัดที่เกี่ยวข้อง",
            "Linked indicator",
            "code",
            width=16,
            note="รหัสตัวชี้วัดของประเด็น เช่น 1.2 (เป้าประสงค์ที่ 1 ตัวชี้วัดที่ 2)",
        ),
        Column(
            "responsible_agency",
            "หน่วยงานรับผิดชอบ",
            "Responsible agency",
            "agency",
            width=28,
            note=AGENCY_NOTE,
        ),
        Column("start_year", "ตั้งแต่ปีงบประมาณ", "From fiscal year", "year", width=14),
        Column("end_year", "ถึงปีงบประมาณ", "To fiscal year", "year", width=14),
        ROW_VERSION,
    ),  # fmt: skip
    purpose="ประเด็นการเปลี่ยนแปลง หนึ่งแถวต่อหนึ่งการเปลี่ยนแปลง",
    extra={"section": "changes"},
)

READINESS = SheetSpec(
    "readiness",
    "ความพร้อมเชิงยุทธศาสตร์",
    "Strategic readiness",
    (
        ROW_ID,
        Column(
            "capital", "ทุน", "Capital", "choice", True, 20, note="ทุนมนุษย์ / ทุนสารสนเทศ / ทุนองค์การ"
        ),
        Column("requirement", "สิ่งที่ต้องมี", "Requirement", required=True, width=36),
        Column("current_level", "ระดับปัจจุบัน", "Current level", width=30),
        Column("gap", "ช่องว่าง", "Gap", width=30),
        Column("action", "การดำเนินการ", "Action", width=30),
        ROW_VERSION,
    ),  # fmt: skip
    purpose="การประเมินความพร้อมเชิงยุทธศาสตร์ในทุนทั้งสาม",
    extra={"section": "readiness"},
)

RISKS = SheetSpec(
    "risk",
    "ความเสี่ยง",
    "Risks",
    (
        ROW_ID,
        Column("description", "ความเสี่ยง", "Risk", required=True, width=40),
        Column(
            "likelihood", "โอกาสเกิด", "Likelihood", "choice", True, 12, note="ต่ำ / ปานกลาง / สูง"
        ),
        Column("impact", "ผลกระทบ", "Impact", "choice", True, 12, note="ต่ำ / ปานกลาง / สูง"),
        Column("mitigation", "แนวทางป้องกันและแก้ไข", "Mitigation", width=40),
        Column("owner", "ผู้รับผิดชอบความเสี่ยง", "Risk owner", "agency", width=28, note=AGENCY_NOTE),
        ROW_VERSION,
    ),  # fmt: skip
    purpose="ความเสี่ยงและแนวทางป้องกัน",
    extra={"section": "risks"},
)

FACTORS = SheetSpec(
    "factor",
    "ปัจจัยแห่งความสำเร็จ",
    "Key success factors",
    (
        ROW_ID,
        Column("text", "ปัจจัยแห่งความสำเร็จ", "Key success factor", required=True, width=60),
        ROW_VERSION,
    ),
    purpose="ปัจจัยแห่งความสำเร็จ หนึ่งแถวต่อหนึ่งปัจจัย",
    extra={"section": "success_factors"},
)

AGENCY_SHEETS = (CHANGES, READINESS, RISKS, FACTORS)
