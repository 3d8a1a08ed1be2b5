"""A national dataset for measuring scale: every province, its agencies, people and Blueprints.

``manage.py seed_national`` calls :func:`seed`. At the default size it builds what the
country looked like in fiscal year B.E. 2548: 75 provinces in the 19 clusters of that
year (see :data:`CLUSTERS`), about 1,500
line agencies and 5,000 people, 4–6 strategic issues per province each with a
Blueprint in some workflow state (≈ 50 rows each), ≈ 100,000 comments, ≈ 20,000
saved versions (revisions), ≈ 300 workshops, the submitted snapshots, review notes and
scores, notifications, and the OPDC dashboard's digests.

- **Example data** (ข้อมูลตัวอย่าง): real province names, plausible Thai text of
  realistic length, not anyone's real plan.
- **Repeatable**: each province draws from its own random generator seeded by
  ``seed`` and its number, so province 1 is the same whether 2 or 75 are built.
- **Additive**: provinces already present (by code) are skipped, so
  ``seed(provinces=10)`` followed by ``seed(provinces=75)`` adds the other 65 —
  what ``bench/run.py`` and ``tests/scale`` do to compare small and large data.
- **Fast**: rows are bulk-created (one ``INSERT`` per model and province); the
  database's own rules still apply (check constraints, the fiscal-year triggers of
  targets and budgets), only the services' per-row bookkeeping is skipped.
- ``scale`` multiplies the per-province volumes (agencies, people, rows, comments…),
  so tests can build a tiny country in a second or two.

Organisation codes start with ``nat-`` and usernames with ``nat-``, so the dataset can
sit next to the Chumphon demo. Every seeded person's password is :data:`PASSWORD`.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from proposals import selectors, snapshot
from proposals.completeness import find_blockers
from proposals.models import (
    Blueprint,
    BlueprintStatus,
    Capital,
    ChangeCategory,
    ChangeProposal,
    Diagnosis,
    Level,
    ProjectActivity,
    ProjectMilestone,
    ReadinessItem,
    Revision,
    RevisionAction,
    Risk,
    Section,
    SectionKey,
    SectionStatus,
    Snapshot,
    SuccessFactor,
    Transition,
)
from proposals.participation.models import (
    ActivityEvent,
    AgencyInput,
    Attendance,
    Comment,
    EmailState,
    InputAction,
    InputItem,
    InputStatus,
    Notification,
    NotificationKind,
    Participant,
    ParticipantRole,
    PointKind,
    Workshop,
    WorkshopInvitee,
    WorkshopPoint,
)
from proposals.review import digest
from proposals.review.models import (
    BlueprintDigest,
    ReviewNote,
    Rubric,
    Score,
    SubmissionDeadline,
)
from proposals.rows import KINDS, serialize
from strategies import fiscal
from strategies import limits as cascade_limits
from strategies.demo import cascade as strategies_demo
from strategies.models import (
    ActionPlan,
    AdministrationPlan,
    BudgetSource,
    ClusterMembership,
    Goal,
    Indicator,
    IndicatorTarget,
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
    ProjectBudget,
    Role,
    StrategicIssue,
    Strategy,
)

PASSWORD = "blueprint2548"
PREFIX = "nat-"
FISCAL_YEAR = 2548
PLAN_YEARS = (2548, fiscal.plan_end_year(2548))
EXAMPLE = "ข้อมูลตัวอย่าง"

# The 75 provinces of B.E. 2548 (Bangkok is not a province; Bueng Kan, the 76th, was
# created in B.E. 2554), region by region. Their clusters are :data:`CLUSTERS`.
PROVINCES = [
    # South
    ("chumphon", "ชุมพร", "Chumphon", "south"),
    ("suratthani", "สุราษฎร์ธานี", "Surat Thani", "south"),
    ("ranong", "ระนอง", "Ranong", "south"),
    ("nakhonsithammarat", "นครศรีธรรมราช", "Nakhon Si Thammarat", "south"),
    ("krabi", "กระบี่", "Krabi", "south"),
    ("phangnga", "พังงา", "Phang Nga", "south"),
    ("phuket", "ภูเก็ต", "Phuket", "south"),
    ("trang", "ตรัง", "Trang", "south"),
    ("songkhla", "สงขลา", "Songkhla", "south"),
    ("satun", "สตูล", "Satun", "south"),
    ("phatthalung", "พัทลุง", "Phatthalung", "south"),
    ("pattani", "ปัตตานี", "Pattani", "south"),
    ("yala", "ยะลา", "Yala", "south"),
    ("narathiwat", "นราธิวาส", "Narathiwat", "south"),
    # West
    ("phetchaburi", "เพชรบุรี", "Phetchaburi", "west"),
    ("prachuapkhirikhan", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "west"),
    ("ratchaburi", "ราชบุรี", "Ratchaburi", "west"),
    ("kanchanaburi", "กาญจนบุรี", "Kanchanaburi", "west"),
    # Central
    ("nakhonpathom", "นครปฐม", "Nakhon Pathom", "central"),
    ("suphanburi", "สุพรรณบุรี", "Suphan Buri", "central"),
    ("samutsakhon", "สมุทรสาคร", "Samut Sakhon", "central"),
    ("samutsongkhram", "สมุทรสงคราม", "Samut Songkhram", "central"),
    ("nonthaburi", "นนทบุรี", "Nonthaburi", "central"),
    ("pathumthani", "ปทุมธานี", "Pathum Thani", "central"),
    ("ayutthaya", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "central"),
    ("angthong", "อ่างทอง", "Ang Thong", "central"),
    ("lopburi", "ลพบุรี", "Lop Buri", "central"),
    ("singburi", "สิงห์บุรี", "Sing Buri", "central"),
    ("chainat", "ชัยนาท", "Chai Nat", "central"),
    ("saraburi", "สระบุรี", "Saraburi", "central"),
    ("samutprakan", "สมุทรปราการ", "Samut Prakan", "central"),
    ("nakhonnayok", "นครนายก", "Nakhon Nayok", "central"),
    # East
    ("chachoengsao", "ฉะเชิงเทรา", "Chachoengsao", "east"),
    ("prachinburi", "ปราจีนบุรี", "Prachin Buri", "east"),
    ("sakaeo", "สระแก้ว", "Sa Kaeo", "east"),
    ("chonburi", "ชลบุรี", "Chon Buri", "east"),
    ("rayong", "ระยอง", "Rayong", "east"),
    ("chanthaburi", "จันทบุรี", "Chanthaburi", "east"),
    ("trat", "ตราด", "Trat", "east"),
    # North
    ("chiangmai", "เชียงใหม่", "Chiang Mai", "north"),
    ("lamphun", "ลำพูน", "Lamphun", "north"),
    ("lampang", "ลำปาง", "Lampang", "north"),
    ("maehongson", "แม่ฮ่องสอน", "Mae Hong Son", "north"),
    ("chiangrai", "เชียงราย", "Chiang Rai", "north"),
    ("phayao", "พะเยา", "Phayao", "north"),
    ("nan", "น่าน", "Nan", "north"),
    ("phrae", "แพร่", "Phrae", "north"),
    ("phitsanulok", "พิษณุโลก", "Phitsanulok", "north"),
    ("sukhothai", "สุโขทัย", "Sukhothai", "north"),
    ("uttaradit", "อุตรดิตถ์", "Uttaradit", "north"),
    ("tak", "ตาก", "Tak", "north"),
    ("nakhonsawan", "นครสวรรค์", "Nakhon Sawan", "north"),
    ("uthaithani", "อุทัยธานี", "Uthai Thani", "north"),
    ("kamphaengphet", "กำแพงเพชร", "Kamphaeng Phet", "north"),
    ("phichit", "พิจิตร", "Phichit", "north"),
    ("phetchabun", "เพชรบูรณ์", "Phetchabun", "north"),
    # Northeast
    ("udonthani", "อุดรธานี", "Udon Thani", "northeast"),
    ("nongkhai", "หนองคาย", "Nong Khai", "northeast"),
    ("loei", "เลย", "Loei", "northeast"),
    ("nongbualamphu", "หนองบัวลำภู", "Nong Bua Lam Phu", "northeast"),
    ("khonkaen", "ขอนแก่น", "Khon Kaen", "northeast"),
    ("kalasin", "กาฬสินธุ์", "Kalasin", "northeast"),
    ("mahasarakham", "มหาสารคาม", "Maha Sarakham", "northeast"),
    ("roiet", "ร้อยเอ็ด", "Roi Et", "northeast"),
    ("sakonnakhon", "สกลนคร", "Sakon Nakhon", "northeast"),
    ("nakhonphanom", "นครพนม", "Nakhon Phanom", "northeast"),
    ("mukdahan", "มุกดาหาร", "Mukdahan", "northeast"),
    ("ubonratchathani", "อุบลราชธานี", "Ubon Ratchathani", "northeast"),
    ("sisaket", "ศรีสะเกษ", "Si Sa Ket", "northeast"),
    ("yasothon", "ยโสธร", "Yasothon", "northeast"),
    ("amnatcharoen", "อำนาจเจริญ", "Amnat Charoen", "northeast"),
    ("nakhonratchasima", "นครราชสีมา", "Nakhon Ratchasima", "northeast"),
    ("buriram", "บุรีรัมย์", "Buri Ram", "northeast"),
    ("surin", "สุรินทร์", "Surin", "northeast"),
    ("chaiyaphum", "ชัยภูมิ", "Chaiyaphum", "northeast"),
]

# The 19 provincial clusters (กลุ่มจังหวัด) as they stood in fiscal year B.E. 2548, with
# the CEO governors from 1 October 2546 (18 clusters from 2552, when the south was regrouped
# into three). Chumphon's cluster is the seed document's own ("กลุ่มจังหวัด (ชุมพร สุราษฎร์ธานี
# และระนอง)"); the others are from the Cabinet's grouping of 2546–2547 as far as it is
# known here (the four southern clusters are the least certain: example data).
CLUSTERS = [
    # code, Thai name, English name, region, member province codes
    ("north-upper-1", "กลุ่มจังหวัดภาคเหนือตอนบน 1", "Upper North 1", "north",
     ["chiangmai", "lamphun", "lampang", "maehongson"]),
    ("north-upper-2", "กลุ่มจังหวัดภาคเหนือตอนบน 2", "Upper North 2", "north",
     ["chiangrai", "phayao", "phrae", "nan"]),
    ("north-lower-1", "กลุ่มจังหวัดภาคเหนือตอนล่าง 1", "Lower North 1", "north",
     ["phitsanulok", "tak", "phetchabun", "sukhothai", "uttaradit"]),
    ("north-lower-2", "กลุ่มจังหวัดภาคเหนือตอนล่าง 2", "Lower North 2", "north",
     ["nakhonsawan", "kamphaengphet", "phichit", "uthaithani"]),
    ("northeast-upper-1", "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนบน 1", "Upper Northeast 1",
     "northeast", ["udonthani", "nongkhai", "loei", "nongbualamphu"]),
    ("northeast-upper-2", "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนบน 2", "Upper Northeast 2",
     "northeast", ["sakonnakhon", "nakhonphanom", "mukdahan"]),
    ("northeast-middle", "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนกลาง", "Middle Northeast",
     "northeast", ["khonkaen", "roiet", "kalasin", "mahasarakham"]),
    ("northeast-lower-1", "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนล่าง 1", "Lower Northeast 1",
     "northeast", ["nakhonratchasima", "chaiyaphum", "buriram", "surin"]),
    ("northeast-lower-2", "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนล่าง 2", "Lower Northeast 2",
     "northeast", ["ubonratchathani", "sisaket", "yasothon", "amnatcharoen"]),
    ("central-upper-1", "กลุ่มจังหวัดภาคกลางตอนบน 1", "Upper Central 1", "central",
     ["ayutthaya", "nonthaburi", "pathumthani", "saraburi"]),
    ("central-upper-2", "กลุ่มจังหวัดภาคกลางตอนบน 2", "Upper Central 2", "central",
     ["chainat", "lopburi", "singburi", "angthong"]),
    ("central-middle", "กลุ่มจังหวัดภาคกลางตอนกลาง", "Middle Central", "central",
     ["chachoengsao", "nakhonnayok", "prachinburi", "sakaeo", "samutprakan"]),
    ("central-lower-1", "กลุ่มจังหวัดภาคกลางตอนล่าง 1", "Lower Central 1", "central",
     ["kanchanaburi", "nakhonpathom", "ratchaburi", "suphanburi"]),
    ("central-lower-2", "กลุ่มจังหวัดภาคกลางตอนล่าง 2", "Lower Central 2", "west",
     ["phetchaburi", "prachuapkhirikhan", "samutsakhon", "samutsongkhram"]),
    ("east", "กลุ่มจังหวัดภาคตะวันออก", "East", "east",
     ["chonburi", "rayong", "chanthaburi", "trat"]),
    ("south-upper", "กลุ่มจังหวัดภาคใต้ตอนบน", "Upper South", "south",
     ["chumphon", "suratthani", "ranong"]),
    ("south-middle", "กลุ่มจังหวัดภาคใต้ตอนกลาง", "Middle South", "south",
     ["nakhonsithammarat", "phatthalung", "trang"]),
    ("south-andaman", "กลุ่มจังหวัดภาคใต้ฝั่งอันดามัน", "Southern Andaman", "south",
     ["phuket", "phangnga", "krabi"]),
    ("south-border", "กลุ่มจังหวัดภาคใต้ชายแดน", "Southern Border", "south",
     ["songkhla", "satun", "pattani", "yala", "narathiwat"]),
]  # fmt: skip
CLUSTER_OF = {province: index for index, c in enumerate(CLUSTERS) for province in c[4]}
# When the clusters and the CEO governors began (1 October 2546).
CLUSTERS_FROM = datetime.date(2003, 10, 1)

# The calendar of 2548: the Cabinet's policy statement (23 March 2548), its deadline for the
# 4-year plans (13 June 2548); Blueprints drafted after that and submitted within the fiscal
# year (1 October 2547 – 30 September 2548). Every date of the dataset follows it.
POLICY_STATEMENT = datetime.date(2005, 3, 23)
PLANS_DUE = datetime.date(2005, 6, 13)
DRAFTING_FROM = datetime.date(2005, 6, 15)
SUBMIT_BY = datetime.date(2005, 9, 30)

# Line agencies of every province: short code, ministry, department, office (name prefix).
AGENCIES = [
    ("agriculture", "กระทรวงเกษตรและสหกรณ์", "กรมส่งเสริมการเกษตร", "สำนักงานเกษตรจังหวัด"),
    ("fisheries", "กระทรวงเกษตรและสหกรณ์", "กรมประมง", "สำนักงานประมงจังหวัด"),
    ("livestock", "กระทรวงเกษตรและสหกรณ์", "กรมปศุสัตว์", "สำนักงานปศุสัตว์จังหวัด"),
    ("cooperatives", "กระทรวงเกษตรและสหกรณ์", "กรมส่งเสริมสหกรณ์", "สำนักงานสหกรณ์จังหวัด"),
    ("commerce", "กระทรวงพาณิชย์", "สำนักงานปลัดกระทรวงพาณิชย์", "สำนักงานพาณิชย์จังหวัด"),
    (
        "tourism",
        "กระทรวงการท่องเที่ยวและกีฬา",
        "สำนักงานปลัดกระทรวงการท่องเที่ยวและกีฬา",
        "สำนักงานการท่องเที่ยวและกีฬาจังหวัด",
    ),
    ("community", "กระทรวงมหาดไทย", "กรมการพัฒนาชุมชน", "สำนักงานพัฒนาชุมชนจังหวัด"),
    ("land", "กระทรวงมหาดไทย", "กรมที่ดิน", "สำนักงานที่ดินจังหวัด"),
    ("publicworks", "กระทรวงมหาดไทย", "กรมโยธาธิการและผังเมือง", "สำนักงานโยธาธิการและผังเมืองจังหวัด"),
    ("labour", "กระทรวงแรงงาน", "สำนักงานปลัดกระทรวงแรงงาน", "สำนักงานแรงงานจังหวัด"),
    ("employment", "กระทรวงแรงงาน", "กรมการจัดหางาน", "สำนักงานจัดหางานจังหวัด"),
    ("health", "กระทรวงสาธารณสุข", "สำนักงานปลัดกระทรวงสาธารณสุข", "สำนักงานสาธารณสุขจังหวัด"),
    ("education", "กระทรวงศึกษาธิการ", "สำนักงานปลัดกระทรวงศึกษาธิการ", "สำนักงานศึกษาธิการจังหวัด"),
    (
        "environment",
        "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        "สำนักงานปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด",
    ),
    (
        "social",
        "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        "สำนักงานปลัดกระทรวงการพัฒนาสังคมฯ",
        "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด",
    ),
    ("industry", "กระทรวงอุตสาหกรรม", "สำนักงานปลัดกระทรวงอุตสาหกรรม", "สำนักงานอุตสาหกรรมจังหวัด"),
    ("energy", "กระทรวงพลังงาน", "สำนักงานปลัดกระทรวงพลังงาน", "สำนักงานพลังงานจังหวัด"),
    ("culture", "กระทรวงวัฒนธรรม", "สำนักงานปลัดกระทรวงวัฒนธรรม", "สำนักงานวัฒนธรรมจังหวัด"),
    ("transport", "กระทรวงคมนาคม", "กรมการขนส่งทางบก", "สำนักงานขนส่งจังหวัด"),
    (
        "statistics",
        "กระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร",
        "สำนักงานสถิติแห่งชาติ",
        "สำนักงานสถิติจังหวัด",
    ),
]

ISSUE_THEMES = [
    ("การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน", [1, 3]),
    ("การส่งเสริมการท่องเที่ยวเชิงคุณภาพและการบริการ", [3, 5]),
    ("การผลิตและจำหน่ายสินค้าเกษตรครบวงจร", [1, 3]),
    ("การพัฒนาคนและสังคมให้มีคุณภาพชีวิตที่ดี", [2]),
    ("การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อมอย่างยั่งยืน", [4]),
    ("การเสริมสร้างความมั่นคงและความสงบเรียบร้อยของสังคม", [8]),
    ("การพัฒนาการค้าชายแดนและการลงทุน", [3, 5]),
    ("การบริหารราชการแบบบูรณาการตามหลักธรรมาภิบาล", [6]),
]

# Sentences that text is assembled from (plausible, drawn from the seed's story).
SENTENCES = [
    "เกษตรกรส่วนใหญ่ยังขายผลผลิตสดผ่านพ่อค้าคนกลางและได้ราคาต่ำในช่วงที่ผลผลิตออกสู่ตลาดมาก",
    "หน่วยงานในจังหวัดยังทำงานแยกส่วนและไม่มีฐานข้อมูลร่วมกันที่เชื่อถือได้",
    "แหล่งท่องเที่ยวทางธรรมชาติมีศักยภาพสูงแต่การเดินทางและสิ่งอำนวยความสะดวกยังไม่เพียงพอ",
    "ครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์ความจำเป็นพื้นฐานยังกระจุกตัวอยู่ในอำเภอรอบนอก",
    "กลุ่มวิสาหกิจชุมชนขาดความรู้ด้านการจัดการ บรรจุภัณฑ์ และการตลาด",
    "ผู้ประกอบการขาดมาตรฐานการบริการและการรับรองคุณภาพสินค้า",
    "จังหวัดจะจัดตั้งศูนย์ข้อมูลกลางเพื่อให้ทุกหน่วยงานใช้ตัวเลขชุดเดียวกันในการวางแผน",
    "การตรวจรับรองมาตรฐานใช้เวลานานเพราะเจ้าหน้าที่ผู้ตรวจประเมินมีจำนวนน้อย",
    "ภัยธรรมชาติ ทั้งอุทกภัยและภัยแล้ง ส่งผลกระทบต่อรายได้ของเกษตรกรเกือบทุกปี",
    "ความร่วมมือของกลุ่มจังหวัดเปิดโอกาสให้เชื่อมโยงการผลิต การตลาด และการท่องเที่ยว",
    "ประชาชนต้องการบริการภาครัฐที่รวดเร็ว โปร่งใส และเข้าถึงได้ในจุดเดียว",
    "งบประมาณแบบบูรณาการของผู้ว่าราชการจังหวัดช่วยให้โครงการสำคัญดำเนินการได้ต่อเนื่อง",
    "บุคลากรของหน่วยงานยังขาดทักษะการวิเคราะห์ข้อมูลและการบริหารโครงการเชิงยุทธศาสตร์",
    "ระบบติดตามและประเมินผลยังไม่สะท้อนผลสัมฤทธิ์ของการเปลี่ยนแปลงอย่างแท้จริง",
    "ตลาดในประเทศจีนและกลุ่มประเทศอาเซียนมีความต้องการสินค้าคุณภาพสูงเพิ่มขึ้นทุกปี",
    "การมีส่วนร่วมของภาคเอกชนและภาคประชาสังคมช่วยให้แผนเป็นที่ยอมรับและนำไปปฏิบัติได้จริง",
]
COMMENT_LINES = [
    "ขอตัวเลขล่าสุดของปี 2547 เพื่อยืนยันข้อมูลในสภาพปัจจุบันด้วยครับ",
    "เห็นด้วยกับข้อเสนอนี้ แต่ควรระบุหน่วยงานรับผิดชอบหลักให้ชัดเจนกว่านี้",
    "ค่าเป้าหมายปี 2549 สูงเกินไปหรือไม่ เมื่อเทียบกับผลการดำเนินงานที่ผ่านมา",
    "สำนักงานจะส่งข้อมูลเพิ่มเติมผ่านข้อเสนอของหน่วยงานภายในสิ้นเดือนนี้",
    "ควรเพิ่มมาตรการรองรับความเสี่ยงด้านราคาสินค้าเกษตรที่ผันผวน",
    "กิจกรรมนี้ซ้ำกับโครงการของกรมที่ดำเนินการอยู่แล้ว ขอให้พิจารณารวมกัน",
    "ขอบคุณครับ ปรับแก้ตามที่เสนอแล้ว กรุณาตรวจสอบอีกครั้ง",
    "ระยะเวลาดำเนินการเป็นไปได้จริงหรือไม่ หากมีเจ้าหน้าที่เพิ่มเพียงไม่กี่คน",
    "แนะนำให้เชื่อมโยงกับข้อเสนอการเปลี่ยนแปลงของกลุ่มจังหวัดในประเด็นเดียวกัน",
    "ตัวชี้วัดนี้ควรมีสูตรคำนวณและแหล่งข้อมูลที่ตรวจสอบได้",
]
PEOPLE_FIRST = ["สมชาย", "สมศรี", "วิชัย", "มาลี", "ประเสริฐ", "สุดา", "อนันต์", "กาญจนา", "ธีระ", "อรุณี"]
# Invented surnames that read as words about the work (as the demo's do), so that no
# seeded person, governors included, can be taken for a real official.
PEOPLE_LAST = [
    "แผนงามดี",
    "รักษ์ถิ่นฐาน",
    "ประสานงานดี",
    "ข้อมูลครบ",
    "พัฒนกิจการ",
    "บูรณาการดี",
    "ติดตามผล",
    "ร่วมคิดทำ",
]

# Workflow: the steps that lead to each state (the first edition).
PATHS = {
    BlueprintStatus.DRAFT: [],
    BlueprintStatus.CONSULTATION: ["consult"],
    BlueprintStatus.PROVINCIAL_REVIEW: ["consult", "review"],
    BlueprintStatus.APPROVED: ["consult", "review", "approve"],
    BlueprintStatus.SUBMITTED: ["consult", "review", "approve", "submit"],
    BlueprintStatus.RETURNED: ["consult", "review", "approve", "submit", "return"],
    BlueprintStatus.ACCEPTED: ["consult", "review", "approve", "submit", "accept"],
}
STEP_TARGET = {
    "consult": BlueprintStatus.CONSULTATION,
    "review": BlueprintStatus.PROVINCIAL_REVIEW,
    "approve": BlueprintStatus.APPROVED,
    "submit": BlueprintStatus.SUBMITTED,
    "return": BlueprintStatus.RETURNED,
    "accept": BlueprintStatus.ACCEPTED,
    "revise": BlueprintStatus.DRAFT,
}
# The first issue of every province is in consultation (the state most pages are
# measured in), the second submitted (what OPDC reviews); the others vary.
FIRST_STATUSES = [BlueprintStatus.CONSULTATION, BlueprintStatus.SUBMITTED]
OTHER_STATUSES = [
    BlueprintStatus.DRAFT,
    BlueprintStatus.CONSULTATION,
    BlueprintStatus.PROVINCIAL_REVIEW,
    BlueprintStatus.APPROVED,
    BlueprintStatus.SUBMITTED,
    BlueprintStatus.RETURNED,
    BlueprintStatus.ACCEPTED,
]
SUBMITTED_STATES = {BlueprintStatus.SUBMITTED, BlueprintStatus.RETURNED, BlueprintStatus.ACCEPTED}

BATCH = 1000


@dataclass(frozen=True)
class Size:
    """How much to build per province (``scale`` 1 = the national figures)."""

    scale: float = 1.0

    def n(self, full: float, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))

    @property
    def agencies(self) -> int:
        return min(len(AGENCIES), self.n(20, 3))

    @property
    def contributors_per_agency(self) -> int:
        return self.n(3)

    @property
    def editors(self) -> int:
        return self.n(3)

    @property
    def viewers(self) -> int:
        return self.n(2)

    @property
    def goals(self) -> int:
        return min(cascade_limits.MAX_GOALS, self.n(3))

    @property
    def strategies(self) -> int:
        return self.n(2)

    def rows(self, full: int, kind: str | None = None) -> int:
        """``full`` rows at this scale; for a kind of Blueprint row, no more than the
        content services would let a Blueprint hold (``RowKind.max_rows``)."""
        count = self.n(full)
        return min(KINDS[kind].max_rows, count) if kind else count

    @property
    def comments_per_blueprint(self) -> int:
        return self.n(263, 2)

    @property
    def workshop_chance(self) -> float:
        return min(1.0, 0.8 * max(self.scale, 0.25))

    @property
    def notifications_per_user(self) -> int:
        return self.n(8)


@dataclass
class Summary:
    provinces: int = 0
    skipped: int = 0
    counts: dict = field(default_factory=dict)

    def add(self, model, number: int) -> None:
        name = model.__name__
        self.counts[name] = self.counts.get(name, 0) + number


def _bulk(model, objs, summary: Summary | None = None) -> list:
    objs = list(objs)
    if objs:
        model.objects.bulk_create(objs, batch_size=BATCH)
    if summary is not None:
        summary.add(model, len(objs))
    return objs


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Text:
    """Thai text of realistic length, drawn from one random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        return self.rng.choice(SENTENCES)

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.rng.sample(SENTENCES, sentences))

    def paragraphs(self, count: int = 3) -> str:
        body = "\n\n".join(self.paragraph(self.rng.randint(2, 4)) for _ in range(count))
        return f"{body}\n\n({EXAMPLE})"

    def lines(self, count: int) -> str:
        return "\n".join(self.rng.sample(SENTENCES, count))

    def comment(self) -> str:
        parts = self.rng.sample(COMMENT_LINES, self.rng.randint(1, 3))
        if self.rng.random() < 0.4:
            parts.append(self.sentence())
        return " ".join(parts)

    def person(self) -> tuple[str, str]:
        return self.rng.choice(PEOPLE_FIRST), self.rng.choice(PEOPLE_LAST)


