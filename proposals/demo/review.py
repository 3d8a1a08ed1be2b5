"""Demo of OPDC's review round for fiscal year 2549 (example data, ข้อมูลตัวอย่าง).

On top of :mod:`strategies.demo.cascade` and :mod:`proposals.demo.blueprint` (Chumphon's
2548 Blueprint, still in consultation), this adds the 2549 round of the Upper South cluster,
replayed through the services at its own dates so the history reads like the real thing:

- **Chumphon**, issue 1: drafted with the line agencies in two workshops in December
  2005 (:func:`proposals.demo.participation.load_round_participation`), submitted in
  January 2006 (B.E. 2549), returned by OPDC with reasons, review comments and scores,
  revised — each comment answered — and submitted again in February —
  awaiting OPDC's decision, with a previous version to compare with;
- **Surat Thani**, issue 1: submitted, then returned with reasons and comments;
- OPDC's submission deadline for 2549 (31 January 2006), so the dashboard shows what
  is overdue.

:func:`load_review_demo` is idempotent: when Chumphon's 2549 Blueprint exists nothing
is done. Add ``"proposals.demo.review.load_review_demo"`` to ``settings.DEMO_LOADERS``
after the Blueprint demo.
"""

import contextlib
import datetime
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from proposals import services, workflow
from proposals.demo.attachments import attach_evidence
from proposals.demo.blueprint import DIAGNOSIS, FACTORS, RISKS
from proposals.demo.participation import load_round_participation, load_surat_round_participation
from proposals.letters.services import letter_save
from proposals.models import Blueprint, Capital, ChangeCategory, Level, Revision, SectionKey
from proposals.review import answers
from proposals.review import services as review_services
from proposals.review.digest import digest_refresh_all
from proposals.review.models import Criterion, ReviewNote, SubmissionDeadline
from proposals.review.rubric import ensure_default_rubric
from proposals.rows import KINDS
from strategies.models import (
    BudgetSource,
    Organisation,
    Perspective,
    Project,
    StrategicIssue,
    Strategy,
)

EXAMPLE = "ข้อมูลตัวอย่าง"
FISCAL_YEAR = 2549


@contextlib.contextmanager
def _at(year, month, day, hour=10):
    """Replay a step at a past moment: the services take the time from ``timezone.now``
    (revisions and new Blueprints take theirs from model defaults: dated afterwards)."""
    moment = timezone.make_aware(datetime.datetime(year, month, day, hour, 0))
    last = Revision.objects.aggregate(last=Max("pk"))["last"] or 0
    last_blueprint = Blueprint.objects.aggregate(last=Max("pk"))["last"] or 0
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment
    Blueprint.objects.filter(pk__gt=last_blueprint).update(created_at=moment)
    for index, pk in enumerate(
        Revision.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)
    ):
        Revision.objects.filter(pk=pk).update(created_at=moment + datetime.timedelta(minutes=index))


def _create(user, blueprint, kind, values, parent=None, extras=None):
    return services.row_create(
        user=user, blueprint=blueprint, kind=KINDS[kind], values=values, parent=parent,
        extras=extras,
    )  # fmt: skip


def _update(user, blueprint, kind, obj, values):
    obj.refresh_from_db()
    return services.row_update(
        user=user, blueprint=blueprint, kind=KINDS[kind], obj=obj, values=values,
        version=obj.version,
    )  # fmt: skip


def _submit(office, blueprint, governor="", letter=None, evidence=None):
    """Take ``blueprint`` to OPDC with its covering letter (หนังสือนำส่ง) signed by
    ``governor``; ``evidence(blueprint)`` attaches files once approved. The approval
    itself reads the governor from the province's record."""
    if letter:  # the covering letter the office sends with it
        letter_save(
            user=office,
            blueprint=blueprint,
            values={
                "signer_name": governor,
                "signer_position": f"ผู้ว่าราชการ{blueprint.province.name}",
                **letter,
            },
        )
    workflow.blueprint_open_consultation(user=office, blueprint=blueprint)
    workflow.blueprint_send_to_review(user=office, blueprint=blueprint)
    workflow.blueprint_approve(user=office, blueprint=blueprint)
    if evidence is not None:
        blueprint.refresh_from_db()
        evidence(blueprint)
    workflow.blueprint_submit(user=office, blueprint=blueprint)


