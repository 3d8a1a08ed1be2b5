"""Demo of participation in Chumphon's 2548 Blueprint (example data, ข้อมูลตัวอย่าง).

On top of :func:`proposals.demo.blueprint.load_blueprint_demo` this adds, through the services and
replayed at dates of the story (July 2005 — B.E. 2548, after the 4-year plans of June
2548 and within the fiscal year — when the Blueprint was drafted):

- the participating agencies with their roles and contact people (agriculture leads);
- two past brainstorming workshops at the Strategy Management Office with invitations,
  attendance taken, agenda, minutes and the ideas and comments raised — one idea
  became a risk, another a change proposal;
- the action plan's section also handed to the agriculture office;
- inputs from two agencies: the agriculture office's (accepted and merged) and the
  commerce office's (returned with a reason); the commerce office gets a demo user,
  ``chumphon.commerce``;
- comment threads on the diagnosis, a change proposal and the risks, with mentions,
  replies and a resolved thread.

:func:`load_participation_demo` is idempotent: when the Blueprint already has workshops
nothing is done. It is listed in ``settings.DEMO_LOADERS`` after the Blueprint demo.
"""

import contextlib
import datetime
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from proposals import history, services, workflow
from proposals.models import Blueprint, Revision, Section, SectionStatus
from proposals.participation import comments, inputs, workshops
from proposals.participation.models import (
    ActivityEvent,
    AgencyInput,
    Attendance,
    Comment,
    EmailState,
    Notification,
    Participant,
    ParticipantRole,
    PointKind,
    PromotedTo,
    Workshop,
    WorkshopPoint,
)
from proposals.rows import KINDS, serialize
from strategies.demo.cascade import DEMO_PASSWORD
from strategies.models import Membership, Organisation, Profile, Role, StrategicIssue

EXAMPLE = "ข้อมูลตัวอย่าง"
FISCAL_YEAR = 2548
VENUE = "ห้องประชุมสำนักงานบริหารยุทธศาสตร์ ศาลากลางจังหวัดชุมพร"

COMMERCE_USER = (
    "chumphon.commerce",
    "มาลี",
    "ค้าขายดี",
    "chumphon.commerce@example.go.th",
    "นักวิชาการพาณิชย์",
)

# short code → role, contact name, position, telephone, e-mail
CONTACTS = {
    "agriculture": (
        ParticipantRole.LEAD,
        "นายประเสริฐ สวนมะพร้าว",
        "นักวิชาการส่งเสริมการเกษตร",
        "0 7751 1234",
        "chumphon.agriculture@example.go.th",
    ),
    "commerce": (
        ParticipantRole.SUPPORTING,
        "นางมาลี ค้าขายดี",
        "นักวิชาการพาณิชย์",
        "0 7750 2345",
        "chumphon.commerce@example.go.th",
    ),
    "community-development": (
        ParticipantRole.SUPPORTING,
        "นายสมศักดิ์ รักถิ่น",
        "นักวิชาการพัฒนาชุมชน",
        "0 7751 3456",
        "",
    ),
    "labour": (ParticipantRole.SUPPORTING, "นางสาวจันทร์เพ็ญ ขยันดี", "นักวิชาการแรงงาน", "", ""),
    "tourism": (ParticipantRole.SUPPORTING, "", "", "", ""),
}
# Contacts who agreed to be named to OPDC (PDPA): the others stay with the province.
CONSENTED = {"agriculture", "commerce", "community-development"}


def _at(year, month, day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


DATED = [
    (Revision, "created_at"),
    (ActivityEvent, "created_at"),
    (Comment, "created_at"),
    (AgencyInput, "created_at"),
    (Workshop, "created_at"),
    (WorkshopPoint, "created_at"),
    (Participant, "invited_at"),
]


@contextlib.contextmanager
def _during(moment):
    """Replay steps at a past moment: the services read ``timezone.now``; rows dated by
    their model's default are dated afterwards (a minute apart, in order)."""
    last = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model, _field in DATED}
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment
    for model, field in DATED:
        new = model.objects.filter(pk__gt=last[model]).order_by("pk").values_list("pk", flat=True)
        for index, pk in enumerate(new):
            model.objects.filter(pk=pk).update(
                **{field: moment + datetime.timedelta(minutes=index)}
            )


def _commerce_user(agencies):
    username, first, last, email, position = COMMERCE_USER
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.update_or_create(
        user=user,
        organisation=agencies["commerce"],
        role=Role.CONTRIBUTOR,
        defaults={"position": position},
    )
    Profile.objects.get_or_create(user=user)
    return user