# --------------------------------------------------------------------------
# What every province shares
# --------------------------------------------------------------------------


@dataclass
class National:
    admin_plan: AdministrationPlan
    strategies: dict[int, NationalStrategy]
    opdc: Organisation
    departments: dict[str, Organisation]
    reviewers: list
    rubric: Rubric | None
    password: str


def _national(size: Size) -> National:
    """The Cabinet's policy, the national plan, ministries, OPDC and its reviewers.

    Looked up or created the way :func:`strategies.demo.cascade.load` does, so the demo and
    this dataset share them.
    """
    statement, _ = PolicyStatement.objects.get_or_create(
        delivered_on=datetime.date(2005, 3, 23),
        defaults={"title": "คำแถลงนโยบายของคณะรัฐมนตรี (23 มีนาคม 2548)"},
    )
    headings = {}
    for number, (title, title_en) in enumerate(strategies_demo.POLICY_HEADINGS, start=1):
        headings[number], _ = PolicyHeading.objects.get_or_create(
            statement=statement, number=number, defaults={"title": title, "title_en": title_en}
        )
    admin_plan, _ = AdministrationPlan.objects.get_or_create(
        start_year=PLAN_YEARS[0],
        end_year=PLAN_YEARS[1],
        defaults={"title": "แผนการบริหารราชการแผ่นดิน พ.ศ. 2548–2551", "statement": statement},
    )
    strategies = {}
    for number, (title, heading_numbers, goal_title, indicator) in enumerate(
        strategies_demo.NATIONAL_STRATEGIES, start=1
    ):
        strategy, created = NationalStrategy.objects.get_or_create(
            plan=admin_plan, number=number, defaults={"title": f"ยุทธศาสตร์{title}"}
        )
        if created:
            strategy.policy_headings.set([headings[n] for n in heading_numbers])
            goal = NationalGoal.objects.create(strategy=strategy, number=1, title=goal_title)
            name, unit, target = indicator
            NationalIndicator.objects.create(goal=goal, name=name, unit=unit, target=target)
        strategies[number] = strategy
    opdc, _ = Organisation.objects.get_or_create(
        code="opdc",
        defaults={
            "kind": OrganisationKind.OPDC,
            "name": "สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.)",
            "name_en": "Office of the Public Sector Development Commission (OPDC)",
            "short_name": "สำนักงาน ก.พ.ร.",
        },
    )
    departments = {}
    ministries = {}
    for short, ministry, department, _office in AGENCIES:
        if ministry not in ministries:
            ministries[ministry], _ = Organisation.objects.get_or_create(
                code=f"{PREFIX}ministry-{len(ministries) + 1}",
                defaults={"kind": OrganisationKind.MINISTRY, "name": ministry},
            )
        departments[short], _ = Organisation.objects.get_or_create(
            code=f"{PREFIX}department-{short}",
            defaults={
                "kind": OrganisationKind.DEPARTMENT,
                "name": department,
                "parent": ministries[ministry],
            },
        )
    password = make_password(PASSWORD)
    User = get_user_model()
    reviewers = []
    rng = random.Random("opdc")
    for number in range(1, size.n(20) + 1):
        first, last = Text(rng).person()
        user, created = User.objects.get_or_create(
            username=f"{PREFIX}opdc.reviewer{number:02d}",
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"reviewer{number:02d}@opdc.example.go.th",
                "password": password,
            },
        )
        if created:
            Membership.objects.create(
                user=user, organisation=opdc, role=Role.REVIEWER, position="นักพัฒนาระบบราชการ"
            )
            Profile.objects.create(user=user)
        reviewers.append(user)
    SubmissionDeadline.objects.get_or_create(
        fiscal_year=FISCAL_YEAR, defaults={"submit_by": SUBMIT_BY}
    )
    return National(
        admin_plan=admin_plan,
        strategies=strategies,
        opdc=opdc,
        departments=departments,
        reviewers=reviewers,
        rubric=Rubric.objects.active().prefetch_related("criteria").first(),
        password=password,
    )