def _note(reviewer, blueprint, section, text):
    snapshot = blueprint.snapshots.order_by("-edition").first()
    note = review_services.review_note_add(
        user=reviewer, snapshot=snapshot, section=section, text=f"{text} ({EXAMPLE})"
    )
    ReviewNote.objects.filter(pk=note.pk).update(created_at=timezone.now())


def _answer(office, blueprint, section, text):
    """The province's answer to OPDC's comment on ``section`` of the returned version."""
    note = ReviewNote.objects.get(snapshot=answers.answered_snapshot(blueprint), section=section)
    answers.note_answer_save(
        user=office, blueprint=blueprint, note=note, section=section,
        text=f"{text} ({EXAMPLE})", version=0,
    )  # fmt: skip


def _score(reviewer, blueprint, levels):
    snapshot = blueprint.snapshots.order_by("-edition").first()
    rubric = review_services.rubric_for(snapshot)
    criteria = list(Criterion.objects.filter(rubric=rubric).order_by("position"))
    review_services.review_scores_save(
        user=reviewer,
        snapshot=snapshot,
        levels={c.pk: level for c, level in zip(criteria, levels, strict=False)},
        comments={},
    )


# Chumphon's 2549 Blueprint has rows of its own, dated in fiscal year 2549 (1 October 2548 –
# 30 September 2549) and measured against the 2549 targets (GAP 1,600 plots, households
# below the basic-needs line 2,800, sales 380 million baht); its diagnosis starts from
# the actual results of 2548, where the Blueprint shows them.
ACTUALS_2548 = (
    "ผลการดำเนินงานปีงบประมาณ 2548 (ค่าเป้าหมาย → ผลจริง): แปลงผลไม้ที่ผ่านการรับรอง GAP "
    "1,200 → 1,150 แปลง; ครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์ จปฐ. 3,500 → 3,420 ครัวเรือน; "
    "มูลค่าการจำหน่ายสินค้าเกษตรแปรรูปและ OTOP 340 → 352 ล้านบาท; รายได้เฉลี่ยต่อครัวเรือน"
    "เกษตรกรเพิ่มขึ้นร้อยละ 3 → 3.2"
)
DIAGNOSIS_2549 = {
    **DIAGNOSIS,
    "current_situation": (
        f"{ACTUALS_2548}\n\n"
        "การตรวจรับรอง GAP ยังต่ำกว่าเป้าหมาย 50 แปลง เพราะผู้ตรวจประเมินที่ขึ้นทะเบียนเพิ่ม"
        "เริ่มงานได้ในเดือนกันยายน 2548 ส่วนครัวเรือนยากจนลดลงเร็วกว่าที่คาด\n\n"
        f"({EXAMPLE})"
    ),
}
CHANGES_2549 = [
    (
        ChangeCategory.EFFICIENCY,
        "ตรวจรับรองมาตรฐาน GAP แบบกลุ่มเกษตรกร",
        "ตรวจรับรองรายแปลงทำได้ 1,150 แปลงในปี 2548 ต่ำกว่าเป้าหมาย 50 แปลง",
        "แปลงที่ผ่านการรับรองสะสม 1,600 แปลงในปี 2549 ระยะเวลาตรวจรับรองไม่เกิน 30 วัน",
        (2, 1),
        "doa-oard7",
        (2549, 2550),
    ),
    (
        ChangeCategory.QUALITY,
        "ตลาดกลางผลไม้เปิดดำเนินการเต็มฤดูกาลพร้อมระบบคัดเกรด",
        "ตลาดกลางเปิดเมื่อปลายปี 2548 ยังไม่มีระบบคัดเกรดและประกันราคา",
        "มูลค่าการจำหน่ายสินค้าเกษตรแปรรูปและ OTOP 380 ล้านบาทในปี 2549",
        (2, 2),
        "commerce",
        (2549, 2551),
    ),
    (
        ChangeCategory.CAPACITY,
        "พัฒนาขีดสมรรถนะกลุ่มแปรรูปรุ่นที่สองร่วมกับองค์การบริหารส่วนจังหวัด",
        "กลุ่มแปรรูปรุ่นแรกมีรายได้เพิ่ม แต่ยังขาดบรรจุภัณฑ์และตลาดนอกจังหวัด",
        "รายได้เฉลี่ยต่อครัวเรือนเกษตรกรเพิ่มขึ้นร้อยละ 4 ในปี 2549",
        (1, 1),
        "community-development",
        (2549, 2550),
    ),
    (
        ChangeCategory.CAPACITY,
        "บูรณาการฐานข้อมูลครัวเรือนยากจนระหว่างหน่วยงาน",
        "แต่ละหน่วยงานใช้ข้อมูลครัวเรือนยากจนคนละชุด การช่วยเหลือซ้ำซ้อน",
        "มีฐานข้อมูลครัวเรือนยากจนชุดเดียวที่ทุกหน่วยงานใช้ร่วมกันภายในปี 2549",
        (1, 2),
        "community-development",
        (2549, 2549),
    ),
]
READINESS_2549 = [
    (
        Capital.HUMAN,
        "ผู้ตรวจประเมินมาตรฐาน GAP ที่ได้รับการรับรอง",
        "มีผู้ตรวจประเมินประจำจังหวัด 12 คน (ขึ้นทะเบียนเพิ่ม 8 คนเมื่อกันยายน 2548)",
        "การตรวจแบบกลุ่มต้องมีผู้ควบคุมภายในของกลุ่มเกษตรกร",
        "สำนักวิจัยและพัฒนาการเกษตรเขตที่ 7 อบรมผู้ควบคุมภายในของกลุ่ม 40 คน ภายในเดือนธันวาคม 2548",
    ),
    (
        Capital.INFORMATION,
        "ฐานข้อมูลเกษตรกร แปลงปลูก และผลผลิตรายแปลง",
        "ระบบฐานข้อมูลกลางเริ่มใช้ใน 3 อำเภอเมื่อปี 2548",
        "ยังไม่ครบทุกอำเภอ และยังไม่เชื่อมกับข้อมูล จปฐ.",
        "ขยายระบบฐานข้อมูลกลางครบ 8 อำเภอ ภายในเดือนมีนาคม 2549",
    ),
    (
        Capital.ORGANISATION,
        "วัฒนธรรมการทำงานแบบบูรณาการระหว่างส่วนราชการในจังหวัด",
        "ส่วนราชการยังทำงานตามภารกิจของตนเป็นหลัก",
        "ขาดกลไกประสานงานและการติดตามร่วมกัน",
        "ตั้งคณะทำงานบูรณาการภายใต้สำนักงานบริหารยุทธศาสตร์ ประชุมทุกเดือนตั้งแต่มกราคม 2549",
    ),
]
# project → [(activity, start, end, agency)], [(milestone, due, indicator, value)]
ACTIVITIES_2549 = {
    "โครงการพัฒนาคุณภาพผลไม้เพื่อการส่งออก (ทุเรียน มังคุด)": (
        [
            ("อบรมผู้ควบคุมภายในของกลุ่มเกษตรกร", datetime.date(2005, 10, 15),
             datetime.date(2005, 12, 31), "doa-oard7"),
            ("ตรวจรับรอง GAP แบบกลุ่ม", datetime.date(2006, 1, 15), datetime.date(2006, 6, 30),
             "doa-oard7"),
            ("จับคู่ธุรกิจกับผู้ส่งออก", datetime.date(2006, 4, 1), datetime.date(2006, 8, 31),
             "commerce"),
        ],
        [
            ("แปลงผ่านการรับรอง GAP สะสม 1,400 แปลง", datetime.date(2006, 3, 31), (2, 1), "1400"),
            ("แปลงผ่านการรับรอง GAP สะสมครบ 1,600 แปลง", datetime.date(2006, 6, 30), (2, 1),
             "1600"),
        ],
    ),
    "โครงการตลาดกลางผลไม้จังหวัดชุมพร": (
        [
            ("ติดตั้งระบบคัดเกรดและห้องเย็น", datetime.date(2005, 11, 1),
             datetime.date(2006, 3, 31), "commerce"),
            ("ประมูลผลไม้ฤดูกาล 2549", datetime.date(2006, 5, 1), datetime.date(2006, 8, 31),
             "chamber"),
        ],
        [("มูลค่าการจำหน่ายผ่านตลาดกลางครบ 380 ล้านบาท", datetime.date(2006, 9, 30), (2, 2),
          "380")],
    ),
    "โครงการฝึกอาชีพเสริมสำหรับครัวเรือนยากจน": (
        [
            ("ฝึกอาชีพเสริม 20 รุ่น (รุ่นที่สอง)", datetime.date(2005, 11, 1),
             datetime.date(2006, 7, 31), "labour"),
        ],
        [("ครัวเรือนต่ำกว่าเกณฑ์ จปฐ. เหลือ 2,800 ครัวเรือน", datetime.date(2006, 9, 30), (1, 2),
          "2800")],
    ),
}  # fmt: skip