def _participants(office, blueprint, agencies):
    for short, (role, name, position, phone, email) in CONTACTS.items():
        agency = agencies[short]
        values = {
            "role": role,
            "contact_name": name,
            "contact_position": position,
            "contact_phone": phone,
            "contact_email": email,
            "contact_consent": short in CONSENTED,
        }
        participant = Participant.objects.filter(blueprint=blueprint, organisation=agency).first()
        if participant is None:
            inputs.participant_add(user=office, blueprint=blueprint, organisation=agency, **values)
        else:
            inputs.participant_update(user=office, participant=participant, values=values)


FIRST_MINUTES = "\n".join(
    [
        "เปิดประชุมเวลา 09.30 น. โดยหัวหน้าสำนักงานบริหารยุทธศาสตร์เป็นประธาน",
        "",
        "1. ประธานชี้แจงแนวทางการจัดทำข้อเสนอการเปลี่ยนแปลง (Blueprint for Change) "
        "ตามหนังสือสำนักงาน ก.พ.ร. และกำหนดส่งภายในเดือนกันยายน 2548",
        "2. ที่ประชุมร่วมกันวิเคราะห์สภาพปัจจุบันของประเด็นยุทธศาสตร์การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน",
        "3. ที่ประชุมเห็นชอบให้สำนักงานเกษตรจังหวัดเป็นเจ้าภาพหลักในการจัดทำประเด็นการเปลี่ยนแปลง "
        "และสำนักงานพาณิชย์จังหวัดรับผิดชอบการวิเคราะห์ความเสี่ยงด้านการตลาด",
        "",
        "มติที่ประชุม: มอบหมายส่วนราชการจัดทำข้อมูลตามที่ได้รับมอบหมาย และนัดประชุมครั้งต่อไปในเดือนกรกฎาคม 2548",
        "",
        f"ปิดประชุมเวลา 12.15 น. ({EXAMPLE})",
    ]
)

SECOND_MINUTES = "\n".join(
    [
        "เปิดประชุมเวลา 13.30 น.",
        "",
        "1. สำนักงานเกษตรจังหวัดนำเสนอร่างประเด็นการเปลี่ยนแปลงด้านการรับรองมาตรฐาน GAP "
        "ที่ประชุมเสนอให้เพิ่มเป้าหมายจำนวนแปลงที่ผ่านการรับรอง",
        "2. สำนักงานพาณิชย์จังหวัดนำเสนอแนวคิดตลาดกลางผลไม้ และความเสี่ยงด้านราคา",
        "3. ผู้แทนหอการค้าจังหวัดเสนอให้ภาคเอกชนมีส่วนร่วมในการบริหารตลาดกลาง",
        "",
        "มติที่ประชุม: ให้ส่วนราชการส่งข้อมูลเพิ่มเติมผ่านระบบภายในวันที่ 31 กรกฎาคม 2548",
        "",
        f"ปิดประชุมเวลา 16.00 น. ({EXAMPLE})",
    ]
)

A, E, X = Attendance.ATTENDED, Attendance.EXCUSED, Attendance.ABSENT

