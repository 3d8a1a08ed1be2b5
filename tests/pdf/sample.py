"""A Blueprint as snapshot data (schema 1), built in Python: renders need no database.

Rich enough to cross page breaks in the long tables, with participation records and,
when asked, hostile text in every kind of field.
"""

import copy

# Text a malicious or careless user might type. It must come out as text.
HOSTILE = (
    '<img src="http://127.0.0.1:9/track.png">'
    '<img src="file:///etc/passwd">'
    '<img src="data:image/svg+xml;base64,PHN2Zy8+">'
    '<link rel="stylesheet" href="http://evil.invalid/x.css">'
    "<style>@import url(http://evil.invalid/i.css); body{background:url(file:///etc/hosts)}</style>"
    '<script>alert("x")</script>'
)
# Breaks out of an attribute or a CSS string if anything pastes it unescaped.
HOSTILE_ATTR = '"><img src="http://evil.invalid/a.png"> ");} * {background:url(file:///etc/shadow)}'

PARAGRAPH = (
    "จังหวัดชุมพรเป็นแหล่งผลิตผลไม้สำคัญของภาคใต้ตอนบน โดยเฉพาะทุเรียน มังคุด และลองกอง "
    "แต่เกษตรกรส่วนใหญ่ยังขายผลผลิตสดผ่านพ่อค้าคนกลาง ได้ราคาต่ำในช่วงที่ผลผลิตออกมาก "
    "และแปลงที่ผ่านการรับรองมาตรฐานยังมีน้อย"
)


def org(code, name):
    return {"id": sum(map(ord, code)), "code": code, "name": name, "name_en": ""}


PROVINCE = org("chumphon", "จังหวัดชุมพร")
AGRI = org("chumphon-agri", "สำนักงานเกษตรจังหวัดชุมพร")
COMMERCE = org("chumphon-commerce", "สำนักงานพาณิชย์จังหวัดชุมพร")


def coded(code, label):
    return {"code": code, "label": label}


