"""Demo: Chumphon's Blueprint for strategic issue 1, fiscal year 2548, half-way through drafting.

Example data (ข้อมูลตัวอย่าง), drawn from the seed's story: plausible, not the
province's real Blueprint. It is built on :func:`strategies.demo.cascade.load` (the
cascade, organisations and demo users) and through the services, so its history
is real: a few saves by the strategy office and by the agriculture office, some
sections assigned to line agencies, the Blueprint open for consultation, and a
few things still blocking submission for the completeness check to show.

:func:`load_blueprint_demo` is idempotent: when the Blueprint exists it is left
as it is.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from proposals import services, workflow
from proposals.models import (
    Blueprint,
    Capital,
    ChangeCategory,
    Level,
    Revision,
    Section,
    SectionStatus,
    Transition,
)
from proposals.rows import KINDS
from strategies.models import Organisation, Project, StrategicIssue

EXAMPLE = "ข้อมูลตัวอย่าง"
FISCAL_YEAR = 2548

DIAGNOSIS_FIRST = {
    "current_situation": (
        "จังหวัดชุมพรเป็นแหล่งผลิตผลไม้สำคัญของภาคใต้ตอนบน โดยเฉพาะทุเรียน มังคุด และลองกอง "
        "แต่เกษตรกรส่วนใหญ่ยังขายผลผลิตสดผ่านพ่อค้าคนกลาง ได้ราคาต่ำในช่วงที่ผลผลิตออกมาก\n\n"
        f"({EXAMPLE})"
    ),
}

DIAGNOSIS = {
    "current_situation": (
        "จังหวัดชุมพรเป็นแหล่งผลิตผลไม้สำคัญของภาคใต้ตอนบน โดยเฉพาะทุเรียน มังคุด และลองกอง "
        "มีพื้นที่ปลูกไม้ผลรวมประมาณ 600,000 ไร่ แต่เกษตรกรส่วนใหญ่ยังขายผลผลิตสดผ่านพ่อค้าคนกลาง "
        "ได้ราคาต่ำในช่วงที่ผลผลิตออกมาก และแปลงที่ผ่านการรับรองมาตรฐาน GAP มีเพียง 850 แปลง\n\n"
        "ครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์ความจำเป็นพื้นฐาน (จปฐ.) ยังมีอยู่ 4,120 ครัวเรือน "
        "ส่วนใหญ่อยู่ในอำเภอท่าแซะ พะโต๊ะ และละแม ซึ่งพึ่งพารายได้จากการเกษตรเพียงอย่างเดียว\n\n"
        f"({EXAMPLE})"
    ),
    "desired_state": (
        "เกษตรกรผลิตผลไม้คุณภาพได้มาตรฐานส่งออก มีตลาดกลางและช่องทางจำหน่ายของตนเอง "
        "มีการรวมกลุ่มแปรรูปเพิ่มมูลค่า และครัวเรือนยากจนมีอาชีพเสริมจนพ้นเกณฑ์ จปฐ. ภายในปี 2551\n\n"
        f"({EXAMPLE})"
    ),
    "gap": (
        "ผลผลิตที่ได้มาตรฐานส่งออกยังน้อย ระบบตลาดยังพึ่งพาพ่อค้าคนกลาง "
        "และหน่วยงานยังทำงานแยกส่วน ไม่มีข้อมูลเกษตรกรและผลผลิตร่วมกัน\n\n"
        f"({EXAMPLE})"
    ),
    "root_causes": (
        "1. เจ้าหน้าที่ตรวจรับรองมาตรฐานมีน้อย การตรวจรับรองใช้เวลานาน\n"
        "2. ไม่มีตลาดกลางผลไม้ในจังหวัด เกษตรกรขาดอำนาจต่อรองราคา\n"
        "3. กลุ่มแปรรูปขาดความรู้ด้านการจัดการและการตลาด\n"
        "4. ฐานข้อมูลครัวเรือนยากจนของแต่ละหน่วยงานไม่ตรงกัน\n\n"
        f"({EXAMPLE})"
    ),
    "strengths": (
        "ดินและภูมิอากาศเหมาะกับไม้ผลเศรษฐกิจ ผลไม้ชุมพรมีชื่อเสียง\n"
        "เกษตรกรมีประสบการณ์และรวมกลุ่มวิสาหกิจชุมชนแล้วหลายกลุ่ม"
    ),
    "weaknesses": (
        "ผลผลิตกระจุกตัวในช่วงเดียวกัน ขาดโรงคัดบรรจุและห้องเย็น\n"
        "ข้อมูลการผลิตและการตลาดกระจัดกระจายในหลายหน่วยงาน"
    ),
    "opportunities": (
        "นโยบายผู้ว่าราชการจังหวัดแบบบูรณาการ (CEO) และงบประมาณจังหวัด\n"
        "ความต้องการผลไม้เมืองร้อนในตลาดจีนและตลาดโลกเพิ่มขึ้น\n"
        "ความร่วมมือของกลุ่มจังหวัดภาคใต้ตอนบน (ชุมพร สุราษฎร์ธานี ระนอง)"
    ),
    "threats": (
        "ราคาผลไม้ผันผวนตามตลาดโลก\n"
        "ภัยธรรมชาติ (พายุ อุทกภัย) ในช่วงปลายปี\n"
        "คู่แข่งจากจังหวัดภาคตะวันออกและประเทศเพื่อนบ้าน"
    ),
}

CHANGES = [
    (
        ChangeCategory.EFFICIENCY,
        "ลดขั้นตอนและระยะเวลาการตรวจรับรองมาตรฐาน GAP",
        "การตรวจรับรองใช้เวลาเฉลี่ย 120 วัน ทำให้เกษตรกรส่งออกไม่ทันฤดูกาล",
        "ระยะเวลาการตรวจรับรองลดลงเหลือไม่เกิน 45 วัน และแปลงที่ผ่านการรับรองเพิ่มเป็น 1,200 แปลงในปี 2548",
        (2, 1),
        "doa-oard7",  # GAP is certified by the Department of Agriculture's regional office
        (2548, 2549),
    ),
    (
        ChangeCategory.QUALITY,
        "จัดตั้งตลาดกลางผลไม้และระบบประกันคุณภาพผลผลิต",
        "เกษตรกรขายผ่านพ่อค้าคนกลาง ไม่มีการคัดเกรด ได้ราคาต่ำ",
        "มูลค่าการจำหน่ายผลผลิตผ่านตลาดกลางไม่ต่ำกว่า 340 ล้านบาทในปี 2548",
        (2, 2),
        "commerce",
        (2548, 2551),
    ),
    (
        ChangeCategory.CAPACITY,
        "พัฒนาขีดสมรรถนะกลุ่มแปรรูปและวิสาหกิจชุมชน",
        "กลุ่มแปรรูปขาดความรู้ด้านการจัดการ บรรจุภัณฑ์ และการตลาด",
        "กลุ่มแปรรูปที่ผ่านการพัฒนามีรายได้เพิ่มขึ้นร้อยละ 10",
        (1, 2),
        "community-development",
        (2548, 2550),
    ),
    (
        ChangeCategory.CAPACITY,
        "บูรณาการฐานข้อมูลครัวเรือนยากจนระหว่างหน่วยงาน",
        "แต่ละหน่วยงานใช้ข้อมูลครัวเรือนยากจนคนละชุด การช่วยเหลือซ้ำซ้อน",
        "มีฐานข้อมูลครัวเรือนยากจนชุดเดียวที่ทุกหน่วยงานใช้ร่วมกัน",
        (1, 2),
        None,  # No responsible agency yet: the completeness check flags it.
        (2548, 2548),
    ),
]

READINESS = [
    (
        Capital.HUMAN,
        "ผู้ตรวจประเมินมาตรฐาน GAP ที่ได้รับการรับรอง",
        "สำนักวิจัยและพัฒนาการเกษตรเขตที่ 7 มีผู้ตรวจประเมินประจำจังหวัดชุมพร 4 คน",
        "ขาดผู้ตรวจประเมินอีก 8 คน",
        "สำนักวิจัยและพัฒนาการเกษตรเขตที่ 7 อบรมและขึ้นทะเบียนผู้ตรวจประเมินเพิ่ม 8 คน "
        "จากนักวิชาการของสำนักงานเกษตรจังหวัดและอำเภอ ภายในเดือนกันยายน 2548",
    ),
    (
        Capital.HUMAN,
        "เจ้าหน้าที่พัฒนาชุมชนที่มีทักษะการตลาดและการจัดการกลุ่ม",
        "เจ้าหน้าที่มีความรู้ด้านการจัดตั้งกลุ่ม แต่ขาดทักษะการตลาด",
        "ทักษะการตลาดและการพัฒนาผลิตภัณฑ์",
        "จัดหลักสูตรการตลาดผลิตภัณฑ์ชุมชนร่วมกับมหาวิทยาลัยในพื้นที่",
    ),
    (
        Capital.INFORMATION,
        "ฐานข้อมูลเกษตรกร แปลงปลูก และผลผลิตรายแปลง",
        "ข้อมูลอยู่ในแฟ้มและตารางคำนวณของแต่ละอำเภอ",
        "ยังไม่มีระบบกลางที่เชื่อมโยงกัน",
        "พัฒนาระบบฐานข้อมูลกลางที่ศาลากลางจังหวัด เชื่อมโยงทุกอำเภอ",
    ),
]

ACTIVITIES = {
    # project title → [(activity, start, end, agency short code)],
    # milestones [(title, date[, indicator (goal, number), value])]
    "โครงการพัฒนาคุณภาพผลไม้เพื่อการส่งออก (ทุเรียน มังคุด)": (
        [
            (
                "อบรมเกษตรกรเรื่องการผลิตผลไม้ตามมาตรฐาน GAP",
                datetime.date(2004, 11, 1),
                datetime.date(2005, 2, 28),
                "agriculture",
            ),
            (
                "ตรวจประเมินและรับรองแปลง",
                datetime.date(2005, 1, 15),
                datetime.date(2005, 6, 30),
                "doa-oard7",
            ),
            (
                "จับคู่ธุรกิจกับผู้ส่งออก",
                datetime.date(2005, 4, 1),
                datetime.date(2005, 8, 31),
                "commerce",
            ),
        ],
        [
            # The value the GAP indicator (2.1) reaches: 2548's target.
            ("แปลงผ่านการรับรอง GAP ครบ 1,200 แปลง", datetime.date(2005, 6, 30), (2, 1), "1200"),
            ("ส่งออกทุเรียนคุณภาพล็อตแรก", datetime.date(2005, 7, 15)),
        ],
    ),
    "โครงการตลาดกลางผลไม้จังหวัดชุมพร": (
        [
            (
                "ศึกษาความเหมาะสมและคัดเลือกพื้นที่",
                datetime.date(2004, 10, 15),
                datetime.date(2005, 1, 31),
                "commerce",
            ),
            (
                "ก่อสร้างลานประมูลและโรงคัดบรรจุ",
                datetime.date(2005, 2, 1),
                datetime.date(2005, 9, 30),
                "commerce",
            ),
        ],
        [("เปิดตลาดกลางผลไม้", datetime.date(2005, 9, 30))],
    ),
    "โครงการฝึกอาชีพเสริมสำหรับครัวเรือนยากจน": (
        [
            (
                "สำรวจความต้องการอาชีพของครัวเรือนเป้าหมาย",
                datetime.date(2004, 11, 1),
                datetime.date(2004, 12, 31),
                "community-development",
            ),
            (
                "ฝึกอาชีพเสริม 20 รุ่น",
                datetime.date(2005, 1, 1),
                datetime.date(2005, 8, 31),
                "labour",
            ),
        ],
        [],
    ),
}

RISKS = [
    (
        "ราคาผลไม้ตกต่ำในช่วงผลผลิตออกมาก",
        Level.HIGH,
        Level.HIGH,
        "ทำข้อตกลงซื้อขายล่วงหน้ากับผู้ส่งออก และส่งเสริมการแปรรูปรองรับผลผลิตส่วนเกิน",
        "commerce",
    ),
    (
        "เกษตรกรไม่เข้าร่วมการตรวจรับรองเพราะเห็นว่ายุ่งยาก",
        Level.MEDIUM,
        Level.HIGH,
        "ประชาสัมพันธ์ประโยชน์ของ GAP ผ่านผู้นำชุมชน และลดขั้นตอนการยื่นคำขอ",
        "agriculture",
    ),
    (
        "พายุและอุทกภัยช่วงเดือนพฤศจิกายน",
        Level.MEDIUM,
        Level.MEDIUM,
        "",  # No mitigation yet: the completeness check flags it.
        None,
    ),
]

FACTORS = [
    "ผู้ว่าราชการจังหวัดให้ความสำคัญและติดตามความก้าวหน้าทุกเดือน",
    "ส่วนราชการที่เกี่ยวข้องทำงานร่วมกันแบบบูรณาการผ่านสำนักงานบริหารยุทธศาสตร์",
    "เกษตรกรและกลุ่มวิสาหกิจชุมชนมีส่วนร่วมตั้งแต่การวางแผน",
]


def _agencies() -> dict:
    """Chumphon's line agencies and partners by short code (``agriculture``, ``pao``…),
    and the regional office that certifies GAP (``doa-oard7``)."""
    agencies = {
        org.code.removeprefix("chumphon-"): org
        for org in Organisation.objects.filter(code__startswith="chumphon-")
    }
    agencies.update({org.code: org for org in Organisation.objects.filter(code="doa-oard7")})
    return agencies


def _create(user, blueprint, kind_key, values, parent=None):
    return services.row_create(
        user=user, blueprint=blueprint, kind=KINDS[kind_key], values=values, parent=parent
    )


def _update(user, blueprint, kind_key, obj, values):
    obj.refresh_from_db()
    return services.row_update(
        user=user,
        blueprint=blueprint,
        kind=KINDS[kind_key],
        obj=obj,
        values=values,
        version=obj.version,
    )


@transaction.atomic
def load_blueprint_demo() -> Blueprint | None:
    """Create Chumphon's demo Blueprint (issue 1, FY 2548) unless it exists. Returns it."""
    issue = (
        StrategicIssue.objects.filter(plan__organisation__code="chumphon", number=1)
        .select_related("plan__organisation")
        .order_by("plan__start_year")
        .first()
    )
    if issue is None:
        return None  # the cascade demo is not loaded
    existing = Blueprint.objects.filter(issue=issue, fiscal_year=FISCAL_YEAR).first()
    if existing is not None:
        return existing

    User = get_user_model()
    office = User.objects.get(username="chumphon.strategy")
    agriculture_user = User.objects.get(username="chumphon.agriculture")
    agencies = _agencies()

    blueprint = services.blueprint_create(
        user=office,
        issue=issue,
        fiscal_year=FISCAL_YEAR,
        cluster_reference=(
            f"ข้อเสนอการเปลี่ยนแปลงกลุ่มจังหวัดภาคใต้ตอนบน ประเด็นการพัฒนาเศรษฐกิจฐานเกษตร ({EXAMPLE})"
        ),
    )

    # Header and diagnosis, saved twice: a history to compare.
    diagnosis = blueprint.diagnosis
    _update(office, blueprint, "diagnosis", diagnosis, DIAGNOSIS_FIRST)
    _update(office, blueprint, "diagnosis", diagnosis, DIAGNOSIS)

    # Sections handed to line agencies.
    assignments = {
        "changes": ("agriculture", datetime.date(2005, 7, 31), SectionStatus.SUBMITTED),
        "readiness": (
            "community-development",
            datetime.date(2005, 8, 15),
            SectionStatus.IN_PROGRESS,
        ),
        "risks": ("commerce", datetime.date(2005, 8, 31), SectionStatus.NOT_STARTED),
    }
    for key, (agency, due, _status) in assignments.items():
        section = Section.objects.get(blueprint=blueprint, key=key)
        workflow.section_assign(
            user=office,
            section=section,
            assignee=agencies[agency],
            due_date=due,
            status=SectionStatus.NOT_STARTED,
            instructions=(
                f"กรุณาจัดทำส่วนนี้ร่วมกับอำเภอที่เกี่ยวข้อง และส่งให้สำนักงานบริหารยุทธศาสตร์รวบรวม ({EXAMPLE})"
            ),
            version=section.version,
        )

    # Change proposals: drafted by the agriculture office, in its assigned section.
    indicators = {
        (ind.goal.number, ind.number): ind
        for goal in issue.goals.all()
        for ind in goal.indicators.select_related("goal")
    }
    # An agency never writes the live Blueprint: its rows reach it through an input the
    # office accepts, and the history names the agency's author (as input_accept does).
    before = Blueprint.objects.values_list("revision_count", flat=True).get(pk=blueprint.pk)
    first_change = None
    for category, title, gap, result, indicator, agency, years in CHANGES:
        change = _create(
            office,
            blueprint,
            "change",
            {
                "category": category,
                "title": title,
                "gap": gap,
                "expected_result": result,
                "indicator": indicators.get(indicator),
                "responsible_agency": agencies.get(agency) if agency else None,
                "start_year": years[0],
                "end_year": years[1],
            },
        )
        first_change = first_change or change
    _update(
        office,
        blueprint,
        "change",
        first_change,
        {"expected_result": CHANGES[0][3] + "\nเกษตรกรได้รับใบรับรองภายในฤดูกาลผลิตเดียวกัน"},
    )
    Revision.objects.filter(blueprint=blueprint, number__gt=before).update(author=agriculture_user)
    _update(office, blueprint, "change", first_change, {"title": CHANGES[0][1] + " (ผลไม้ส่งออก)"})

    for capital, requirement, level, gap, action in READINESS:
        _create(
            office,
            blueprint,
            "readiness",
            {
                "capital": capital,
                "requirement": requirement,
                "current_level": level,
                "gap": gap,
                "action": action,
            },
        )

    projects = {
        project.title: project
        for project in Project.objects.filter(strategy__issue=issue).select_related("strategy")
    }
    for title, (activities, milestones) in ACTIVITIES.items():
        project = projects.get(title)
        if project is None:
            continue
        for name, start, end, agency in activities:
            _create(
                office,
                blueprint,
                "activity",
                {
                    "project": project,
                    "title": name,
                    "start_date": start,
                    "end_date": end,
                    "responsible_agency": agencies.get(agency),
                },
                parent=project,
            )
        for name, due, *reaches in milestones:
            values = {"project": project, "title": name, "due_date": due}
            if reaches:
                values.update(indicator=indicators[reaches[0]], value=Decimal(reaches[1]))
            _create(office, blueprint, "milestone", values, parent=project)

    for description, likelihood, impact, mitigation, owner in RISKS:
        _create(
            office,
            blueprint,
            "risk",
            {
                "description": description,
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": mitigation,
                "owner": agencies.get(owner) if owner else None,
            },
        )
    for text in FACTORS:
        _create(office, blueprint, "factor", {"text": text})

    for key, (_agency, _due, status) in assignments.items():
        Section.objects.filter(blueprint=blueprint, key=key).update(status=status)

    workflow.blueprint_open_consultation(user=office, blueprint=blueprint)
    Transition.objects.filter(blueprint=blueprint).update(
        reason=f"เปิดให้ส่วนราชการที่เกี่ยวข้องร่วมจัดทำและให้ข้อคิดเห็น ({EXAMPLE})"
    )
    _backdate(blueprint)
    return blueprint


def _backdate(blueprint) -> None:
    """Spread the demo's saves over July 2005 (B.E. 2548): Blueprints were drafted after the
    4-year plans of June 2548, within the fiscal year."""
    start = timezone.make_aware(datetime.datetime(2005, 7, 4, 9, 0))
    step = datetime.timedelta(hours=5, minutes=17)
    for index, pk in enumerate(
        Revision.objects.filter(blueprint=blueprint).order_by("number").values_list("pk", flat=True)
    ):
        Revision.objects.filter(pk=pk).update(created_at=start + step * index)
    later = start + step * (blueprint.revision_count + 1)
    Transition.objects.filter(blueprint=blueprint).update(created_at=later)
    Blueprint.objects.filter(pk=blueprint.pk).update(created_at=start, updated_at=later)