WORKSHOPS = [
    {
        "values": {
            "title": "ประชุมระดมสมองครั้งที่ 1: วิเคราะห์สภาพปัจจุบันและช่องว่าง",
            "starts_at": _at(2005, 7, 12, 9, 30),
            "ends_at": _at(2005, 7, 12, 12, 15),
            "venue": VENUE,
            "agenda": (
                "1. ชี้แจงแนวทางการจัดทำข้อเสนอการเปลี่ยนแปลง\n"
                "2. วิเคราะห์สภาพปัจจุบัน สภาพที่พึงประสงค์ และช่องว่าง\n"
                "3. มอบหมายส่วนราชการรับผิดชอบแต่ละส่วน"
            ),
            "minutes": FIRST_MINUTES,
        },
        # demo users, and representatives (organisation, name, position, attendance)
        "people": [("office", A), ("agriculture", A), ("commerce", A)],
        "representatives": [
            ("community-development", "นายสมศักดิ์ รักถิ่น", "นักวิชาการพัฒนาชุมชน", A),
            ("labour", "นางสาวจันทร์เพ็ญ ขยันดี", "นักวิชาการแรงงาน", A),
            ("labour", "", "", E),
            ("tourism", "", "", X),
            ("หอการค้าจังหวัดชุมพร", "นายวิชัย ค้าส่ง", "รองประธานหอการค้า", A),
        ],
        "points": [
            (
                PointKind.IDEA,
                "changes",
                "บูรณาการฐานข้อมูลเกษตรกรและครัวเรือนยากจนของทุกหน่วยงานไว้ที่ศาลากลางจังหวัด",
                "สำนักงานพัฒนาชุมชนจังหวัด",
            ),
            (
                PointKind.IDEA,
                "risks",
                "เกษตรกรรายย่อยอาจไม่มีเงินทุนปรับปรุงแปลงให้ได้มาตรฐาน GAP",
                "สำนักงานเกษตรจังหวัด",
            ),
            (
                PointKind.COMMENT,
                "diagnosis",
                "ตัวเลขครัวเรือนยากจนของแต่ละหน่วยงานไม่ตรงกัน ควรใช้ข้อมูล จปฐ. เป็นหลัก",
                "สำนักงานพัฒนาชุมชนจังหวัด",
            ),
        ],
    },
    {
        "values": {
            "title": "ประชุมระดมสมองครั้งที่ 2: ประเด็นการเปลี่ยนแปลงและความเสี่ยง",
            "starts_at": _at(2005, 7, 20, 13, 30),
            "ends_at": _at(2005, 7, 20, 16, 0),
            "venue": VENUE,
            "agenda": (
                "1. รับรองรายงานการประชุมครั้งที่ 1\n"
                "2. พิจารณาร่างประเด็นการเปลี่ยนแปลง\n"
                "3. ความเสี่ยงและปัจจัยความสำเร็จ"
            ),
            "minutes": SECOND_MINUTES,
        },
        "people": [("office", A), ("agriculture", A), ("commerce", E)],
        "representatives": [
            ("commerce", "นายชาญ ตลาดดี", "นักวิชาการพาณิชย์", A),
            ("community-development", "นายสมศักดิ์ รักถิ่น", "นักวิชาการพัฒนาชุมชน", A),
            ("tourism", "นางสาวอรุณี ทะเลสวย", "นักวิชาการท่องเที่ยว", A),
            ("labour", "", "", X),
            ("หอการค้าจังหวัดชุมพร", "นายวิชัย ค้าส่ง", "รองประธานหอการค้า", A),
            ("สภาเกษตรกรจังหวัดชุมพร", "นายบุญมี ทำสวน", "ผู้แทนเกษตรกร", A),
        ],
        "points": [
            (
                PointKind.IDEA,
                "changes",
                "ให้ภาคเอกชนร่วมบริหารตลาดกลางผลไม้ในรูปแบบคณะกรรมการร่วม",
                "หอการค้าจังหวัดชุมพร",
            ),
            (
                PointKind.IDEA,
                "success_factors",
                "จัดเวทีพบปะผู้ส่งออกและเกษตรกรทุกต้นฤดูกาล",
                "สภาเกษตรกรจังหวัดชุมพร",
            ),
            (
                PointKind.COMMENT,
                "action_plan",
                "กิจกรรมก่อสร้างลานประมูลควรเริ่มหลังได้ข้อสรุปเรื่องพื้นที่",
                "สำนักงานพาณิชย์จังหวัด",
            ),
        ],
    },
]


def _workshop(office, blueprint, agencies, people, spec):
    workshop = workshops.workshop_create(user=office, blueprint=blueprint, values=spec["values"])
    for person, attendance in spec["people"]:
        invitee = workshops.workshop_invite(user=office, workshop=workshop, person=people[person])
        workshops.invitee_set_attendance(user=office, invitee=invitee, attendance=attendance)
    for org, name, position, attendance in spec["representatives"]:
        where = {"organisation": agencies[org]} if org in agencies else {"other_organisation": org}
        invitee = workshops.workshop_invite(
            user=office, workshop=workshop, name=name, position=position, **where
        )
        workshops.invitee_set_attendance(user=office, invitee=invitee, attendance=attendance)
    return [
        workshops.point_add(
            user=office,
            workshop=workshop,
            kind=kind,
            section=section,
            text=text,
            raised_by=raised_by,
        )  # fmt: skip
        for kind, section, text, raised_by in spec["points"]
    ]


def _section(blueprint, key):
    return Section.objects.select_related("blueprint", "assignee").get(blueprint=blueprint, key=key)