def _fill_chumphon(office, blueprint, issue, agencies):
    _update(office, blueprint, "diagnosis", blueprint.diagnosis, DIAGNOSIS_2549)
    indicators = {
        (ind.goal.number, ind.number): ind
        for goal in issue.goals.all()
        for ind in goal.indicators.select_related("goal")
    }
    for category, title, gap, result, indicator, agency, years in CHANGES_2549:
        _create(
            office,
            blueprint,
            "change",
            {
                "category": category,
                "title": title,
                "gap": gap,
                "expected_result": result,
                "indicator": indicators.get(indicator),
                "responsible_agency": agencies.get(agency),
                "start_year": years[0],
                "end_year": years[1],
            },
        )
    for capital, requirement, level, gap, action in READINESS_2549:
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
    projects = {p.title: p for p in Project.objects.filter(strategy__issue=issue)}
    for title, (activities, milestones) in ACTIVITIES_2549.items():
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
        for name, due, indicator, value in milestones:
            _create(
                office,
                blueprint,
                "milestone",
                {
                    "project": project,
                    "title": name,
                    "due_date": due,
                    "indicator": indicators[indicator],
                    "value": Decimal(value),
                },
                parent=project,
            )
    for description, likelihood, impact, mitigation, owner in RISKS:
        _create(
            office,
            blueprint,
            "risk",
            {
                "description": description,
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": mitigation or "เตรียมแผนเผชิญเหตุร่วมกับอำเภอและท้องถิ่น",
                "owner": agencies.get(owner or "agriculture"),
            },
        )
    for text in FACTORS:
        _create(office, blueprint, "factor", {"text": text})


