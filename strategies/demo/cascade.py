"""Demo data built from the seed document: Chumphon province, B.E. 2548.

Everything here is *example data* (ข้อมูลตัวอย่าง): plausible, drawn from the
seed's story, but not the province's real plan. ``load`` is idempotent: it
looks things up by their codes and numbers and updates them in place.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from strategies import fiscal, services
from strategies.models import (
    ActionPlan,
    AdministrationPlan,
    BudgetSource,
    ClusterMembership,
    Goal,
    Indicator,
    Membership,
    NationalGoal,
    NationalIndicator,
    NationalStrategy,
    Organisation,
    OrganisationKind,
    Perspective,
    PolicyHeading,
    PolicyStatement,
    Profile,
    Project,
    Role,
    StrategicIssue,
    Strategy,
)

DEMO_PASSWORD = "blueprint2548"
CLUSTERS_FROM = datetime.date(2003, 10, 1)
EXAMPLE = "ข้อมูลตัวอย่าง"

POLICY_HEADINGS = [
    ("นโยบายการขจัดความยากจน", "Poverty eradication"),
    ("นโยบายการพัฒนาคนและสังคมที่มีคุณภาพ", "Human development and quality of life"),
    (
        "นโยบายการปรับโครงสร้างเศรษฐกิจเพื่อความสมดุลและการแข่งขัน",
        "Economic restructuring for balance and competitiveness",
    ),
    ("นโยบายการบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Natural resources and environment"),
    ("นโยบายการต่างประเทศและเศรษฐกิจระหว่างประเทศ", "Foreign and international economic policy"),
    (
        "นโยบายการพัฒนากฎหมายและการส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",
        "Legal development and good governance",
    ),
    ("นโยบายการส่งเสริมประชาธิปไตยและกระบวนการประชาสังคม", "Democracy and civil society"),
    ("นโยบายความมั่นคงของรัฐ", "National security"),
    ("นโยบายตามบทบัญญัติแห่งรัฐธรรมนูญ (แนวนโยบายพื้นฐานแห่งรัฐ)", "Fundamental state policy"),
]

# National strategies of the Government Administration Plan B.E. 2548–2551 (example wording),
# each with the policy headings it serves, one goal and one indicator.
NATIONAL_STRATEGIES = [
    (
        "การขจัดความยากจน",
        [1],
        "ประชาชนมีรายได้พ้นเส้นความยากจน",
        ("สัดส่วนคนจนต่อประชากรทั้งหมด", "ร้อยละ", "ไม่เกินร้อยละ 4 ในปี 2551"),
    ),
    (
        "การพัฒนาคนและสังคมที่มีคุณภาพ",
        [2],
        "คนไทยมีการศึกษาและสุขภาพที่ดี",
        ("จำนวนปีการศึกษาเฉลี่ยของประชากรวัยแรงงาน", "ปี", "10 ปี"),
    ),
    (
        "การปรับโครงสร้างเศรษฐกิจให้สมดุลและแข่งขันได้",
        [3, 5],
        "เศรษฐกิจเติบโตอย่างมีคุณภาพและยั่งยืน",
        ("อัตราการขยายตัวทางเศรษฐกิจ", "ร้อยละต่อปี", "ไม่ต่ำกว่าร้อยละ 5"),
    ),
    (
        "การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        [4],
        "ทรัพยากรธรรมชาติได้รับการฟื้นฟูและใช้ประโยชน์อย่างยั่งยืน",
        ("พื้นที่ป่าไม้ต่อพื้นที่ประเทศ", "ร้อยละ", "ร้อยละ 33"),
    ),
    (
        "การต่างประเทศและเศรษฐกิจระหว่างประเทศ",
        [5],
        "ไทยมีบทบาทนำในภูมิภาค",
        ("มูลค่าการค้าชายแดน", "ล้านบาท", "เพิ่มขึ้นร้อยละ 10 ต่อปี"),
    ),
    (
        "การพัฒนากฎหมายและการส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",
        [6],
        "ระบบราชการมีประสิทธิภาพและโปร่งใส",
        ("ระดับความพึงพอใจของประชาชนต่อบริการภาครัฐ", "ร้อยละ", "ร้อยละ 80"),
    ),
    (
        "การส่งเสริมประชาธิปไตยและกระบวนการประชาสังคม",
        [7],
        "ประชาชนมีส่วนร่วมในการพัฒนา",
        ("จำนวนองค์กรภาคประชาสังคมที่เข้มแข็ง", "แห่ง", "เพิ่มขึ้นปีละ 5"),
    ),
    (
        "ความมั่นคงของรัฐ",
        [8],
        "สังคมสงบสุขและปลอดภัย",
        ("อัตราคดีอาชญากรรมต่อประชากรแสนคน", "คดี", "ลดลงร้อยละ 10"),
    ),
    (
        "การดำเนินการตามแนวนโยบายพื้นฐานแห่งรัฐ",
        [9],
        "การบริหารราชการเป็นไปตามรัฐธรรมนูญ",
        ("ร้อยละของกฎหมายที่ตราตามบทบัญญัติรัฐธรรมนูญ", "ร้อยละ", "ร้อยละ 100"),
    ),
]

MINISTRIES = [
    # code, ministry, department code, department, line-agency suffix, short code
    (
        "moac",
        "กระทรวงเกษตรและสหกรณ์",
        "doae",
        "กรมส่งเสริมการเกษตร",
        "สำนักงานเกษตรจังหวัด",
        "agriculture",
    ),
    (
        "moc",
        "กระทรวงพาณิชย์",
        "moc-ops",
        "สำนักงานปลัดกระทรวงพาณิชย์",
        "สำนักงานพาณิชย์จังหวัด",
        "commerce",
    ),
    (
        "mots",
        "กระทรวงการท่องเที่ยวและกีฬา",
        "mots-ops",
        "สำนักงานปลัดกระทรวงการท่องเที่ยวและกีฬา",
        "สำนักงานการท่องเที่ยวและกีฬาจังหวัด",
        "tourism",
    ),
    (
        "moi",
        "กระทรวงมหาดไทย",
        "cdd",
        "กรมการพัฒนาชุมชน",
        "สำนักงานพัฒนาชุมชนจังหวัด",
        "community-development",
    ),
    (
        "mol",
        "กระทรวงแรงงาน",
        "mol-ops",
        "สำนักงานปลัดกระทรวงแรงงาน",
        "สำนักงานแรงงานจังหวัด",
        "labour",
    ),
]

PROVINCES = [
    ("chumphon", "ชุมพร", "Chumphon"),
    ("suratthani", "สุราษฎร์ธานี", "Surat Thani"),
    ("ranong", "ระนอง", "Ranong"),
]
# The governor in each province's record: a Blueprint's approval names them.
# Invented names, read as words about the office (as every demo person's are), so that
# none can be taken for the real governors of 2548.
GOVERNORS = {
    "chumphon": "นายปกครอง ธรรมาภิบาล",
    "suratthani": "นายบริหาร สมุทรรุ่งเรือง",
    "ranong": "นายนำพา อันดามันดี",
}

# Partners of Chumphon's plan that own rows besides its line agencies: GAP certification
# is the Department of Agriculture's, done by its regional office for the upper south
# (in Surat Thani), not by the provincial agriculture office; local government and the
# private sector co-fund and run projects.
PARTNERS = [
    # code, kind, name, parent code, province code (None: serves its region)
    (
        "doa-oard7",
        OrganisationKind.REGIONAL_OFFICE,
        "สำนักวิจัยและพัฒนาการเกษตรเขตที่ 7 (สุราษฎร์ธานี) กรมวิชาการเกษตร",
        "doa",
        None,
    ),
    ("chumphon-pao", OrganisationKind.LOCAL_GOVERNMENT, "องค์การบริหารส่วนจังหวัดชุมพร", None,
     "chumphon"),
    ("chumphon-chamber", OrganisationKind.PRIVATE, "หอการค้าจังหวัดชุมพร", None, "chumphon"),
]  # fmt: skip

PROVINCE_OFFICES = {
    "chumphon": {
        "office_name": "ศาลากลางจังหวัดชุมพร",
        "office_address": "ถนนไชยราช ตำบลท่าตะเภา อำเภอเมืองชุมพร จังหวัดชุมพร ๘๖๐๐๐",
        "office_unit": "สำนักงานจังหวัดชุมพร กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
        "office_phone": "๐ ๗๗๕๑ ๑๒๓๔",
    },
}

CHUMPHON_VISION = (
    "มุ่งการผลิตและจำหน่ายสินค้าเกษตรครบวงจร นำการท่องเที่ยวเชิงคุณภาพและเสริมสร้างบ้านเมืองน่าอยู่ คู่สังคมที่ยั่งยืน"
)
CHUMPHON_MISSIONS = "\n".join(
    [
        "ส่งเสริมการผลิต การแปรรูป และการตลาดสินค้าเกษตรให้มีคุณภาพได้มาตรฐานครบวงจร",
        "พัฒนาแหล่งท่องเที่ยวและบริการให้มีคุณภาพ เชื่อมโยงกับกลุ่มจังหวัด",
        "เสริมสร้างความเข้มแข็งของชุมชนและแก้ไขปัญหาความยากจนอย่างยั่งยืน",
        "อนุรักษ์และฟื้นฟูทรัพยากรธรรมชาติและสิ่งแวดล้อม",
    ]
)

# The seed's strategic issue, complete: goals → indicators (baseline, targets 2548–2551),
# strategies → projects (lead agency, budgets).
ISSUE_ONE = {
    "title": "การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน",
    "description": (
        "ยกระดับรายได้ของเกษตรกรและผู้มีรายได้น้อยด้วยการผลิตและจำหน่ายสินค้าเกษตรครบวงจร "
        "เชื่อมโยงกับข้อเสนอการเปลี่ยนแปลงของกลุ่มจังหวัด (ชุมพร สุราษฎร์ธานี ระนอง) "
        f"({EXAMPLE})"
    ),
    "national": [1, 3],
    "goals": [
        (
            "รายได้ของครัวเรือนเกษตรกรเพิ่มขึ้น",
            Perspective.EFFECTIVENESS,
            [
                (
                    "ร้อยละที่เพิ่มขึ้นของรายได้เฉลี่ยต่อครัวเรือนเกษตรกร",
                    "ร้อยละ",
                    "2.50",
                    ["3", "4", "5", "6"],
                    "agriculture",
                ),
                (
                    "จำนวนครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์ จปฐ. ลดลง",
                    "ครัวเรือน",
                    "4120",
                    ["3500", "2800", "2000", "1200"],
                    "community-development",
                ),
            ],
        ),
        (
            "สินค้าเกษตรได้มาตรฐานและมีช่องทางจำหน่ายเพิ่มขึ้น",
            Perspective.SERVICE_QUALITY,
            [
                (
                    "จำนวนแปลงผลไม้ที่ผ่านการรับรองมาตรฐาน GAP",
                    "แปลง",
                    "850",
                    ["1200", "1600", "2000", "2500"],
                    "doa-oard7",
                ),
                (
                    "มูลค่าการจำหน่ายสินค้าเกษตรแปรรูปและสินค้า OTOP",
                    "ล้านบาท",
                    "310",
                    ["340", "380", "420", "470"],
                    "commerce",
                ),
            ],
        ),
    ],
    "strategies": [
        (
            "ส่งเสริมการผลิตสินค้าเกษตรปลอดภัยและได้มาตรฐาน",
            [1, 2],
            [
                (
                    "โครงการพัฒนาคุณภาพผลไม้เพื่อการส่งออก (ทุเรียน มังคุด)",
                    "เพิ่มสัดส่วนผลไม้คุณภาพส่งออกและลดต้นทุนการผลิต",
                    "agriculture",
                    ["doa-oard7", "commerce"],
                    {
                        2548: {"regular": "2500000", "ceo_governor": "1500000"},
                        2549: {"regular": "2800000"},
                        2550: {"regular": "3000000"},
                        2551: {"regular": "3000000"},
                    },
                ),
                (
                    "โครงการส่งเสริมการรวมกลุ่มแปรรูปผลผลิตทางการเกษตร",
                    "สร้างมูลค่าเพิ่มให้ผลผลิตและรายได้เสริมแก่ครัวเรือน",
                    "community-development",
                    ["agriculture", "labour", "pao"],
                    {
                        2548: {"ceo_governor": "1200000", "local": "300000"},
                        2549: {"ceo_governor": "1200000"},
                        2550: {"regular": "900000"},
                        2551: {"regular": "900000"},
                    },
                ),
            ],
        ),
        (
            "พัฒนาการตลาดและช่องทางจำหน่ายสินค้าเกษตรครบวงจร",
            [2],
            [
                (
                    "โครงการตลาดกลางผลไม้จังหวัดชุมพร",
                    "เปิดช่องทางจำหน่ายผลไม้โดยตรงจากเกษตรกรสู่ผู้ซื้อ",
                    "commerce",
                    ["agriculture", "chamber"],
                    {
                        2548: {"ceo_governor": "3500000"},
                        2549: {"regular": "1000000"},
                        2550: {"regular": "1000000"},
                        2551: {"regular": "1000000"},
                    },
                ),
            ],
        ),
        (
            "ยกระดับฝีมือแรงงานและอาชีพของผู้มีรายได้น้อย",
            [1],
            [
                (
                    "โครงการฝึกอาชีพเสริมสำหรับครัวเรือนยากจน",
                    "ให้ครัวเรือนยากจนมีอาชีพเสริมและรายได้เพิ่มขึ้น",
                    "labour",
                    ["community-development"],
                    {
                        2548: {"regular": "800000"},
                        2549: {"regular": "800000"},
                        2550: {"regular": "850000"},
                        2551: {"regular": "850000"},
                    },
                ),
            ],
        ),
    ],
}

# Two more issues, deliberately with breaks so the cascade check has something to show.
ISSUE_TWO = {
    "title": "การพัฒนาการท่องเที่ยวเชิงคุณภาพ",
    "description": f"พัฒนาแหล่งท่องเที่ยวทางทะเลและเกษตรเชิงท่องเที่ยว ({EXAMPLE})",
    "national": [3],
    "goals": [
        (
            "รายได้จากการท่องเที่ยวเพิ่มขึ้น",
            Perspective.EFFECTIVENESS,
            [
                # Missing the 2551 target: a break.
                (
                    "รายได้จากการท่องเที่ยวของจังหวัด",
                    "ล้านบาท",
                    "2150",
                    ["2300", "2500", "2700", None],
                    "tourism",
                ),
            ],
        ),
        # A goal with no indicator: a break.
        ("นักท่องเที่ยวพึงพอใจต่อคุณภาพบริการ", Perspective.SERVICE_QUALITY, []),
    ],
    "strategies": [
        (
            "พัฒนาแหล่งท่องเที่ยวเชิงเกษตรและทางทะเล",
            [1],
            [
                # No lead agency and no budget: two breaks.
                (
                    "โครงการพัฒนาเส้นทางท่องเที่ยวเชิงเกษตร",
                    "เชื่อมสวนผลไม้กับแหล่งท่องเที่ยวชายหาด",
                    None,
                    [],
                    {},
                ),
            ],
        ),
    ],
}

ISSUE_THREE = {
    # Aligned to no national strategy: a break.
    "title": "การเสริมสร้างบ้านเมืองน่าอยู่และสังคมที่ยั่งยืน",
    "description": f"ชุมชนเข้มแข็ง สิ่งแวดล้อมดี ({EXAMPLE})",
    "national": [],
    "goals": [
        (
            "ชุมชนมีความเข้มแข็งและพึ่งตนเองได้",
            Perspective.EFFECTIVENESS,
            [
                (
                    "จำนวนหมู่บ้านที่ผ่านเกณฑ์หมู่บ้านเศรษฐกิจพอเพียง",
                    "หมู่บ้าน",
                    "40",
                    ["60", "80", "100", "120"],
                    "community-development",
                ),
            ],
        ),
    ],
    "strategies": [],
}

SURAT_ISSUE = {
    "title": "การพัฒนาการท่องเที่ยวทางทะเลระดับนานาชาติ",
    "description": f"แหล่งท่องเที่ยวเกาะสมุย เกาะพะงัน ({EXAMPLE})",
    "national": [3],
    "goals": [
        (
            "รายได้จากการท่องเที่ยวเพิ่มขึ้นอย่างยั่งยืน",
            Perspective.EFFECTIVENESS,
            [
                (
                    "รายได้จากนักท่องเที่ยวต่างชาติ",
                    "ล้านบาท",
                    "28000",
                    ["30000", "32000", "34000", "36000"],
                    "tourism",
                ),
            ],
        ),
    ],
    "strategies": [],
}

# How each demo person's name is written in official documents.
NAME_TITLES = {
    "chumphon.strategy": "นางสาว",
    "chumphon.agriculture": "นาย",
    "chumphon.viewer": "นาง",
    "suratthani.strategy": "นาย",
    "opdc.reviewer": "นาย",
}

USERS = [
    # username, first, last, email, organisation code, role, position
    (
        "chumphon.strategy",
        "ดวงใจ",
        "แผนงามดี",
        "chumphon.strategy@example.go.th",
        "chumphon",
        Role.EDITOR,
        "นักวิเคราะห์นโยบายและแผน สำนักงานบริหารยุทธศาสตร์",
    ),
    (
        "chumphon.agriculture",
        "ประเสริฐ",
        "สวนมะพร้าว",
        "chumphon.agriculture@example.go.th",
        "chumphon-agriculture",
        Role.CONTRIBUTOR,
        "นักวิชาการส่งเสริมการเกษตร",
    ),
    (
        "chumphon.viewer",
        "วิไล",
        "อ่านทั่วถึง",
        "chumphon.viewer@example.go.th",
        "chumphon",
        Role.VIEWER,
        "เจ้าหน้าที่ศาลากลางจังหวัด",
    ),
    (
        "suratthani.strategy",
        "อนุชา",
        "ทะเลงาม",
        "suratthani.strategy@example.go.th",
        "suratthani",
        Role.EDITOR,
        "นักวิเคราะห์นโยบายและแผน",
    ),
    (
        "opdc.reviewer",
        "กมล",
        "ตรวจดี",
        "opdc.reviewer@example.go.th",
        "opdc",
        Role.REVIEWER,
        "นักพัฒนาระบบราชการ",
    ),
]


def _org(code, **fields):
    org, _created = Organisation.objects.update_or_create(code=code, defaults=fields)
    return org


@transaction.atomic
def load() -> dict:
    """Create or refresh the demo. Returns the main objects by name."""
    statement, _ = PolicyStatement.objects.update_or_create(
        delivered_on=datetime.date(2005, 3, 23),
        defaults={
            "title": "คำแถลงนโยบายของคณะรัฐมนตรี (พันตำรวจโท ทักษิณ ชินวัตร นายกรัฐมนตรี)",
            "summary": (
                "แถลงต่อรัฐสภาเมื่อวันที่ 23 มีนาคม 2548 "
                "เป็นจุดเริ่มต้นของการถ่ายทอดยุทธศาสตร์ (Cascade) สู่แผนการบริหารราชการแผ่นดิน "
                "และแผนปฏิบัติราชการ 4 ปีของกระทรวง กรม และจังหวัด"
            ),
        },
    )
    headings = {}
    for number, (title, title_en) in enumerate(POLICY_HEADINGS, start=1):
        headings[number], _ = PolicyHeading.objects.update_or_create(
            statement=statement, number=number, defaults={"title": title, "title_en": title_en}
        )
    admin_plan, _ = AdministrationPlan.objects.update_or_create(
        start_year=2548,
        end_year=2551,
        defaults={"title": "แผนการบริหารราชการแผ่นดิน พ.ศ. 2548–2551", "statement": statement},
    )
    national = {}
    for number, (title, heading_numbers, goal_title, indicator) in enumerate(
        NATIONAL_STRATEGIES, start=1
    ):
        strategy, _ = NationalStrategy.objects.update_or_create(
            plan=admin_plan, number=number, defaults={"title": f"ยุทธศาสตร์{title}"}
        )
        strategy.policy_headings.set([headings[n] for n in heading_numbers])
        goal, _ = NationalGoal.objects.update_or_create(
            strategy=strategy, number=1, defaults={"title": goal_title}
        )
        name, unit, target = indicator
        NationalIndicator.objects.update_or_create(
            goal=goal, name=name, defaults={"unit": unit, "target": target}
        )
        national[number] = strategy

    # Organisations.
    opdc = _org(
        "opdc",
        kind=OrganisationKind.OPDC,
        name="สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.)",
        name_en="Office of the Public Sector Development Commission (OPDC)",
        short_name="สำนักงาน ก.พ.ร.",
    )
    provinces = {
        code: _org(
            code,
            kind=OrganisationKind.PROVINCE,
            name=f"จังหวัด{name}",
            name_en=f"{name_en} province",
            short_name=name,
            region="south",
            governor_name=GOVERNORS[code],
            governor_position=f"ผู้ว่าราชการจังหวัด{name}",
        )
        for code, name, name_en in PROVINCES
    }
    # The office Chumphon's letters print (the covering letter of a submission).
    _org(
        "chumphon",
        **{**PROVINCE_OFFICES["chumphon"], "kind": OrganisationKind.PROVINCE},
    )
    cluster = _org(
        "cluster-upper-south",
        kind=OrganisationKind.CLUSTER,
        name="กลุ่มจังหวัดภาคใต้ตอนบน (ชุมพร สุราษฎร์ธานี ระนอง)",
        name_en="Upper South provincial cluster (Chumphon, Surat Thani, Ranong)",
        region="south",
    )
    # Members since the clusters and the CEO governors began, 1 October 2546.
    for province in provinces.values():
        ClusterMembership.objects.filter(cluster=cluster, province=province).exclude(
            start_date=CLUSTERS_FROM
        ).delete()
        ClusterMembership.objects.get_or_create(
            cluster=cluster, province=province, start_date=CLUSTERS_FROM
        )
    agencies = {}
    orgs_by_code = {}
    for ministry_code, ministry, dept_code, dept, office, short in MINISTRIES:
        ministry_org = _org(ministry_code, kind=OrganisationKind.MINISTRY, name=ministry)
        orgs_by_code[ministry_code] = ministry_org
        dept_org = _org(dept_code, kind=OrganisationKind.DEPARTMENT, name=dept, parent=ministry_org)
        for code, name, _name_en in PROVINCES:
            agencies[(code, short)] = _org(
                f"{code}-{short}",
                kind=OrganisationKind.LINE_AGENCY,
                name=f"{office}{name}",
                parent=dept_org,
                province=provinces[code],
                region="south",
            )

    doa = _org(
        "doa", kind=OrganisationKind.DEPARTMENT, name="กรมวิชาการเกษตร", parent=orgs_by_code["moac"]
    )
    for code, kind, name, parent, province in PARTNERS:
        partner = _org(
            code,
            kind=kind,
            name=name,
            parent=doa if parent == "doa" else None,
            province=provinces[province] if province else None,
            region="south",
        )
        for province_code, _name, _en in PROVINCES:
            if province is None or province == province_code:
                agencies[(province_code, code.removeprefix(f"{province_code}-"))] = partner

    # Plans.
    chumphon_plan = _plan(
        provinces["chumphon"],
        admin_plan,
        title="แผนปฏิบัติราชการ 4 ปี (พ.ศ. 2548–2551) จังหวัดชุมพร",
        vision=CHUMPHON_VISION,
        missions=CHUMPHON_MISSIONS,
    )
    for number, spec in enumerate([ISSUE_ONE, ISSUE_TWO, ISSUE_THREE], start=1):
        _issue(chumphon_plan, number, spec, national, agencies, "chumphon")
    surat_plan = _plan(
        provinces["suratthani"],
        admin_plan,
        title="แผนปฏิบัติราชการ 4 ปี (พ.ศ. 2548–2551) จังหวัดสุราษฎร์ธานี",
        vision="เมืองน่าอยู่ ประตูสู่การท่องเที่ยวทางทะเลระดับโลก (ข้อมูลตัวอย่าง)",
        missions="พัฒนาการท่องเที่ยวทางทะเล\nส่งเสริมเกษตรยั่งยืน",
    )
    _issue(surat_plan, 1, SURAT_ISSUE, national, agencies, "suratthani")

    # People.
    organisations = {"opdc": opdc, **provinces}
    organisations.update({org.code: org for org in agencies.values()})
    User = get_user_model()
    for username, first, last, email, org_code, role, position in USERS:
        user, created = User.objects.update_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.update_or_create(
            user=user,
            organisation=organisations[org_code],
            role=role,
            defaults={"position": position},
        )
        Profile.objects.update_or_create(
            user=user, defaults={"name_title": NAME_TITLES.get(username, "")}
        )
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "admin@example.go.th"},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    return {"plan": chumphon_plan, "surat_plan": surat_plan, "admin_plan": admin_plan}


def weights_of_100(count: int) -> list[Decimal]:
    """``count`` indicator weights that add up to exactly 100 (an issue's indicators share
    its score): equal shares to two decimals, the rounding put on the last."""
    if count <= 0:
        return []
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def _set_targets(indicator, targets: dict) -> None:
    """Set the yearly targets through the service, so the demo keeps its rules: once the
    plan stands approved and a target change was recorded (the monitoring demo), the
    approved targets stay — loading the demo again does not undo the recorded change."""
    try:
        services.indicator_set_targets(
            indicator=indicator,
            targets={
                year: None if value is None else Decimal(value) for year, value in targets.items()
            },
        )
    except ValidationError:
        pass  # under change control: the recorded target change stands


def _plan(province, admin_plan, **fields):
    plan, _ = ActionPlan.objects.update_or_create(
        organisation=province,
        start_year=2548,
        defaults={
            "end_year": fiscal.plan_end_year(2548),
            "administration_plan": admin_plan,
            **fields,
        },
    )
    return plan


def _issue(plan, number, spec, national, agencies, province_code):
    issue, _ = StrategicIssue.objects.update_or_create(
        plan=plan,
        number=number,
        defaults={"title": spec["title"], "description": spec["description"]},
    )
    issue.national_strategies.set([national[n] for n in spec["national"]])
    goals = {}
    weights = iter(weights_of_100(sum(len(goal[2]) for goal in spec["goals"])))
    for goal_number, (title, perspective, indicators) in enumerate(spec["goals"], start=1):
        goal, _ = Goal.objects.update_or_create(
            issue=issue, number=goal_number, defaults={"title": title, "perspective": perspective}
        )
        goals[goal_number] = goal
        for ind_number, (name, unit, baseline, targets, owner) in enumerate(indicators, start=1):
            indicator, _ = Indicator.objects.update_or_create(
                goal=goal,
                number=ind_number,
                defaults={
                    "name": name,
                    "unit": unit,
                    "baseline": Decimal(baseline),
                    "baseline_year": 2547,
                    "data_source": "สำนักงานสถิติจังหวัด / หน่วยงานเจ้าของตัวชี้วัด",
                    "owner": agencies.get((province_code, owner)),
                    "weight": next(weights),
                },
            )
            _set_targets(indicator, dict(zip(plan.years, targets, strict=True)))
    for strategy_number, (title, goal_numbers, projects) in enumerate(spec["strategies"], start=1):
        strategy, _ = Strategy.objects.update_or_create(
            issue=issue, number=strategy_number, defaults={"title": title}
        )
        strategy.goals.set([goals[n] for n in goal_numbers if n in goals])
        for project_number, (title, objective, lead, supporting, budgets) in enumerate(
            projects, start=1
        ):
            project, _ = Project.objects.update_or_create(
                strategy=strategy,
                number=project_number,
                defaults={
                    "title": title,
                    "objective": objective,
                    "lead_agency": agencies.get((province_code, lead)) if lead else None,
                },
            )
            project.supporting_agencies.set([agencies[(province_code, s)] for s in supporting])
            services.project_set_budgets(
                project=project,
                budgets={
                    (year, BudgetSource(source)): Decimal(amount)
                    for year, by_source in budgets.items()
                    for source, amount in by_source.items()
                },
            )
    return issue