def _agriculture_input(office, user, blueprint):
    """A change to the first change proposal and a new one: submitted, then accepted."""
    section = _section(blueprint, "changes")
    with _during(_at(2005, 7, 25, 9)):
        draft = inputs.input_start(user=user, section=section)
    change = blueprint.change_proposals.order_by("position").first()
    data, display = serialize(KINDS["change"], change)
    base = dict(display)
    data["expected_result"] = display["expected_result"] = (
        change.expected_result + "\nเกษตรกรที่ผ่านการรับรองขายผลผลิตได้ราคาสูงขึ้นร้อยละ 15"
    )
    inputs.input_item_add(
        user=user, agency_input=draft, kind=KINDS["change"], data=data, display=display,
        target=change, target_version=change.version, base_display=base,
    )  # fmt: skip
    title = "ส่งเสริมการผลิตผลไม้อินทรีย์ในพื้นที่นำร่อง"
    gap = "ยังไม่มีแปลงผลไม้อินทรีย์ที่ได้รับการรับรองในจังหวัด"
    result = "แปลงผลไม้อินทรีย์ได้รับการรับรองอย่างน้อย 50 แปลงในปี 2549"
    inputs.input_item_add(
        user=user,
        agency_input=draft,
        kind=KINDS["change"],
        data={
            "category": "quality",
            "title": title,
            "gap": gap,
            "expected_result": result,
            "indicator_id": None,
            "responsible_agency_id": section.assignee_id,
            "start_year": 2549,
            "end_year": 2550,
        },
        display={
            "category": "การพัฒนาคุณภาพ",
            "title": title,
            "gap": gap,
            "expected_result": result,
            "indicator": "",
            "responsible_agency": section.assignee.name,
            "start_year": "2549",
            "end_year": "2550",
        },
    )
    with _during(_at(2005, 7, 26, 15)):
        inputs.input_submit(
            user=user,
            agency_input=draft,
            note=f"ปรับผลที่คาดว่าจะได้รับตามมติที่ประชุมครั้งที่ 2 และเพิ่มประเด็นเกษตรอินทรีย์ ({EXAMPLE})",
        )
    with _during(_at(2005, 7, 27, 10)):
        inputs.input_accept(
            user=office, agency_input=draft, head=history.latest_number(blueprint, "changes")
        )


def _commerce_input(office, user, blueprint):
    """A new risk without mitigation: submitted, then returned with a reason."""
    section = _section(blueprint, "risks")
    with _during(_at(2005, 7, 26, 9)):
        draft = inputs.input_start(user=user, section=section)
    description = "ผู้ส่งออกรายใหญ่ไม่ซื้อผ่านตลาดกลาง"
    inputs.input_item_add(
        user=user,
        agency_input=draft,
        kind=KINDS["risk"],
        data={
            "description": description,
            "likelihood": "medium",
            "impact": "high",
            "mitigation": "",
            "owner_id": section.assignee_id,
        },
        display={
            "description": description,
            "likelihood": "ปานกลาง",
            "impact": "สูง",
            "mitigation": "",
            "owner": section.assignee.name,
        },
    )
    with _during(_at(2005, 7, 27, 14)):
        inputs.input_submit(user=user, agency_input=draft, note=f"ความเสี่ยงด้านการตลาด ({EXAMPLE})")
    with _during(_at(2005, 7, 28, 9, 30)):
        inputs.input_return(
            user=office,
            agency_input=draft,
            reason=(
                "ยังไม่ได้ระบุแนวทางบริหารความเสี่ยง กรุณาเพิ่มมาตรการรองรับ "
                f"เช่น การทำข้อตกลงกับผู้ส่งออกล่วงหน้า แล้วส่งใหม่ ({EXAMPLE})"
            ),
        )


def _comments(blueprint, people):
    office, agriculture, viewer, commerce = (
        people["office"], people["agriculture"], people["viewer"], people["commerce"]
    )  # fmt: skip
    with _during(_at(2005, 7, 24, 10)):
        thread = comments.comment_post(
            user=office,
            blueprint=blueprint,
            section="diagnosis",
            body=(
                "@chumphon-agriculture ขอตัวเลขพื้นที่ปลูกไม้ผลล่าสุดของปี 2547 "
                f"เพื่อยืนยันตัวเลข 600,000 ไร่ในสภาพปัจจุบันด้วยครับ ({EXAMPLE})"
            ),
        )
    with _during(_at(2005, 7, 24, 14, 20)):
        comments.comment_post(
            user=agriculture,
            blueprint=blueprint,
            parent=thread,
            body="ตัวเลขปี 2547 คือ 612,450 ไร่ ตามรายงานของสำนักงานเกษตรจังหวัด ใช้ตัวเลขเดิมได้ครับ",
        )
    with _during(_at(2005, 7, 24, 16)):
        comments.comment_set_resolved(user=office, comment=thread, resolved=True)
    change = blueprint.change_proposals.order_by("position").first()
    with _during(_at(2005, 7, 25, 11)):
        comments.comment_post(
            user=viewer,
            blueprint=blueprint,
            section="changes",
            row_kind="change",
            row=change,
            body=(
                "ระยะเวลา 45 วันเป็นไปได้จริงหรือไม่ ถ้ามีผู้ตรวจประเมินเพิ่มเพียง 8 คน "
                f"@chumphon.strategy ช่วยตรวจสอบด้วยค่ะ ({EXAMPLE})"
            ),
        )
    risk = blueprint.risks.filter(mitigation="").order_by("position").first()
    with _during(_at(2005, 7, 25, 15)):
        risk_thread = comments.comment_post(
            user=commerce,
            blueprint=blueprint,
            section="risks",
            row_kind="risk",
            row=risk,
            body=f"ความเสี่ยงข้อนี้ยังไม่มีมาตรการรองรับ สำนักงานพาณิชย์จะเสนอเพิ่มเติม ({EXAMPLE})",
        )
    with _during(_at(2005, 7, 25, 16, 40)):
        comments.comment_post(
            user=office,
            blueprint=blueprint,
            parent=risk_thread,
            body="@chumphon.commerce ขอบคุณครับ กรุณาส่งผ่านข้อเสนอของหน่วยงานภายในสิ้นเดือนนี้",
        )