def _surat_cascade(issue, agencies):
    """Surat Thani's issue has no strategy or project in the cascade demo: add them."""
    strategy, _ = Strategy.objects.get_or_create(
        issue=issue, number=1, defaults={"title": "พัฒนาแหล่งท่องเที่ยวทางทะเลให้ได้มาตรฐานสากล"}
    )
    strategy.goals.set(issue.goals.all())
    project, _ = Project.objects.get_or_create(
        strategy=strategy,
        number=1,
        defaults={
            "title": "โครงการยกระดับมาตรฐานแหล่งท่องเที่ยวเกาะสมุยและเกาะพะงัน",
            "objective": "แหล่งท่องเที่ยวทางทะเลได้มาตรฐาน นักท่องเที่ยวพำนักนานขึ้น",
            "lead_agency": agencies["tourism"],
        },
    )
    project.supporting_agencies.set([agencies["commerce"]])
    for year, source, amount in [
        (2549, BudgetSource.REGULAR, "4500000"),
        (2549, BudgetSource.CEO_GOVERNOR, "2000000"),
        (2550, BudgetSource.REGULAR, "4800000"),
        (2551, BudgetSource.REGULAR, "5000000"),
    ]:
        project.budgets.update_or_create(
            fiscal_year=year, source=source, defaults={"amount": Decimal(amount)}
        )
    return project