def _cluster(index: int) -> Organisation:
    """Cluster ``index`` of :data:`CLUSTERS`, named with its member provinces."""
    code, name, name_en, region, members = CLUSTERS[index]
    thai = {p_code: p_name for p_code, p_name, _en, _region in PROVINCES}
    cluster, _ = Organisation.objects.get_or_create(
        code=f"{PREFIX}cluster-{code}",
        defaults={
            "kind": OrganisationKind.CLUSTER,
            "name": f"{name} ({' '.join(thai[m] for m in members)})",
            "name_en": f"{name_en} provincial cluster",
            "region": region,
        },
    )
    return cluster


def province_code(number: int) -> str:
    """The organisation code of province ``number`` (1-based) of the dataset."""
    return f"{PREFIX}{PROVINCES[number - 1][0]}"


def editor_username(number: int) -> str:
    return f"{province_code(number)}.strategy1"


def reviewer_username() -> str:
    return f"{PREFIX}opdc.reviewer01"


# --------------------------------------------------------------------------
# One province
# --------------------------------------------------------------------------


class ProvinceBuilder:
    """Builds one province with everything in it, from its own random generator."""

    def __init__(self, number: int, size: Size, national: National, seed: int, summary):
        self.number = number
        self.size = size
        self.national = national
        self.summary = summary
        self.rng = random.Random(f"{seed}-{number}")
        self.seed = seed
        self.text = Text(self.rng)
        self.code, self.name, self.name_en, self.region = PROVINCES[number - 1]

    # -- organisations and people ------------------------------------------

    def organisations(self):
        # The governor, from a generator of its own: the rest of the data stays as it was.
        first, last = Text(random.Random(f"governor-{self.number}")).person()
        self.province = Organisation.objects.create(
            kind=OrganisationKind.PROVINCE,
            code=province_code(self.number),
            name=f"จังหวัด{self.name}",
            name_en=f"{self.name_en} province",
            short_name=self.name,
            region=self.region,
            governor_name=f"นาย{first} {last}",
            governor_position=f"ผู้ว่าราชการจังหวัด{self.name}",
        )
        self.cluster = _cluster(CLUSTER_OF[self.code])
        ClusterMembership.objects.create(
            cluster=self.cluster, province=self.province, start_date=CLUSTERS_FROM
        )
        self.agencies = _bulk(
            Organisation,
            (
                Organisation(
                    kind=OrganisationKind.LINE_AGENCY,
                    code=f"{self.province.code}-{short}",
                    name=f"{office}{self.name}",
                    parent=self.national.departments[short],
                    province=self.province,
                    region=self.region,
                )
                for short, _ministry, _department, office in AGENCIES[: self.size.agencies]
            ),
            self.summary,
        )

    def people(self):
        User = get_user_model()
        specs = []  # (username, organisation, role, position)
        for n in range(1, self.size.editors + 1):
            specs.append((f"strategy{n}", self.province, Role.EDITOR, "นักวิเคราะห์นโยบายและแผน"))
        for n in range(1, self.size.viewers + 1):
            specs.append((f"viewer{n}", self.province, Role.VIEWER, "เจ้าหน้าที่สำนักงานจังหวัด"))
        for agency in self.agencies:
            short = agency.code.rsplit("-", 1)[1]
            for n in range(1, self.size.contributors_per_agency + 1):
                specs.append((f"{short}{n}", agency, Role.CONTRIBUTOR, "นักวิชาการ"))
        users = []
        for username, _org, _role, _position in specs:
            first, last = self.text.person()
            full = f"{self.province.code}.{username}"
            users.append(
                User(
                    username=full,
                    first_name=first,
                    last_name=last,
                    email=f"{full}@example.go.th",
                    password=self.national.password,
                )
            )
        _bulk(User, users, self.summary)
        _bulk(
            Membership,
            (
                Membership(user=user, organisation=org, role=role, position=position)
                for user, (_name, org, role, position) in zip(users, specs, strict=True)
            ),
            self.summary,
        )
        _bulk(Profile, (Profile(user=user) for user in users))
        self.editors = [u for u, s in zip(users, specs, strict=True) if s[2] == Role.EDITOR]
        self.viewers = [u for u, s in zip(users, specs, strict=True) if s[2] == Role.VIEWER]
        self.contributors = {}
        for user, spec in zip(users, specs, strict=True):
            if spec[2] == Role.CONTRIBUTOR:
                self.contributors.setdefault(spec[1].pk, []).append(user)
        self.users = users

    # -- the action plan ---------------------------------------------------

    def plan(self):
        self.action_plan = ActionPlan.objects.create(
            organisation=self.province,
            administration_plan=self.national.admin_plan,
            title=f"แผนปฏิบัติราชการ 4 ปี (พ.ศ. 2548–2551) จังหวัด{self.name}",
            start_year=PLAN_YEARS[0],
            end_year=PLAN_YEARS[1],
            vision=f"จังหวัด{self.name} {self.text.sentence()} ({EXAMPLE})",
            missions=self.text.lines(4),
        )
        years = self.action_plan.years
        themes = self.rng.sample(ISSUE_THEMES, self.rng.randint(4, 6))
        self.issues = _bulk(
            StrategicIssue,
            (
                StrategicIssue(
                    plan=self.action_plan,
                    number=number,
                    title=title,
                    description=self.text.paragraph(2),
                )
                for number, (title, _national) in enumerate(themes, start=1)
            ),
            self.summary,
        )
        Through = StrategicIssue.national_strategies.through
        _bulk(
            Through,
            (
                Through(strategicissue_id=issue.pk, nationalstrategy_id=strategy.pk)
                for issue, (_title, numbers) in zip(self.issues, themes, strict=True)
                for strategy in (self.national.strategies[n] for n in numbers)
            ),
        )
        perspectives = list(Perspective.values)
        self.goals = {}
        goals = []
        for issue in self.issues:
            self.goals[issue.pk] = [
                Goal(
                    issue=issue,
                    number=g,
                    title=f"{self.text.sentence()[:120]} (เป้าประสงค์ที่ {g})",
                    perspective=perspectives[(g - 1) % len(perspectives)],
                )
                for g in range(1, self.size.goals + 1)
            ]
            goals += self.goals[issue.pk]
        _bulk(Goal, goals, self.summary)
        self.indicators = {}
        indicators = []
        for issue in self.issues:
            self.indicators[issue.pk] = []
            weights = iter(strategies_demo.weights_of_100(2 * len(self.goals[issue.pk])))
            for goal in self.goals[issue.pk]:
                for i in range(1, 3):
                    indicator = Indicator(
                        goal=goal,
                        number=i,
                        name=f"ร้อยละที่เพิ่มขึ้นของผลสัมฤทธิ์ตามเป้าประสงค์ {goal.number}.{i}",
                        unit=self.rng.choice(["ร้อยละ", "ครัวเรือน", "ล้านบาท", "แห่ง"]),
                        formula="(ผลการดำเนินงานปีปัจจุบัน − ปีฐาน) ÷ ปีฐาน × 100",
                        data_source=f"สำนักงานสถิติจังหวัด{self.name}",
                        baseline=Decimal(self.rng.randint(10, 900)),
                        baseline_year=years[0] - 1,
                        weight=next(weights),
                        owner=self.rng.choice(self.agencies),
                    )
                    self.indicators[issue.pk].append(indicator)
                    indicators.append(indicator)
        _bulk(Indicator, indicators, self.summary)
        self.targets = {}
        targets = []
        for indicator in indicators:
            rows = [
                IndicatorTarget(
                    indicator=indicator,
                    fiscal_year=year,
                    value=indicator.baseline + Decimal(10 * (n + 1)),
                )
                for n, year in enumerate(years)
            ]
            self.targets[indicator.pk] = rows
            targets += rows
        _bulk(IndicatorTarget, targets, self.summary)  # the year-in-plan trigger applies
        strategies = []
        self.strategies = {}
        for issue in self.issues:
            self.strategies[issue.pk] = [
                Strategy(issue=issue, number=s, title=f"กลยุทธ์ที่ {s}: {self.text.sentence()[:150]}")
                for s in range(1, self.size.strategies + 1)
            ]
            strategies += self.strategies[issue.pk]
        _bulk(Strategy, strategies, self.summary)
        Served = Strategy.goals.through
        _bulk(
            Served,
            (
                Served(strategy_id=strategy.pk, goal_id=goal.pk)
                for issue in self.issues
                for strategy in self.strategies[issue.pk]
                for goal in self.goals[issue.pk][: strategy.number + 1]
            ),
        )
        projects = []
        self.projects = {}
        for issue in self.issues:
            self.projects[issue.pk] = []
            for strategy in self.strategies[issue.pk]:
                for p in range(1, 3):
                    project = Project(
                        strategy=strategy,
                        number=p,
                        title=f"โครงการ{self.text.sentence()[:100]} ระยะที่ {p}",
                        objective=self.text.paragraph(2),
                        lead_agency=self.rng.choice(self.agencies),
                    )
                    self.projects[issue.pk].append(project)
                    projects.append(project)
        _bulk(Project, projects, self.summary)
        Supporting = Project.supporting_agencies.through
        self.supporting = {project.pk: self.rng.sample(self.agencies, 2) for project in projects}
        _bulk(
            Supporting,
            (
                Supporting(project_id=pk, organisation_id=org.pk)
                for pk, orgs in self.supporting.items()
                for org in orgs
            ),
        )
        self.budgets = {}
        budgets = []
        for project in projects:
            rows = []
            for year in years:
                for source in (BudgetSource.REGULAR, BudgetSource.CEO_GOVERNOR)[
                    : self.rng.randint(1, 2)
                ]:
                    rows.append(
                        ProjectBudget(
                            project=project,
                            fiscal_year=year,
                            source=source,
                            amount=Decimal(self.rng.randint(5, 60) * 100_000),
                        )
                    )
            self.budgets[project.pk] = rows
            budgets += rows
        _bulk(ProjectBudget, budgets, self.summary)  # the year-in-plan trigger applies

    # -- the Blueprints ----------------------------------------------------

    def blueprints(self):
        statuses = FIRST_STATUSES + [
            self.rng.choice(OTHER_STATUSES) for _ in self.issues[len(FIRST_STATUSES) :]
        ]
        self.status = {}
        blueprints = []
        start = DRAFTING_FROM + datetime.timedelta(days=self.rng.randint(0, 20))
        for index, (issue, status) in enumerate(zip(self.issues, statuses, strict=False)):
            # The second Blueprint (the one OPDC's pages are measured on) is a resubmission.
            resubmitted = index == 1 or self.rng.random() < 0.3
            editions = 2 if status == BlueprintStatus.SUBMITTED and resubmitted else 1
            blueprint = Blueprint(
                issue=issue,
                province=self.province,
                fiscal_year=FISCAL_YEAR,
                title=f"ข้อเสนอการเปลี่ยนแปลง ประเด็นยุทธศาสตร์{issue.title} จังหวัด{self.name}",
                cluster=self.cluster,
                cluster_reference=f"ข้อเสนอการเปลี่ยนแปลงของ{self.cluster.name[:200]}",
                status=status,
                edition=editions,
                created_by=self.editors[0],
                created_at=_at(start, 9),
            )
            if status not in {BlueprintStatus.DRAFT, BlueprintStatus.CONSULTATION}:
                self.text.person()  # drawn as before, so the rest of the data is unchanged
                blueprint.approver_name = self.province.governor_name
                blueprint.approver_position = self.province.governor_position
            # approved_on and submitted_at: the days of those steps (:meth:`workflow`).
            blueprints.append(blueprint)
        self.blueprint_list = _bulk(Blueprint, blueprints, self.summary)

    def contents(self):
        size, rng, text = self.size, self.rng, self.text
        years = self.action_plan.years
        sections, diagnoses, changes, readiness, activities = [], [], [], [], []
        milestones, risks, factors = [], [], []
        self.rows = {}
        for bp in self.blueprint_list:
            issue_id = bp.issue_id
            complete = bp.status != BlueprintStatus.DRAFT
            assigned = rng.sample(self.agencies, 3)
            due = bp.created_at.date() + datetime.timedelta(days=14 + rng.randint(0, 45))
            for index, key in enumerate(
                [k for k in SectionKey.values if k != SectionKey.HEADER], start=0
            ):
                agency = (
                    assigned[index % 3] if key in ("changes", "readiness", "action_plan") else None
                )
                section_status = (
                    SectionStatus.ACCEPTED
                    if bp.status not in {BlueprintStatus.DRAFT, BlueprintStatus.CONSULTATION}
                    else rng.choice([SectionStatus.IN_PROGRESS, SectionStatus.SUBMITTED])
                )
                sections.append(
                    Section(
                        blueprint=bp,
                        key=key,
                        assignee=agency,
                        due_date=due if agency else None,
                        status=section_status,
                        instructions=text.sentence() if agency else "",
                    )
                )
            diagnosis = Diagnosis(
                blueprint=bp,
                current_situation=text.paragraphs(3),
                desired_state=text.paragraphs(2),
                gap=text.paragraphs(2),
                root_causes=text.paragraphs(2),
                strengths=text.lines(3),
                weaknesses=text.lines(3),
                opportunities=text.lines(3),
                threats=text.lines(2),
            )
            diagnoses.append(diagnosis)
            indicators = self.indicators[issue_id]
            bp_rows = {"diagnosis": [diagnosis]}
            bp_rows["change"] = [
                ChangeProposal(
                    blueprint=bp,
                    category=list(ChangeCategory.values)[c % 3],
                    title=f"ประเด็นการเปลี่ยนแปลงที่ {c + 1}: {text.sentence()[:150]}",
                    gap=text.paragraph(2),
                    expected_result=text.paragraph(2),
                    indicator=indicators[c % len(indicators)],
                    responsible_agency=rng.choice(self.agencies),
                    start_year=years[0],
                    end_year=years[rng.randint(1, 3)],
                    position=c + 1,
                )
                for c in range(size.rows(8, "change"))
            ]
            capitals = list(Capital.values)
            bp_rows["readiness"] = [
                ReadinessItem(
                    blueprint=bp,
                    capital=capitals[r % 3],
                    requirement=text.sentence(),
                    current_level=text.sentence(),
                    gap=text.sentence(),
                    action=text.paragraph(2),
                    position=r + 1,
                )
                for r in range(size.rows(9, "readiness"))
            ]
            fy_start = datetime.date(years[0] - 544, 10, 1)
            bp_rows["activity"], bp_rows["milestone"] = [], []
            for p, project in enumerate(self.projects[issue_id]):
                for a in range(size.rows(2)):
                    begins = fy_start + datetime.timedelta(days=30 * (a + p))
                    bp_rows["activity"].append(
                        ProjectActivity(
                            blueprint=bp,
                            project=project,
                            title=f"กิจกรรมที่ {a + 1}: {text.sentence()[:150]}",
                            start_date=begins,
                            end_date=begins + datetime.timedelta(days=rng.randint(30, 150)),
                            responsible_agency=rng.choice(self.agencies),
                            position=a + 1,
                        )
                    )
                bp_rows["milestone"].append(
                    ProjectMilestone(
                        blueprint=bp,
                        project=project,
                        title=f"ผลสัมฤทธิ์ของโครงการที่ {project.number}: ผ่านการประเมินกลางปี",
                        due_date=fy_start + datetime.timedelta(days=180 + 10 * p),
                        position=1,
                    )
                )
            levels = list(Level.values)
            bp_rows["risk"] = [
                Risk(
                    blueprint=bp,
                    description=text.sentence(),
                    likelihood=rng.choice(levels),
                    impact=rng.choice(levels),
                    mitigation=text.paragraph(2) if complete or r else "",
                    owner=rng.choice(self.agencies),
                    position=r + 1,
                )
                for r in range(size.rows(6, "risk"))
            ]
            bp_rows["factor"] = [
                SuccessFactor(blueprint=bp, text=text.sentence(), position=f + 1)
                for f in range(size.rows(5, "factor"))
            ]
            self.rows[bp.pk] = bp_rows
            changes += bp_rows["change"]
            readiness += bp_rows["readiness"]
            activities += bp_rows["activity"]
            milestones += bp_rows["milestone"]
            risks += bp_rows["risk"]
            factors += bp_rows["factor"]
        self.sections = _bulk(Section, sections, self.summary)
        _bulk(Diagnosis, diagnoses, self.summary)
        for model, objs in [
            (ChangeProposal, changes),
            (ReadinessItem, readiness),
            (ProjectActivity, activities),
            (ProjectMilestone, milestones),
            (Risk, risks),
            (SuccessFactor, factors),
        ]:
            _bulk(model, objs, self.summary)

    def history(self):
        """Revisions: the baseline of the cascade rows, each row's creation, some edits."""
        revisions, edited = [], []
        for bp in self.blueprint_list:
            bp.revision_count = self._history_of(bp, revisions, edited)
        _bulk(Revision, revisions, self.summary)
        for model in {type(obj) for obj in edited}:
            model.objects.filter(pk__in=[o.pk for o in edited if type(o) is model]).update(
                version=2
            )
        Blueprint.objects.bulk_update(self.blueprint_list, ["revision_count"], batch_size=BATCH)

    def _history_of(self, bp, revisions: list, edited: list) -> int:
        issue_id = bp.issue_id
        office = self.editors[0]
        author_pool = self.editors + [
            user for org in self.agencies[:3] for user in self.contributors.get(org.pk, [])
        ]
        moment = bp.created_at
        number = 0

        def add(kind_key, obj, action, author=None):
            nonlocal number, moment
            kind = KINDS[kind_key]
            number += 1
            moment += datetime.timedelta(minutes=self.rng.randint(5, 600))
            data, display = serialize(kind, obj, extras=False)
            data.update(self._extras(kind_key, obj))
            revisions.append(
                Revision(
                    blueprint=bp,
                    number=number,
                    section=kind.section,
                    kind=kind.key,
                    object_id=obj.pk,
                    object_version=obj.version,
                    action=action,
                    label=kind.label_of(obj)[:500],
                    data=data,
                    display=display,
                    author=author or self.rng.choice(author_pool),
                    created_at=moment,
                )
            )

        add("header", bp, RevisionAction.CREATED, author=office)
        for goal in self.goals[issue_id]:
            add("goal", goal, RevisionAction.BASELINE, author=office)
        for indicator in self.indicators[issue_id]:
            add("indicator", indicator, RevisionAction.BASELINE, author=office)
        for project in self.projects[issue_id]:
            add("project", project, RevisionAction.BASELINE, author=office)
        rows = self.rows[bp.pk]
        for kind_key in ("diagnosis", "change", "readiness", "activity", "milestone", "risk"):
            for obj in rows[kind_key]:
                add(kind_key, obj, RevisionAction.CREATED)
        for obj in rows["factor"]:
            add("factor", obj, RevisionAction.CREATED)
        # The diagnosis and about one row in seven were edited once since.
        for kind_key in ("diagnosis", "change", "readiness", "risk"):
            for obj in rows[kind_key]:
                if not KINDS[kind_key].single and self.rng.random() > 0.15:
                    continue
                obj.version = 2
                edited.append(obj)
                add(kind_key, obj, RevisionAction.UPDATED)
        return number

    def _extras(self, kind_key, obj) -> dict:
        """The extras ``serialize`` would read, from what the seed holds in memory."""
        extra = KINDS[kind_key].extra
        found = {}
        if "targets" in extra:
            found["targets"] = {str(t.fiscal_year): str(t.value) for t in self.targets[obj.pk]}
        if "supporting_agencies" in extra:
            found["supporting_agencies"] = sorted(org.pk for org in self.supporting[obj.pk])
        if "budgets" in extra:
            found["budgets"] = {
                f"{b.fiscal_year}:{b.source}": str(b.amount) for b in self.budgets[obj.pk]
            }
        return found

    def workflow(self):
        """Each Blueprint's steps, a few days apart from ten days after it was begun; its
        approval and submission dates are those of the steps (the last of each)."""
        transitions = []
        self.submits = {}
        for bp in self.blueprint_list:
            steps = list(PATHS[bp.status])
            if bp.edition == 2:
                steps = PATHS[BlueprintStatus.RETURNED] + ["revise"] + PATHS[bp.status]
            status, edition = BlueprintStatus.DRAFT, 1
            moment = bp.created_at + datetime.timedelta(days=10)
            for action in steps:
                target = STEP_TARGET[action]
                reviewer_step = action in ("return", "accept")
                transitions.append(
                    Transition(
                        blueprint=bp,
                        edition=edition,
                        action=action,
                        from_status=status,
                        to_status=target,
                        reason=self.text.sentence() if action == "return" else "",
                        actor=(
                            self.rng.choice(self.national.reviewers)
                            if reviewer_step
                            else self.editors[0]
                        ),
                        created_at=moment,
                    )
                )
                if action == "revise":
                    edition += 1
                elif action == "approve":
                    bp.approved_on = timezone.localtime(moment).date()
                elif action == "submit":
                    bp.submitted_at = moment
                    self.submits.setdefault(bp.pk, []).append(moment)
                status = target
                moment += datetime.timedelta(days=self.rng.randint(2, 6))
        _bulk(Transition, transitions, self.summary)
        Blueprint.objects.bulk_update(
            self.blueprint_list, ["approved_on", "submitted_at"], batch_size=BATCH
        )

    def participation(self):
        rng, text = self.rng, self.text
        participants, inputs, items, workshops, events = [], [], [], [], []
        sections_by_bp = {}
        for section in self.sections:
            sections_by_bp.setdefault(section.blueprint_id, []).append(section)
        for bp in self.blueprint_list:
            assigned = [s for s in sections_by_bp[bp.pk] if s.assignee_id]
            chosen = {s.assignee_id: s.assignee for s in assigned}
            for org in rng.sample(self.agencies, min(2, len(self.agencies))):
                chosen.setdefault(org.pk, org)
            for index, org in enumerate(chosen.values()):
                participants.append(
                    Participant(
                        blueprint=bp,
                        organisation=org,
                        role=ParticipantRole.LEAD if index == 0 else ParticipantRole.SUPPORTING,
                        contact_name=" ".join(text.person()),
                        contact_position="นักวิชาการ",
                        contact_phone="0 7751 1234",
                        invited_by=self.editors[0],
                        invited_at=bp.created_at + datetime.timedelta(hours=3),
                    )
                )
            for section in assigned:
                people = self.contributors.get(section.assignee_id) or self.editors
                status = rng.choice(list(InputStatus.values))
                agency_input = AgencyInput(
                    blueprint=bp,
                    section=section,
                    agency=section.assignee,
                    status=status,
                    note=text.sentence(),
                    return_reason=text.sentence() if status == InputStatus.RETURNED else "",
                    created_by=people[0],
                    created_at=bp.created_at + datetime.timedelta(days=5),
                    submitted_by=people[0] if status != InputStatus.DRAFT else None,
                    submitted_at=(
                        bp.created_at + datetime.timedelta(days=8)
                        if status != InputStatus.DRAFT
                        else None
                    ),
                    decided_by=(
                        self.editors[0]
                        if status in (InputStatus.ACCEPTED, InputStatus.RETURNED)
                        else None
                    ),
                )
                inputs.append(agency_input)
                for i in range(self.size.rows(2)):
                    title = f"ข้อเสนอเพิ่มเติม {i + 1}: {text.sentence()[:120]}"
                    items.append(
                        (
                            agency_input,
                            InputItem(
                                action=InputAction.ADD,
                                kind="change" if section.key == "changes" else "risk",
                                data={"category": "quality", "title": title},
                                display={"title": title},
                            ),
                        )
                    )
            # The first Blueprint of a province always had a workshop (the one measured).
            if bp is self.blueprint_list[0] or rng.random() < self.size.workshop_chance:
                day = bp.created_at.date() + datetime.timedelta(days=rng.randint(7, 40))
                workshops.append(
                    Workshop(
                        blueprint=bp,
                        title=(
                            f"การประชุมระดมสมองจัดทำข้อเสนอการเปลี่ยนแปลง ครั้งที่ {len(workshops) % 3 + 1}"
                        ),
                        starts_at=_at(day, 9),
                        ends_at=_at(day, 16),
                        venue=f"ห้องประชุมศาลากลางจังหวัด{self.name}",
                        agenda=text.lines(3),
                        minutes=text.paragraphs(2),
                        created_by=self.editors[0],
                        created_at=_at(day, 17),
                    )
                )
            for verb in ("participant_added", "workshop_recorded", "comment_posted"):
                events.append(
                    ActivityEvent(
                        blueprint=bp,
                        actor=self.editors[0],
                        verb=verb,
                        data={"agency": self.agencies[0].name},
                        created_at=bp.created_at + datetime.timedelta(days=3),
                    )
                )
        _bulk(Participant, participants, self.summary)
        _bulk(AgencyInput, inputs, self.summary)
        for agency_input, item in items:
            item.input = agency_input
        _bulk(InputItem, (item for _input, item in items), self.summary)
        _bulk(Workshop, workshops, self.summary)
        invitees, points = [], []
        for workshop in workshops:
            for org in rng.sample(self.agencies, min(len(self.agencies), self.size.n(10, 2))):
                invitees.append(
                    WorkshopInvitee(
                        workshop=workshop,
                        organisation=org,
                        name=" ".join(text.person()),
                        position="ผู้แทนหน่วยงาน",
                        attendance=rng.choice(list(Attendance.values)),
                    )
                )
            invitees.append(
                WorkshopInvitee(
                    workshop=workshop,
                    other_organisation=f"หอการค้าจังหวัด{self.name}",
                    name=" ".join(text.person()),
                    attendance=Attendance.ATTENDED,
                )
            )
            for p in range(self.size.n(8, 2)):
                points.append(
                    WorkshopPoint(
                        workshop=workshop,
                        kind=PointKind.IDEA if p % 2 == 0 else PointKind.COMMENT,
                        section=rng.choice(["changes", "risks", "readiness", "diagnosis"]),
                        text=text.paragraph(2),
                        raised_by=rng.choice(self.agencies).name,
                        created_by=self.editors[0],
                        created_at=workshop.created_at,
                    )
                )
        _bulk(WorkshopInvitee, invitees, self.summary)
        _bulk(WorkshopPoint, points, self.summary)
        _bulk(ActivityEvent, events, self.summary)

    def comments(self):
        rng, text = self.rng, self.text
        roots, replies = [], []
        commenters = (
            self.editors
            + self.viewers
            + [user for people in self.contributors.values() for user in people]
        )
        for bp in self.blueprint_list:
            total = self.size.comments_per_blueprint
            threads = max(1, total * 2 // 5)
            rows = self.rows[bp.pk]
            targets = [
                (kind_key, obj)
                for kind_key in ("change", "readiness", "risk", "factor")
                for obj in rows[kind_key]
            ]
            bp_roots = []
            for t in range(threads):
                moment = bp.created_at + datetime.timedelta(hours=rng.randint(24, 24 * 60))
                root = Comment(
                    blueprint=bp,
                    section=rng.choice([k for k in SectionKey.values if k != "header"]),
                    author=rng.choice(commenters),
                    body=text.comment(),
                    created_at=moment,
                    revision_number=bp.revision_count,
                )
                if targets and t % 2 == 0:
                    kind_key, obj = rng.choice(targets)
                    if t == 0 and bp is self.blueprint_list[0]:
                        # The thread measured: on the first change proposal, with replies.
                        kind_key, obj = "change", rows["change"][0]
                    root.section = KINDS[kind_key].section
                    root.row_kind, root.row_id = kind_key, obj.pk
                    root.row_version, root.row_label = 1, KINDS[kind_key].label_of(obj)[:500]
                if rng.random() < 0.35:
                    root.resolved_at = moment + datetime.timedelta(days=2)
                    root.resolved_by = self.editors[0]
                bp_roots.append(root)
            roots += bp_roots
            for r in range(total - threads):
                root = bp_roots[r % len(bp_roots)]
                replies.append(
                    Comment(
                        blueprint=bp,
                        section=root.section,
                        parent=root,
                        author=rng.choice(commenters),
                        body=text.comment(),
                        created_at=root.created_at + datetime.timedelta(hours=r % 47 + 1),
                    )
                )
        _bulk(Comment, roots, self.summary)
        for reply in replies:
            reply.parent_id = reply.parent.pk
        _bulk(Comment, replies, self.summary)

    def notifications(self):
        rng = self.rng
        kinds = [
            NotificationKind.ASSIGNED,
            NotificationKind.REPLY,
            NotificationKind.MENTIONED,
            NotificationKind.STATE_CHANGED,
            NotificationKind.INPUT_SUBMITTED,
        ]
        rows = []
        for user in self.users:
            for n in range(self.size.notifications_per_user):
                bp = rng.choice(self.blueprint_list)
                created = bp.created_at + datetime.timedelta(days=rng.randint(1, 90))
                rows.append(
                    Notification(
                        recipient=user,
                        kind=kinds[n % len(kinds)],
                        blueprint=bp,
                        actor=self.editors[0],
                        data={
                            "actor": self.editors[0].get_full_name(),
                            "blueprint": bp.title[:120],
                            "section": "changes",
                            "agency": self.agencies[0].name,
                            "excerpt": self.text.comment()[:140],
                            "status": bp.status,
                        },
                        url=bp.get_absolute_url(),
                        created_at=created,
                        read_at=created + datetime.timedelta(hours=5) if n % 3 else None,
                        email_state=EmailState.SKIPPED,
                    )
                )
        _bulk(Notification, rows, self.summary)

    def submissions_and_digests(self):
        """Snapshots of every submitted version, review notes, scores, and the dashboard
        digest of every Blueprint — each document loaded once."""
        snapshots, notes, scores, digests = [], [], [], []
        criteria = list(self.national.rubric.criteria.all()) if self.national.rubric else []
        pks = [bp.pk for bp in self.blueprint_list]
        last_saved = dict(
            Revision.objects.filter(blueprint_id__in=pks)
            .values("blueprint_id")
            .annotate(at=Max("created_at"))
            .values_list("blueprint_id", "at")
        )
        last_step = dict(
            Transition.objects.filter(blueprint_id__in=pks)
            .values("blueprint_id")
            .annotate(at=Max("created_at"))
            .values_list("blueprint_id", "at")
        )
        for bp in selectors.blueprint_queryset().filter(pk__in=pks).order_by("pk"):
            document = selectors.load_document(bp)
            data = None
            if bp.status in SUBMITTED_STATES:
                data = snapshot.build(
                    document, submitted_by=self.editors[0], submitted_at=bp.submitted_at
                )
                for edition in range(1, bp.edition + 1):
                    snapshots.append(
                        Snapshot(
                            blueprint=bp,
                            edition=edition,
                            schema_version=snapshot.SCHEMA_VERSION,
                            data=data,
                            created_by=self.editors[0],
                            created_at=self.submits[bp.pk][edition - 1],
                        )
                    )
            # What proposals.review.digest.digest_refresh stores, from the loaded document.
            blockers = find_blockers(document)
            incomplete = {blocker.section for blocker in blockers}
            complete = sum(1 for part in digest.PARTS if part not in incomplete)
            moments = [bp.created_at, last_saved.get(bp.pk), last_step.get(bp.pk)]
            digests.append(
                BlueprintDigest(
                    blueprint=bp,
                    blockers=len(blockers),
                    parts_complete=complete,
                    parts_total=len(digest.PARTS),
                    completeness=round(100 * complete / len(digest.PARTS)),
                    search_text=digest.search_text_for(bp, data),
                    changed_at=max(moment for moment in moments if moment is not None),
                )
            )
        _bulk(Snapshot, snapshots, self.summary)
        _bulk(BlueprintDigest, digests, self.summary)
        for snap in snapshots:
            reviewer = self.rng.choice(self.national.reviewers)
            for section in self.rng.sample(["general", "diagnosis", "changes", "risks"], 2):
                notes.append(
                    ReviewNote(
                        snapshot=snap,
                        section=section,
                        text=self.text.paragraph(2),
                        author=reviewer,
                        created_at=snap.created_at + datetime.timedelta(days=3),
                    )
                )
            for criterion in criteria:
                scores.append(
                    Score(
                        snapshot=snap,
                        criterion=criterion,
                        level=self.rng.randint(2, 5),
                        weight=criterion.weight,
                        scored_by=reviewer,
                        scored_at=snap.created_at + datetime.timedelta(days=4),
                    )
                )
        _bulk(ReviewNote, notes, self.summary)
        _bulk(Score, scores, self.summary)

    def build(self):
        self.organisations()
        self.people()
        self.plan()
        self.blueprints()
        self.contents()
        self.history()
        self.workflow()
        self.participation()
        self.comments()
        self.notifications()
        self.submissions_and_digests()
        self.results()

    # -- quarterly results (proposals.monitoring) ----------------------------

    def results(self):
        """The four quarters of 2548 opened, every indicator's actual value and every
        project's progress — except the last agency's Q4, which is overdue. A generator of
        its own, so the rest of the data stays as it was."""
        from proposals.monitoring import status
        from proposals.monitoring.models import (
            ActualRevision,
            IndicatorActual,
            ProgressRevision,
            ProjectProgress,
            ProjectSpend,
            ReportingPeriod,
        )
        from strategies import fiscal

        rng = random.Random(f"results-{self.seed}-{self.number}")
        year = PLAN_YEARS[0]
        office = self.editors[0]
        late = self.agencies[-1]
        periods = []
        for quarter in fiscal.QUARTERS:
            _first, last = fiscal.quarter_bounds(year, quarter)
            periods.append(
                ReportingPeriod(
                    province=self.province,
                    fiscal_year=year,
                    quarter=quarter,
                    due_date=last + datetime.timedelta(days=15),
                    grace_days=7,
                    opened_by=office,
                    opened_at=_at(last - datetime.timedelta(days=20)),
                )
            )
        _bulk(ReportingPeriod, periods, self.summary)
        indicators = [ind for issue in self.issues for ind in self.indicators[issue.pk]]
        projects = [p for issue in self.issues for p in self.projects[issue.pk]]
        actuals, progress = [], []
        for period in periods:
            entered = _at(period.due_date - datetime.timedelta(days=rng.randint(1, 10)))
            for indicator in indicators:
                if period.quarter == 4 and indicator.owner_id == late.pk:
                    continue
                target = self.targets[indicator.pk][0].value
                expected = status.expected_value(
                    accumulation=indicator.accumulation,
                    target=target,
                    quarter=period.quarter,
                    start=indicator.baseline,
                )
                value = (expected * Decimal(str(round(rng.uniform(0.85, 1.08), 3)))).quantize(
                    Decimal("0.01")
                )
                user = (self.contributors.get(indicator.owner_id) or [office])[0]
                actuals.append(
                    IndicatorActual(
                        indicator=indicator,
                        period=period,
                        value=value,
                        note=self.text.sentence()[:200] if rng.random() < 0.3 else "",
                        entered_by=user,
                        entered_at=entered,
                    )
                )
            for project in projects:
                if period.quarter == 4 and project.lead_agency_id == late.pk:
                    continue
                percent = min(100, 25 * period.quarter * rng.uniform(0.7, 1.1))
                user = (self.contributors.get(project.lead_agency_id) or [office])[0]
                progress.append(
                    ProjectProgress(
                        project=project,
                        period=period,
                        percent_complete=Decimal(str(round(percent, 2))),
                        entered_by=user,
                        entered_at=entered,
                    )
                )
        _bulk(IndicatorActual, actuals, self.summary)
        _bulk(
            ActualRevision,
            (
                ActualRevision(
                    actual=a,
                    number=1,
                    value=a.value,
                    note=a.note,
                    author=a.entered_by,
                    created_at=a.entered_at,
                )
                for a in actuals
            ),
            self.summary,
        )
        _bulk(ProjectProgress, progress, self.summary)
        _bulk(
            ProjectSpend,
            (
                ProjectSpend(
                    progress=p,
                    source="regular",
                    committed=Decimal(100_000 * p.period.quarter),
                    disbursed=Decimal(80_000 * p.period.quarter),
                )
                for p in progress
            ),
            self.summary,
        )
        _bulk(
            ProgressRevision,
            (
                ProgressRevision(
                    progress=p,
                    number=1,
                    data={"percent_complete": str(p.percent_complete)},
                    author=p.entered_by,
                    created_at=p.entered_at,
                )
                for p in progress
            ),
            self.summary,
        )


def seed(
    *, provinces: int = len(PROVINCES), scale: float = 1.0, seed: int = 2548, progress=None
) -> Summary:
    """Build (or complete) the national dataset: provinces 1…``provinces``.

    Provinces already present are left as they are. ``progress(number, name)`` is
    called before each province is built. Each province is one transaction.
    """
    if not 1 <= provinces <= len(PROVINCES):
        raise ValueError(f"provinces must be between 1 and {len(PROVINCES)}")
    if scale <= 0:
        raise ValueError("scale must be positive")
    size = Size(scale)
    summary = Summary()
    with transaction.atomic():
        national = _national(size)
    existing = set(
        Organisation.objects.filter(
            code__startswith=PREFIX, kind=OrganisationKind.PROVINCE
        ).values_list("code", flat=True)
    )
    for number in range(1, provinces + 1):
        if province_code(number) in existing:
            summary.skipped += 1
            continue
        if progress:
            progress(number, PROVINCES[number - 1][1])
        with transaction.atomic():
            ProvinceBuilder(number, size, national, seed, summary).build()
        summary.provinces += 1
        if summary.provinces in (1, 5) or summary.provinces % 10 == 0:
            _refresh_statistics()
    _refresh_statistics()
    return summary


def _refresh_statistics() -> None:
    """A bulk load outruns the planner's statistics: they still describe the tables as they
    were, often empty, and the year checks' triggers and the first pages get plans for empty
    tables that scan everything per row (a seed inside one test transaction, which autovacuum
    cannot see, took minutes per statement). On PostgreSQL, read them again as the load grows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