def sample_data(*, projects: int = 14, hostile: bool = False, participation: bool = True):
    """A complete Blueprint; ``projects`` sets how long the budget table runs."""
    years = [2548, 2549, 2550, 2551]
    evil = HOSTILE if hostile else ""
    goals = []
    for g in range(1, 4):
        goals.append(
            {
                "id": g,
                "number": g,
                "title": f"เป้าประสงค์ทดสอบที่ {g} รายได้ของครัวเรือนเกษตรกรเพิ่มขึ้น",
                "perspective": coded("effectiveness", "ประสิทธิผล"),
                "indicators": [
                    {
                        "id": g * 10 + i,
                        "number": i,
                        "name": f"ร้อยละที่เพิ่มขึ้นของรายได้เฉลี่ยต่อครัวเรือน ตัวที่ {i}{evil}",
                        "unit": "ร้อยละ",
                        "formula": "",
                        "data_source": "สำนักงานสถิติจังหวัด",
                        "baseline": "2.50",
                        "baseline_year": 2547,
                        "weight": "25.00",
                        "owner": AGRI,
                        "targets": [
                            {"fiscal_year": y, "value": f"{3 + n}.00"} for n, y in enumerate(years)
                        ],
                    }
                    for i in range(1, 5)
                ],
            }
        )
    project_rows = []
    total = 0
    for p in range(1, projects + 1):
        budgets = [
            {
                "fiscal_year": y,
                "source": coded("regular", "งบประมาณปกติ (งบกระทรวง/กรม)"),
                "amount": f"{1_000_000 + p * 1000}.00",
            }
            for y in years
        ] + [
            {
                "fiscal_year": 2548,
                "source": coded("ceo_governor", "งบผู้ว่าราชการจังหวัดแบบบูรณาการ (CEO)"),
                "amount": "500000.00",
            }
        ]
        project_total = 4 * (1_000_000 + p * 1000) + 500_000
        total += project_total
        project_rows.append(
            {
                "id": p,
                "strategy": {"id": 1, "number": 1, "title": "ส่งเสริมการผลิตสินค้าเกษตรปลอดภัย"},
                "number": p,
                "title": f"โครงการพัฒนาคุณภาพผลไม้เพื่อการส่งออก ลำดับที่ {p}",
                "objective": "เพิ่มสัดส่วนผลไม้คุณภาพส่งออก",
                "lead_agency": AGRI,
                "supporting_agencies": [COMMERCE],
                "budgets": budgets,
                "budget_total": f"{project_total}.00",
                "activities": [
                    {
                        "id": p * 10 + a,
                        "position": a,
                        "title": f"อบรมเกษตรกรรุ่นที่ {a}",
                        "start_date": "2004-11-01",
                        "end_date": "2005-02-28",
                        "responsible_agency": AGRI,
                    }
                    for a in range(1, 3)
                ],
                "milestones": [
                    {"id": p, "position": 1, "title": "ผ่านการรับรองครบ", "due_date": "2005-06-30"}
                ],
            }
        )
    data = {
        "schema_version": 1,
        "blueprint": {
            "id": 7,
            "title": (
                "ข้อเสนอการเปลี่ยนแปลง (Blueprint for Change) ประเด็นยุทธศาสตร์ที่ 1 "
                "การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน"
            ),
            "edition": 2,
            "status": coded("submitted", "ส่งสำนักงาน ก.พ.ร. แล้ว"),
            "fiscal_year": 2548,
            "province": {**PROVINCE, "name": PROVINCE["name"] + (HOSTILE_ATTR if hostile else "")},
            "cluster": org("cluster-upper-south", "กลุ่มจังหวัดภาคใต้ตอนบน"),
            "cluster_reference": "ข้อเสนอการเปลี่ยนแปลงกลุ่มจังหวัด" + evil,
            "cluster_url": "http://evil.invalid/cluster" if hostile else "",
            "approver": {
                "name": "นายวีระ ศรีวัฒนตระกูล",
                "position": "ผู้ว่าราชการจังหวัดชุมพร",
                "approved_on": "2005-03-10",
            },
            "submitted_at": "2005-03-23T10:30:00+07:00",
            "submitted_by": {"username": "chumphon.strategy", "full_name": "สุดารัตน์ ทองดี"},
            "created_at": "2005-01-10T09:00:00+07:00",
        },
        "plan": {
            "id": 1,
            "title": "แผนปฏิบัติราชการ 4 ปี (พ.ศ. 2548–2551) จังหวัดชุมพร",
            "start_year": 2548,
            "end_year": 2551,
            "years": years,
            "vision": "มุ่งการผลิตและจำหน่ายสินค้าเกษตรครบวงจร",
            "missions": ["ส่งเสริมการผลิต การแปรรูป และการตลาดสินค้าเกษตร"],
            "organisation": PROVINCE,
            "administration_plan": {
                "id": 1,
                "title": "แผนการบริหารราชการแผ่นดิน พ.ศ. 2548–2551",
                "start_year": 2548,
                "end_year": 2551,
            },
        },
        "issue": {
            "id": 1,
            "number": 1,
            "title": "การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน",
            "description": "ยกระดับรายได้ของเกษตรกร" + evil,
        },
        "alignment": {
            "national_strategies": [
                {
                    "id": 1,
                    "number": 1,
                    "title": "ยุทธศาสตร์การขจัดความยากจน",
                    "plan_title": "แผนการบริหารราชการแผ่นดิน พ.ศ. 2548–2551",
                    "policy_headings": [{"number": 1, "title": "นโยบายการขจัดความยากจน"}],
                }
            ]
        },
        "sections": [],
        "goals": goals,
        "diagnosis": {
            "current_situation": PARAGRAPH + "\n\n" + PARAGRAPH + evil,
            "desired_state": "เกษตรกรผลิตผลไม้คุณภาพได้มาตรฐานส่งออก",
            "gap": "ผลผลิตที่ได้มาตรฐานส่งออกยังน้อย",
            "root_causes": "เจ้าหน้าที่ตรวจรับรองมาตรฐานมีน้อย",
            "swot": {
                "strengths": "ดินและภูมิอากาศเหมาะกับไม้ผล",
                "weaknesses": "ผลผลิตกระจุกตัวในช่วงเดียวกัน",
                "opportunities": "ความต้องการผลไม้เมืองร้อนเพิ่มขึ้น",
                "threats": "ราคาผลไม้ผันผวน",
            },
        },
        "change_proposals": [
            {
                "id": 1,
                "position": 1,
                "category": coded("efficiency", "การปรับปรุงประสิทธิภาพ"),
                "title": "ลดขั้นตอนการตรวจรับรองมาตรฐาน GAP" + evil,
                "gap": "การตรวจรับรองใช้เวลาเฉลี่ย 120 วัน",
                "expected_result": "ระยะเวลาการตรวจรับรองลดลงเหลือไม่เกิน 45 วัน",
                "indicator": {"id": 11, "number": 1, "goal_number": 1, "name": "ร้อยละรายได้"},
                "responsible_agency": AGRI,
                "start_year": 2548,
                "end_year": 2549,
            }
        ],
        "readiness": [
            {
                "id": 1,
                "position": 1,
                "capital": coded("human", "ทุนมนุษย์"),
                "requirement": "ผู้ตรวจประเมินมาตรฐาน GAP",
                "current_level": "มีผู้ตรวจประเมิน 4 คน",
                "gap": "ขาดอีก 8 คน",
                "action": "อบรมผู้ตรวจประเมิน",
            }
        ],
        "action_plan": {"projects": project_rows, "budget_total": f"{total}.00"},
        "risks": [
            {
                "id": 1,
                "position": 1,
                "description": "ราคาผลไม้ตกต่ำในช่วงผลผลิตออกมาก",
                "likelihood": coded("high", "สูง"),
                "impact": coded("medium", "ปานกลาง"),
                "mitigation": "ทำข้อตกลงซื้อขายล่วงหน้า",
                "owner": COMMERCE,
            }
        ],
        "success_factors": [{"id": 1, "position": 1, "text": "ผู้ว่าราชการจังหวัดให้ความสำคัญ" + evil}],
    }
    if participation:
        data["participants"] = [
            {"organisation": AGRI, "role": "จัดทำประเด็นการเปลี่ยนแปลง"},
            {"organisation": COMMERCE, "role": coded("contributor", "ให้ข้อมูลด้านการตลาด")},
        ]
        data["workshops"] = [
            {
                "held_on": "2005-01-20",
                "place": "ศาลากลางจังหวัดชุมพร",
                "agenda": "ระดมสมองจัดทำข้อเสนอการเปลี่ยนแปลง",
                "minutes": "",
                "attendance": [
                    {"organisation": AGRI, "count": 12},
                    {"organisation": COMMERCE, "count": 5},
                ],
            }
        ]
    return copy.deepcopy(data)