def _fill_surat(office, blueprint, issue, agencies, project):
    goal = _create(
        office,
        blueprint,
        "goal",
        {
            "number": 2,
            "title": "สินค้าเกษตรรองรับการท่องเที่ยวได้มาตรฐาน",
            "perspective": Perspective.SERVICE_QUALITY,
        },
    )
    # The same indicator as Chumphon's: the cluster roll-up shows it as shared.
    _create(
        office,
        blueprint,
        "indicator",
        {
            "number": 1,
            "name": "จำนวนแปลงผลไม้ที่ผ่านการรับรองมาตรฐาน GAP",
            "unit": "แปลง",
            "baseline": Decimal("620"),
            "baseline_year": 2548,
            "owner": agencies["agriculture"],
            "goal": goal,
        },
        parent=goal,
        extras={
            "targets": {
                2548: Decimal(700),
                2549: Decimal(900),
                2550: Decimal(1100),
                2551: Decimal(1300),
            }
        },
    )
    _update(
        office,
        blueprint,
        "diagnosis",
        blueprint.diagnosis,
        {
            "current_situation": (
                "สุราษฎร์ธานีมีแหล่งท่องเที่ยวทางทะเลระดับโลก (เกาะสมุย เกาะพะงัน เกาะเต่า) "
                "รายได้จากการท่องเที่ยวเติบโตต่อเนื่อง แต่ขยะและน้ำเสียในแหล่งท่องเที่ยวเพิ่มขึ้น "
                f"และนักท่องเที่ยวพำนักเฉลี่ยเพียง 3.2 วัน ({EXAMPLE})"
            ),
            "desired_state": "แหล่งท่องเที่ยวทางทะเลได้มาตรฐานสากลและยั่งยืน นักท่องเที่ยวพำนักนานขึ้น",
            "gap": "มาตรฐานการจัดการสิ่งแวดล้อมและบริการยังไม่ทั่วถึง",
            "root_causes": "ขาดการบริหารจัดการร่วมระหว่างท้องถิ่นและส่วนราชการ",
            "strengths": "ทรัพยากรทางทะเลมีชื่อเสียงระดับโลก",
            "weaknesses": "ระบบบำบัดน้ำเสียและการจัดการขยะไม่เพียงพอ",
            "opportunities": "นโยบายส่งเสริมการท่องเที่ยวของรัฐบาล",
            "threats": "มรสุมและภัยธรรมชาติ",
        },
    )
    _create(
        office,
        blueprint,
        "change",
        {
            "category": ChangeCategory.QUALITY,
            "title": "ตลาดกลางผลไม้และอาหารทะเลคุณภาพสำหรับแหล่งท่องเที่ยว",
            "gap": "สินค้าเกษตรในแหล่งท่องเที่ยวไม่ได้มาตรฐาน",
            "expected_result": "ร้านอาหารในแหล่งท่องเที่ยวใช้สินค้าที่ได้มาตรฐาน GAP",
            "responsible_agency": agencies["commerce"],
            "start_year": 2549,
            "end_year": 2550,
        },
    )
    for capital, requirement in [
        (Capital.HUMAN, "มัคคุเทศก์และผู้ประกอบการที่ผ่านการอบรมมาตรฐานบริการ"),
        (Capital.INFORMATION, "ระบบข้อมูลนักท่องเที่ยวและขีดความสามารถในการรองรับของแหล่งท่องเที่ยว"),
        (Capital.ORGANISATION, "กลไกบริหารจัดการแหล่งท่องเที่ยวร่วมระหว่างท้องถิ่นและจังหวัด"),
    ]:
        _create(
            office,
            blueprint,
            "readiness",
            {"capital": capital, "requirement": requirement, "action": "จัดทำแผนพัฒนาในปี 2549"},
        )
    _create(
        office,
        blueprint,
        "activity",
        {
            "project": project,
            "title": "ตรวจประเมินมาตรฐานแหล่งท่องเที่ยว",
            "start_date": datetime.date(2005, 11, 1),
            "end_date": datetime.date(2006, 3, 31),
            "responsible_agency": agencies["tourism"],
        },
        parent=project,
    )
    _create(
        office,
        blueprint,
        "risk",
        {
            "description": "มรสุมตะวันออกเฉียงเหนือทำให้นักท่องเที่ยวลดลงช่วงปลายปี",
            "likelihood": Level.HIGH,
            "impact": Level.MEDIUM,
            "mitigation": "ส่งเสริมการท่องเที่ยวฝั่งอ่าวไทยและฝั่งอันดามันสลับฤดู",
            "owner": agencies["tourism"],
        },
    )
    _create(office, blueprint, "factor", {"text": "ความร่วมมือของผู้ประกอบการท่องเที่ยวและท้องถิ่น"})