@transaction.atomic
def load_participation_demo() -> Blueprint | None:
    """Add the participation record to Chumphon's demo Blueprint unless it is there."""
    issue = (
        StrategicIssue.objects.filter(plan__organisation__code="chumphon", number=1)
        .order_by("plan__start_year")
        .first()
    )
    blueprint = (
        Blueprint.objects.filter(issue=issue, fiscal_year=FISCAL_YEAR).first() if issue else None
    )
    if blueprint is None:
        return None  # the Blueprint demo is not loaded
    if Workshop.objects.filter(blueprint=blueprint).exists():
        return blueprint
    User = get_user_model()
    agencies = {
        org.code.removeprefix("chumphon-"): org
        for org in Organisation.objects.filter(code__startswith="chumphon-")
    }
    people = {
        "office": User.objects.get(username="chumphon.strategy"),
        "agriculture": User.objects.get(username="chumphon.agriculture"),
        "viewer": User.objects.get(username="chumphon.viewer"),
        "commerce": _commerce_user(agencies),
    }
    office = people["office"]
    last_notification = Notification.objects.aggregate(m=Max("pk"))["m"] or 0

    # What the Blueprint demo did before (assigning sections invited three agencies)
    # happened when it was drafted, in July 2005.
    for index, pk in enumerate(
        ActivityEvent.objects.filter(blueprint=blueprint)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        ActivityEvent.objects.filter(pk=pk).update(
            created_at=blueprint.created_at + datetime.timedelta(hours=3, minutes=index)
        )
    opened = blueprint.transitions.order_by("created_at").values_list("created_at", flat=True)
    for notification in Notification.objects.filter(blueprint=blueprint):
        when = (
            opened.first()
            if notification.kind == "state_changed" and opened.exists()
            else blueprint.created_at + datetime.timedelta(hours=3)
        )
        Notification.objects.filter(pk=notification.pk).update(created_at=when)
    with _during(_at(2005, 7, 10, 14)):
        _participants(office, blueprint, agencies)
    points = []
    for spec in WORKSHOPS:
        with _during(spec["values"]["starts_at"] + datetime.timedelta(hours=4)):
            points.append(_workshop(office, blueprint, agencies, people, spec))
    # One idea of each workshop became a row of the Blueprint.
    with _during(_at(2005, 7, 13, 14)):
        workshops.point_promote(user=office, point=points[0][1], to=PromotedTo.RISK)
    with _during(_at(2005, 7, 21, 10)):
        workshops.point_promote(
            user=office, point=points[1][0], to=PromotedTo.CHANGE, category="quality"
        )
    # The agriculture office is also given the activities of the action plan.
    with _during(_at(2005, 7, 21, 11)):
        section = _section(blueprint, "action_plan")
        workflow.section_assign(
            user=office, section=section, assignee=agencies["agriculture"],
            due_date=datetime.date(2005, 8, 10), status=SectionStatus.IN_PROGRESS,
            instructions=f"กรุณาทบทวนกิจกรรมและช่วงเวลาของโครงการด้านการเกษตร ({EXAMPLE})",
            version=section.version,
        )  # fmt: skip
    _comments(blueprint, people)
    _agriculture_input(office, people["agriculture"], blueprint)
    _commerce_input(office, people["commerce"], blueprint)
    # A story set in 2005: its notifications are shown in the app, never e-mailed.
    Notification.objects.filter(pk__gt=last_notification).update(
        email_state=EmailState.SKIPPED, email_error="demo"
    )
    blueprint.refresh_from_db()
    return blueprint


# --------------------------------------------------------------------------
# The 2549 round: the participation behind Chumphon's and Surat Thani's submissions
# --------------------------------------------------------------------------

ROUND_FIRST_MINUTES = "\n".join(
    [
        "เปิดประชุมเวลา 09.30 น. โดยหัวหน้าสำนักงานบริหารยุทธศาสตร์เป็นประธาน",
        "",
        "1. ประธานแจ้งกำหนดส่งข้อเสนอการเปลี่ยนแปลงประจำปีงบประมาณ 2549 "
        "ต่อสำนักงาน ก.พ.ร. ภายในวันที่ 31 มกราคม 2549",
        "2. ที่ประชุมทบทวนผลการดำเนินงานปี 2548 และยืนยันช่องว่างด้านมาตรฐาน GAP ตลาดกลางผลไม้ "
        "และฐานข้อมูลครัวเรือนยากจน",
        "3. ที่ประชุมเสนอให้จัดทำทะเบียนแปลงและระบบตรวจสอบย้อนกลับผลผลิตเพื่อการส่งออก",
        "",
        "มติที่ประชุม: มอบสำนักงานเกษตรจังหวัดปรับปรุงประเด็นการเปลี่ยนแปลง "
        "และสำนักงานพาณิชย์จังหวัดเสนอความเสี่ยงด้านการตลาด ภายในวันที่ 20 ธันวาคม 2548",
        "",
        f"ปิดประชุมเวลา 12.00 น. ({EXAMPLE})",
    ]
)

ROUND_SECOND_MINUTES = "\n".join(
    [
        "เปิดประชุมเวลา 13.30 น.",
        "",
        "1. ที่ประชุมรับรองรายงานการประชุมครั้งที่ 1",
        "2. สำนักงานพาณิชย์จังหวัดนำเสนอความเสี่ยงที่ผู้ส่งออกรายใหญ่ไม่ซื้อผ่านตลาดกลาง",
        "3. ผู้แทนหอการค้าจังหวัดเสนอขยายตลาดกลางไปยังอำเภอหลังสวน ที่ประชุมเห็นควรพิจารณาในปีงบประมาณถัดไป",
        "",
        "มติที่ประชุม: เห็นชอบร่างข้อเสนอการเปลี่ยนแปลงในหลักการ "
        "ให้สำนักงานบริหารยุทธศาสตร์เสนอผู้ว่าราชการจังหวัดพิจารณาให้ความเห็นชอบ",
        "",
        f"ปิดประชุมเวลา 16.00 น. ({EXAMPLE})",
    ]
)

ROUND_WORKSHOPS = [
    {
        "values": {
            "title": "ประชุมระดมสมองครั้งที่ 1: ทบทวนผลปี 2548 และช่องว่าง",
            "starts_at": _at(2005, 12, 7, 9, 30),
            "ends_at": _at(2005, 12, 7, 12, 0),
            "venue": VENUE,
            "agenda": (
                "1. กำหนดการจัดทำข้อเสนอการเปลี่ยนแปลงประจำปีงบประมาณ 2549\n"
                "2. ทบทวนผลการดำเนินงานปี 2548 และช่องว่าง\n"
                "3. มอบหมายส่วนราชการรับผิดชอบแต่ละส่วน"
            ),
            "minutes": ROUND_FIRST_MINUTES,
        },
        "people": [("office", A), ("agriculture", A), ("commerce", A)],
        "representatives": [
            ("community-development", "นายสมศักดิ์ รักถิ่น", "นักวิชาการพัฒนาชุมชน", A),
            ("labour", "นางสาวจันทร์เพ็ญ ขยันดี", "นักวิชาการแรงงาน", A),
            ("tourism", "", "", E),
            ("หอการค้าจังหวัดชุมพร", "นายวิชัย ค้าส่ง", "รองประธานหอการค้า", A),
        ],
        "points": [
            (
                PointKind.IDEA,
                "changes",
                "จัดทำทะเบียนแปลงและระบบตรวจสอบย้อนกลับผลผลิตผลไม้ส่งออก",
                "สำนักงานเกษตรจังหวัด",
            ),
            (
                PointKind.COMMENT,
                "diagnosis",
                "ควรใช้ข้อมูล จปฐ. ปี 2548 เป็นฐานของตัวเลขครัวเรือนยากจน",
                "สำนักงานพัฒนาชุมชนจังหวัด",
            ),
        ],
    },
    {
        "values": {
            "title": "ประชุมระดมสมองครั้งที่ 2: ความเสี่ยงและร่างข้อเสนอ",
            "starts_at": _at(2005, 12, 14, 13, 30),
            "ends_at": _at(2005, 12, 14, 16, 0),
            "venue": VENUE,
            "agenda": (
                "1. รับรองรายงานการประชุมครั้งที่ 1\n"
                "2. ความเสี่ยงด้านการตลาด\n"
                "3. พิจารณาร่างข้อเสนอการเปลี่ยนแปลง"
            ),
            "minutes": ROUND_SECOND_MINUTES,
        },
        "people": [("office", A), ("agriculture", A), ("commerce", A)],
        "representatives": [
            ("community-development", "นายสมศักดิ์ รักถิ่น", "นักวิชาการพัฒนาชุมชน", A),
            ("tourism", "นางสาวอรุณี ทะเลสวย", "นักวิชาการท่องเที่ยว", A),
            ("labour", "", "", X),
            ("หอการค้าจังหวัดชุมพร", "นายวิชัย ค้าส่ง", "รองประธานหอการค้า", A),
            ("สภาเกษตรกรจังหวัดชุมพร", "นายบุญมี ทำสวน", "ผู้แทนเกษตรกร", A),
        ],
        "points": [
            (
                PointKind.IDEA,
                "risks",
                "ผู้ส่งออกรายใหญ่อาจไม่ซื้อผลไม้ผ่านตลาดกลาง ทำให้ราคาไม่เป็นไปตามเป้าหมาย",
                "สำนักงานพาณิชย์จังหวัด",
            ),
            (
                PointKind.IDEA,
                "changes",
                "ขยายตลาดกลางผลไม้ไปยังอำเภอหลังสวน",
                "หอการค้าจังหวัดชุมพร",
            ),
        ],
    },
]


def _row_update(user, blueprint, kind, obj, values):
    obj.refresh_from_db()
    return services.row_update(
        user=user, blueprint=blueprint, kind=KINDS[kind], obj=obj, values=values,
        version=obj.version,
    )  # fmt: skip


def _round_inputs(office, people, blueprint, agencies):
    """The agriculture office's input accepted; the commerce office's returned, after which
    the strategy office takes the risks section as it stands."""
    agriculture, commerce = people["agriculture"], people["commerce"]
    with _during(_at(2005, 12, 8, 10)):
        for key, agency, due in (
            ("changes", "agriculture", datetime.date(2005, 12, 16)),
            ("risks", "commerce", datetime.date(2005, 12, 20)),
        ):
            section = _section(blueprint, key)
            workflow.section_assign(
                user=office, section=section, assignee=agencies[agency], due_date=due,
                status=SectionStatus.IN_PROGRESS, version=section.version,
                instructions=f"ตามมติที่ประชุมระดมสมองครั้งที่ 1 ({EXAMPLE})",
            )  # fmt: skip
    section = _section(blueprint, "changes")
    with _during(_at(2005, 12, 15, 9)):
        draft = inputs.input_start(user=agriculture, section=section)
        change = blueprint.change_proposals.order_by("position").first()
        data, display = serialize(KINDS["change"], change)
        base = dict(display)
        data["expected_result"] = display["expected_result"] = (
            change.expected_result + "\nเกษตรกรที่ผ่านการรับรองขายผลผลิตได้ราคาสูงขึ้นร้อยละ 15"
        )
        inputs.input_item_add(
            user=agriculture, agency_input=draft, kind=KINDS["change"], data=data,
            display=display, target=change, target_version=change.version, base_display=base,
        )  # fmt: skip
        inputs.input_submit(
            user=agriculture, agency_input=draft,
            note=f"ปรับผลที่คาดว่าจะได้รับตามมติที่ประชุมครั้งที่ 1 ({EXAMPLE})",
        )  # fmt: skip
    with _during(_at(2005, 12, 16, 10)):
        inputs.input_accept(
            user=office, agency_input=draft, head=history.latest_number(blueprint, "changes")
        )
    section = _section(blueprint, "risks")
    with _during(_at(2005, 12, 19, 9)):
        draft = inputs.input_start(user=commerce, section=section)
        description = "ราคาผลไม้ส่งออกผันผวนตามค่าเงินบาท"
        inputs.input_item_add(
            user=commerce, agency_input=draft, kind=KINDS["risk"],
            data={"description": description, "likelihood": "medium", "impact": "medium",
                  "mitigation": "", "owner_id": section.assignee_id},
            display={"description": description, "likelihood": "ปานกลาง", "impact": "ปานกลาง",
                     "mitigation": "", "owner": section.assignee.name},
        )  # fmt: skip
        inputs.input_submit(user=commerce, agency_input=draft, note=f"({EXAMPLE})")
    with _during(_at(2005, 12, 20, 9, 30)):
        inputs.input_return(
            user=office,
            agency_input=draft,
            reason=(
                "ความเสี่ยงนี้อยู่นอกอำนาจของจังหวัดและยังไม่มีแนวทางบริหารความเสี่ยง "
                f"ที่ประชุมเห็นควรไม่นำเข้าข้อเสนอปีนี้ ({EXAMPLE})"
            ),
        )
    with _during(_at(2005, 12, 21, 9)):
        workflow.section_set_status(
            user=office, section=_section(blueprint, "risks"), status=SectionStatus.ACCEPTED
        )


@transaction.atomic
def load_round_participation(blueprint) -> Blueprint:
    """The participation behind Chumphon's 2549 Blueprint, in December 2005 (fiscal year
    2549, after the 4-year plans of June 2548 and before the submission of January 2006):
    the agencies and their contacts, two workshops with attendance, minutes and ideas
    (one became a change proposal, one a risk, one was left for a later year), an input
    accepted and one returned. Called by :mod:`proposals.demo.review` before submitting."""
    User = get_user_model()
    agencies = {
        org.code.removeprefix("chumphon-"): org
        for org in Organisation.objects.filter(code__startswith="chumphon-")
    }
    people = {
        "office": User.objects.get(username="chumphon.strategy"),
        "agriculture": User.objects.get(username="chumphon.agriculture"),
        "commerce": _commerce_user(agencies),
    }
    office = people["office"]
    with _during(_at(2005, 12, 6, 14)):
        _participants(office, blueprint, agencies)
    points = []
    for spec in ROUND_WORKSHOPS:
        with _during(spec["values"]["starts_at"] + datetime.timedelta(hours=4)):
            points.append(_workshop(office, blueprint, agencies, people, spec))
    with _during(_at(2005, 12, 8, 9)):
        change = workshops.point_promote(
            user=office, point=points[0][0], to=PromotedTo.CHANGE, category="quality"
        )
        _row_update(office, blueprint, "change", change, {
            "expected_result": "ผลไม้ส่งออกทุกล็อตตรวจสอบย้อนกลับถึงแปลงได้ภายในปี 2550",
            "responsible_agency": agencies["agriculture"],
            "start_year": 2549,
            "end_year": 2550,
        })  # fmt: skip
    with _during(_at(2005, 12, 15, 14)):
        risk = workshops.point_promote(user=office, point=points[1][0], to=PromotedTo.RISK)
        _row_update(office, blueprint, "risk", risk, {
            "mitigation": "ทำข้อตกลงซื้อขายล่วงหน้ากับผู้ส่งออกรายใหญ่ก่อนฤดูกาลผลิต",
            "owner": agencies["commerce"],
        })  # fmt: skip
    _round_inputs(office, people, blueprint, agencies)
    Notification.objects.filter(blueprint=blueprint).update(
        email_state=EmailState.SKIPPED, email_error="demo"
    )
    return blueprint


@transaction.atomic
def load_surat_round_participation(blueprint) -> Blueprint:
    """Surat Thani's 2549 record: two agencies and one workshop in December 2005."""
    office = get_user_model().objects.get(username="suratthani.strategy")
    agencies = {
        org.code.removeprefix("suratthani-"): org
        for org in Organisation.objects.filter(code__startswith="suratthani-")
    }
    with _during(_at(2005, 12, 13, 10)):
        inputs.participant_add(
            user=office, blueprint=blueprint, organisation=agencies["tourism"],
            role=ParticipantRole.LEAD, contact_name="นางสาวสุดา เกาะงาม",
            contact_position="นักวิชาการท่องเที่ยว", contact_consent=True,
        )  # fmt: skip
        inputs.participant_add(
            user=office, blueprint=blueprint, organisation=agencies["commerce"],
            role=ParticipantRole.SUPPORTING,
        )  # fmt: skip
    spec = {
        "values": {
            "title": "ประชุมระดมสมอง: แหล่งท่องเที่ยวทางทะเลได้มาตรฐาน",
            "starts_at": _at(2005, 12, 15, 9, 30),
            "ends_at": _at(2005, 12, 15, 12, 0),
            "venue": "ห้องประชุมสำนักงานบริหารยุทธศาสตร์ ศาลากลางจังหวัดสุราษฎร์ธานี",
            "agenda": "1. ช่องว่างด้านมาตรฐานแหล่งท่องเที่ยว\n2. ประเด็นการเปลี่ยนแปลง",
            "minutes": (
                "ที่ประชุมเห็นชอบให้ยกระดับมาตรฐานแหล่งท่องเที่ยวเกาะสมุยและเกาะพะงันเป็นประเด็นหลัก "
                f"และให้ผู้ประกอบการร่วมจัดการขยะ ({EXAMPLE})"
            ),
        },
        "people": [],
        "representatives": [
            ("tourism", "นางสาวสุดา เกาะงาม", "นักวิชาการท่องเที่ยว", A),
            ("commerce", "", "", A),
            ("สมาคมธุรกิจท่องเที่ยวเกาะสมุย", "", "", A),
        ],
        "points": [
            (PointKind.IDEA, "changes", "ผู้ประกอบการร่วมจัดการขยะบนเกาะ", "สมาคมธุรกิจท่องเที่ยว"),
        ],
    }
    with _during(spec["values"]["starts_at"] + datetime.timedelta(hours=4)):
        _workshop(office, blueprint, agencies, {}, spec)
    Notification.objects.filter(blueprint=blueprint).update(
        email_state=EmailState.SKIPPED, email_error="demo"
    )
    return blueprint
