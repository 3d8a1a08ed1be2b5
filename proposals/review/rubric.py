"""OPDC's scoring rubric: the weighted score and the default rubric.

The weighted score of a submitted version is ``Σ weight·level / Σ weight``, a level
between 1 and 5, scaled to 100 (``× 20``): every criterion at level 5 gives 100, every
criterion at level 1 gives 20. It is final once every criterion of the rubric has a
score; before that the same formula over the scored criteria is shown as provisional.

The default rubric (:data:`DEFAULT_RUBRIC`) follows what a Blueprint for Change must
contain (``shared/DOMAIN.md``): the diagnosis of the gap, alignment to the cascade,
goals/indicators/targets, change proposals, strategic readiness, the action plan and
budget, risks and success factors, and participation. OPDC edits it in the admin.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SCALE = Decimal(100) / Decimal(5)
TWO_PLACES = Decimal("0.01")


def weighted_score(pairs) -> Decimal | None:
    """``Σ weight·level / Σ weight`` scaled to 100, for ``(weight, level)`` pairs.

    ``None`` when there is nothing to score. Rounded half up to two decimals.
    """
    pairs = [(Decimal(weight), Decimal(level)) for weight, level in pairs]
    total_weight = sum((weight for weight, _level in pairs), Decimal(0))
    if not total_weight:
        return None
    weighted = sum((weight * level for weight, level in pairs), Decimal(0))
    return (weighted / total_weight * SCALE).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RubricResult:
    """The score of one submitted version against a rubric."""

    score: Decimal | None  # final: every criterion scored
    provisional: Decimal | None  # over the criteria scored so far
    scored: int
    criteria: int

    @property
    def complete(self) -> bool:
        return self.criteria > 0 and self.scored == self.criteria


def rubric_result(criteria, scores) -> RubricResult:
    """The result for ``scores`` (``Score`` rows) against ``criteria`` (the rubric's).

    A score's own ``weight`` (the criterion's weight when it was given) is used.
    """
    criterion_ids = {criterion.pk for criterion in criteria}
    counted = [score for score in scores if score.criterion_id in criterion_ids]
    provisional = weighted_score((score.weight, score.level) for score in counted)
    complete = bool(criterion_ids) and len(counted) == len(criterion_ids)
    return RubricResult(
        score=provisional if complete else None,
        provisional=provisional,
        scored=len(counted),
        criteria=len(criterion_ids),
    )


# --------------------------------------------------------------------------
# The default rubric
# --------------------------------------------------------------------------

# (section, weight, Thai title, English title, what is judged, five level descriptors)
DEFAULT_CRITERIA = [
    (
        "diagnosis",
        20,
        "การวิเคราะห์สถานการณ์และช่องว่าง",
        "Diagnosis of the gap",
        "สภาพปัจจุบัน สภาพที่พึงประสงค์ ช่องว่าง สาเหตุ และ SWOT มีข้อมูลสนับสนุนและเชื่อมโยงกัน",
        [
            "ไม่ระบุสภาพปัจจุบันหรือสภาพที่พึงประสงค์ ช่องว่างไม่ชัดเจน",
            "ระบุสภาพปัจจุบันและสภาพที่พึงประสงค์ แต่ไม่มีข้อมูลสนับสนุน ช่องว่างกว้างเกินไป",
            "ระบุช่องว่างได้ชัดเจน มีข้อมูลสนับสนุนบางส่วน และวิเคราะห์สาเหตุเบื้องต้น",
            "ช่องว่างชัดเจน มีข้อมูลเชิงปริมาณ วิเคราะห์สาเหตุรากเหง้าและ SWOT ครบถ้วน",
            "การวิเคราะห์ครบถ้วนมีหลักฐานเชิงประจักษ์ และเชื่อมโยงสาเหตุกับข้อเสนอการเปลี่ยนแปลงอย่างเป็นระบบ",
        ],
    ),
    (
        "header",
        15,
        "ความเชื่อมโยงกับยุทธศาสตร์ (การถ่ายทอดยุทธศาสตร์)",
        "Alignment with the cascade",
        "ประเด็นยุทธศาสตร์เชื่อมโยงกับนโยบายรัฐบาล แผนการบริหารราชการแผ่นดิน และข้อเสนอของกลุ่มจังหวัด",
        [
            "ไม่แสดงความเชื่อมโยงกับยุทธศาสตร์ระดับชาติ",
            "ระบุยุทธศาสตร์ระดับชาติ แต่ความเชื่อมโยงไม่ชัดเจน",
            "เชื่อมโยงกับยุทธศาสตร์ระดับชาติได้ชัดเจน แต่ไม่เชื่อมโยงกับกลุ่มจังหวัด",
            "เชื่อมโยงทั้งยุทธศาสตร์ระดับชาติและข้อเสนอของกลุ่มจังหวัด",
            "แสดงการถ่ายทอดยุทธศาสตร์ครบทุกระดับ ตั้งแต่นโยบายรัฐบาลจนถึงโครงการ",
        ],
    ),
    (
        "goals",
        15,
        "เป้าประสงค์ ตัวชี้วัด และค่าเป้าหมาย",
        "Goals, indicators and targets",
        "เป้าประสงค์ครอบคลุมสี่มิติ ตัวชี้วัดวัดผลได้ มีข้อมูลพื้นฐานและค่าเป้าหมายรายปี",
        [
            "ไม่มีตัวชี้วัด หรือตัวชี้วัดวัดผลไม่ได้",
            "มีตัวชี้วัด แต่ขาดข้อมูลพื้นฐานหรือค่าเป้าหมายบางปี",
            "ตัวชี้วัดครบถ้วน มีข้อมูลพื้นฐานและค่าเป้าหมายทุกปี",
            "ตัวชี้วัดครบถ้วน ค่าเป้าหมายท้าทายและสมเหตุสมผล ครอบคลุมหลายมิติ",
            "ตัวชี้วัดครอบคลุมสี่มิติ มีสูตรและแหล่งข้อมูลชัดเจน ค่าเป้าหมายสะท้อนการปิดช่องว่าง",
        ],
    ),
    (
        "changes",
        20,
        "ประเด็นการเปลี่ยนแปลง",
        "Change proposals",
        "การปรับปรุงประสิทธิภาพ การพัฒนาคุณภาพ และการเสริมสร้างขีดสมรรถนะ ที่ปิดช่องว่างได้จริง",
        [
            "ไม่มีประเด็นการเปลี่ยนแปลง หรือไม่เกี่ยวกับช่องว่าง",
            "มีประเด็นการเปลี่ยนแปลง แต่ผลที่คาดว่าจะได้รับไม่ชัดเจน",
            "ประเด็นการเปลี่ยนแปลงปิดช่องว่างได้ มีหน่วยงานรับผิดชอบและระยะเวลา",
            "ครอบคลุมทั้งสามด้าน เชื่อมโยงกับตัวชี้วัด และมีผลที่คาดว่าจะได้รับที่วัดได้",
            "เป็นการเปลี่ยนแปลงเชิงระบบที่สร้างสรรค์ ปิดช่องว่างได้ครบและยั่งยืน",
        ],
    ),
    (
        "readiness",
        10,
        "ความพร้อมเชิงยุทธศาสตร์",
        "Strategic readiness",
        "การประเมินทุนมนุษย์ ทุนสารสนเทศ และทุนองค์การ พร้อมแนวทางพัฒนา",
        [
            "ไม่ประเมินความพร้อม",
            "ประเมินเพียงบางด้าน ไม่มีแนวทางพัฒนา",
            "ประเมินครบสามด้าน มีแนวทางพัฒนาเบื้องต้น",
            "ประเมินครบสามด้าน ระบุช่องว่างและแนวทางพัฒนาที่ชัดเจน",
            "การพัฒนาความพร้อมสอดคล้องกับประเด็นการเปลี่ยนแปลงและมีตัวชี้วัดติดตาม",
        ],
    ),
    (
        "action_plan",
        10,
        "แผนปฏิบัติการและงบประมาณ",
        "Action plan and budget",
        "โครงการ กิจกรรม ระยะเวลา งบประมาณรายปีและแหล่งงบประมาณ หน่วยงานหลักและหน่วยงานสนับสนุน",
        [
            "ไม่มีแผนปฏิบัติการ",
            "มีโครงการ แต่ขาดงบประมาณหรือหน่วยงานรับผิดชอบ",
            "โครงการมีงบประมาณ หน่วยงานรับผิดชอบ และกิจกรรมหลัก",
            "แผนมีกิจกรรม ระยะเวลา จุดตรวจสอบความก้าวหน้า และแหล่งงบประมาณชัดเจน",
            "แผนสมบูรณ์ งบประมาณสมเหตุสมผล บูรณาการหลายหน่วยงานและหลายแหล่งงบประมาณ",
        ],
    ),
    (
        "risks",
        5,
        "ความเสี่ยงและปัจจัยแห่งความสำเร็จ",
        "Risks and key success factors",
        "ความเสี่ยงพร้อมมาตรการลดความเสี่ยง และปัจจัยแห่งความสำเร็จที่สำคัญ",
        [
            "ไม่ระบุความเสี่ยง",
            "ระบุความเสี่ยง แต่ไม่มีมาตรการรองรับ",
            "ระบุความเสี่ยงพร้อมมาตรการ และปัจจัยแห่งความสำเร็จ",
            "ประเมินโอกาสและผลกระทบ มีผู้รับผิดชอบความเสี่ยง",
            "การบริหารความเสี่ยงครบวงจรและเชื่อมโยงกับปัจจัยแห่งความสำเร็จ",
        ],
    ),
    (
        "",
        5,
        "การมีส่วนร่วม",
        "Participation",
        "ส่วนราชการที่เกี่ยวข้องมีส่วนร่วมในการจัดทำ มีการประชุมระดมสมองและนำความเห็นมาปรับปรุง",
        [
            "สำนักงานบริหารยุทธศาสตร์จัดทำฝ่ายเดียว",
            "มีส่วนราชการร่วมให้ข้อมูลบางส่วน",
            "มีการประชุมระดมสมองกับส่วนราชการที่เกี่ยวข้อง",
            "ส่วนราชการร่วมจัดทำในส่วนที่รับผิดชอบและให้ความเห็น",
            "ทุกภาคส่วนมีส่วนร่วมตลอดกระบวนการ และนำความเห็นมาปรับปรุงอย่างเป็นระบบ",
        ],
    ),
]

DEFAULT_RUBRIC = {
    "name": "เกณฑ์การพิจารณาข้อเสนอการเปลี่ยนแปลง (ค่าเริ่มต้น)",
    "name_en": "Blueprint for Change review rubric (default)",
    "description": (
        "เกณฑ์ค่าเริ่มต้นตามองค์ประกอบของข้อเสนอการเปลี่ยนแปลง "
        "สำนักงาน ก.พ.ร. ปรับน้ำหนักและคำอธิบายระดับได้ในหน้าผู้ดูแลระบบ"
    ),
}


def create_default_rubric(Rubric, Criterion, CriterionLevel):
    """Create the default rubric with the given model classes (historical ones in the
    data migration); active unless another rubric already is. Returns it."""
    rubric = Rubric.objects.filter(name=DEFAULT_RUBRIC["name"]).first()
    if rubric is not None:
        return rubric
    rubric = Rubric.objects.create(
        **DEFAULT_RUBRIC, is_active=not Rubric.objects.filter(is_active=True).exists()
    )
    for position, (section, weight, title, title_en, description, levels) in enumerate(
        DEFAULT_CRITERIA, start=1
    ):
        criterion = Criterion.objects.create(
            rubric=rubric,
            position=position,
            section=section,
            weight=weight,
            title=title,
            title_en=title_en,
            description=description,
        )
        CriterionLevel.objects.bulk_create(
            CriterionLevel(criterion=criterion, level=level, descriptor=descriptor)
            for level, descriptor in enumerate(levels, start=1)
        )
    return rubric


def ensure_default_rubric():
    """The default rubric (created if missing) — for tests and the demo."""
    from proposals.review.models import Criterion, CriterionLevel, Rubric

    return create_default_rubric(Rubric, Criterion, CriterionLevel)