@transaction.atomic
def load_review_demo() -> Blueprint | None:
    """Add the 2549 review round (see the module docstring) unless it is there. Returns
    Chumphon's 2549 Blueprint.

    The submissions' PDFs are not archived here (that takes seconds each, for every test
    that loads the demo): the first download, or a batch export job, renders them.
    """
    with mock.patch("proposals.pdf.archive.schedule_archive"):
        return _load()


def _load() -> Blueprint | None:
    issue = (
        StrategicIssue.objects.filter(plan__organisation__code="chumphon", number=1)
        .select_related("plan")
        .first()
    )
    surat_issue = StrategicIssue.objects.filter(
        plan__organisation__code="suratthani", number=1
    ).first()
    if issue is None or surat_issue is None:
        return None  # the cascade demo is not loaded
    existing = Blueprint.objects.filter(issue=issue, fiscal_year=FISCAL_YEAR).first()
    if existing is not None:
        return existing

    ensure_default_rubric()
    SubmissionDeadline.objects.get_or_create(
        fiscal_year=FISCAL_YEAR,
        defaults={
            "submit_by": datetime.date(2006, 1, 31),
            "note": f"ส่งข้อเสนอการเปลี่ยนแปลงประจำปีงบประมาณ 2549 ({EXAMPLE})",
        },
    )
    User = get_user_model()
    office = User.objects.get(username="chumphon.strategy")
    surat_office = User.objects.get(username="suratthani.strategy")
    reviewer = User.objects.get(username="opdc.reviewer")

    def agencies_of(code):
        agencies = {
            org.code.removeprefix(f"{code}-"): org
            for org in Organisation.objects.filter(code__startswith=f"{code}-")
        }
        # The regional office that certifies GAP in the upper south.
        agencies.update({org.code: org for org in Organisation.objects.filter(code="doa-oard7")})
        return agencies

    chumphon_agencies = agencies_of("chumphon")
    surat_agencies = agencies_of("suratthani")

    # Chumphon: drafted in December 2005, submitted in January 2006.
    with _at(2005, 12, 5):
        chumphon = services.blueprint_create(
            user=office,
            issue=issue,
            fiscal_year=FISCAL_YEAR,
            cluster_reference=f"ข้อเสนอการเปลี่ยนแปลงกลุ่มจังหวัดภาคใต้ตอนบน ปี 2549 ({EXAMPLE})",
        )
        _fill_chumphon(office, chumphon, issue, chumphon_agencies)
    # Workshops and agency inputs in December 2005: no record, no submission.
    load_round_participation(chumphon)
    governor = issue.plan.organisation.governor_name  # the province's record
    with _at(2006, 1, 20):
        _submit(
            office, chumphon, governor, {"document_number": "ชพ ๐๐๑๗/๑๒๓"},
            evidence=lambda bp: attach_evidence(office, bp, governor=governor),
        )  # fmt: skip
    with _at(2006, 1, 27):
        _note(reviewer, chumphon, SectionKey.CHANGES, "ขอให้ระบุตัวชี้วัดที่เชื่อมโยงให้ครบทุกประเด็น")
        _note(
            reviewer,
            chumphon,
            SectionKey.RISKS,
            "ความเสี่ยงด้านภัยธรรมชาติควรมีหน่วยงานรับผิดชอบที่ชัดเจน",
        )
        _score(reviewer, chumphon, [3, 4, 4, 2, 3, 4, 3, 3])
        workflow.blueprint_return(
            user=reviewer,
            blueprint=chumphon,
            reason=(
                "ประเด็นการเปลี่ยนแปลงด้านฐานข้อมูลครัวเรือนยากจนยังไม่เชื่อมโยงกับตัวชี้วัด "
                f"ขอให้ปรับปรุงและส่งใหม่ ({EXAMPLE})"
            ),
        )
    with _at(2006, 2, 10):
        workflow.blueprint_revise(user=office, blueprint=chumphon)
        change = chumphon.change_proposals.order_by("-position").first()
        _update(
            office,
            chumphon,
            "change",
            change,
            {
                "expected_result": (
                    "มีฐานข้อมูลครัวเรือนยากจนชุดเดียวที่ทุกหน่วยงานใช้ร่วมกัน "
                    "และครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์ จปฐ. ลดลงเหลือ 2,800 ครัวเรือนในปี 2549"
                ),
                "indicator": issue.goals.get(number=1).indicators.get(number=2),
            },
        )
        _create(
            office,
            chumphon,
            "risk",
            {
                "description": "ข้อมูลครัวเรือนยากจนของหน่วยงานไม่ตรงกัน",
                "likelihood": Level.MEDIUM,
                "impact": Level.MEDIUM,
                "mitigation": "ใช้ข้อมูล จปฐ. เป็นฐานเดียวและตรวจสอบร่วมกันทุกไตรมาส",
                "owner": chumphon_agencies["community-development"],
            },
        )
        storm = chumphon.risks.get(description__startswith="พายุ")
        _update(
            office,
            chumphon,
            "risk",
            storm,
            {
                "mitigation": (
                    "สำนักงานเกษตรจังหวัดเป็นเจ้าภาพจัดทำแผนเผชิญเหตุร่วมกับอำเภอและองค์กรปกครอง"
                    "ส่วนท้องถิ่น และแจ้งเตือนเกษตรกรผ่านผู้นำชุมชนก่อนฤดูมรสุม"
                ),
            },
        )
    with _at(2006, 2, 13):
        _answer(
            office,
            chumphon,
            SectionKey.CHANGES,
            "เชื่อมโยงประเด็นการเปลี่ยนแปลงด้านฐานข้อมูลครัวเรือนยากจนกับตัวชี้วัดที่ 1.2 "
            "และปรับผลที่คาดว่าจะได้รับให้วัดได้: ครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์ จปฐ. "
            "ลดลงเหลือ 2,800 ครัวเรือนในปี 2549",
        )
        _answer(
            office,
            chumphon,
            SectionKey.RISKS,
            "กำหนดให้สำนักงานเกษตรจังหวัดเป็นเจ้าภาพความเสี่ยงด้านพายุและอุทกภัย พร้อมแผนเผชิญเหตุ"
            "ร่วมกับอำเภอและท้องถิ่น และเพิ่มความเสี่ยงเรื่องข้อมูลครัวเรือนยากจนไม่ตรงกัน "
            "โดยมีสำนักงานพัฒนาชุมชนจังหวัดรับผิดชอบ",
        )
    with _at(2006, 2, 20):
        _submit(
            office,
            chumphon,
            governor,
            {
                "document_number": "ชพ ๐๐๑๗/๒๕๐",
                "reference": "หนังสือสำนักงาน ก.พ.ร. ที่ นร ๑๒๐๐/๔๕ ลงวันที่ ๓๑ มกราคม ๒๕๔๙",
                "enclosures": "สรุปการปรับปรุงตามข้อสังเกตของสำนักงาน ก.พ.ร.",
            },
            evidence=lambda bp: attach_evidence(office, bp, governor=governor, with_workshop=False),
        )

    # Surat Thani: submitted in January, returned in February.
    with _at(2005, 12, 12):
        project = _surat_cascade(surat_issue, surat_agencies)
        surat = services.blueprint_create(user=surat_office, issue=surat_issue, fiscal_year=2549)
        _fill_surat(surat_office, surat, surat_issue, surat_agencies, project)
    load_surat_round_participation(surat)
    with _at(2006, 1, 30):
        _submit(surat_office, surat)
    with _at(2006, 2, 6):
        _note(
            reviewer,
            surat,
            SectionKey.DIAGNOSIS,
            "ควรแสดงข้อมูลปริมาณขยะและน้ำเสียเชิงปริมาณเพื่อกำหนดช่องว่าง",
        )
        _note(
            reviewer,
            surat,
            SectionKey.CHANGES,
            "มีประเด็นการเปลี่ยนแปลงเพียงด้านเดียว ขอให้พิจารณาด้านประสิทธิภาพและขีดสมรรถนะ",
        )
        _score(reviewer, surat, [2, 3, 3, 2, 3, 3, 4, 2])
        workflow.blueprint_return(
            user=reviewer,
            blueprint=surat,
            reason=(
                "การวิเคราะห์ช่องว่างยังขาดข้อมูลเชิงปริมาณ และประเด็นการเปลี่ยนแปลงยังไม่ครอบคลุม "
                f"ขอให้ปรับปรุงตามข้อคิดเห็นรายส่วน ({EXAMPLE})"
            ),
        )
    transaction.on_commit(digest_refresh_all)
    return chumphon
