"""The snapshot is schema version 1, key by key and value by value (proposals/snapshot.py).

OPDC's exports, the submission PDF and every reader of an old submission read these keys:
a key renamed, a value dropped or a list in another order is a break of the schema, not a
detail. The Blueprint here fills every field the schema has (none left at its default, the
lists in an order different from the order they were written in), and the expected document
is written out in full from the rows — not from the code that builds the snapshot.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from proposals import selectors, snapshot
from proposals.models import Blueprint, Capital, ChangeCategory, Level, Section
from strategies.models import BudgetSource, Membership, OrganisationKind
from tests import factories
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db

CORE_KEYS = [
    "schema_version",
    "blueprint",
    "plan",
    "issue",
    "alignment",
    "sections",
    "goals",
    "diagnosis",
    "change_proposals",
    "readiness",
    "action_plan",
    "risks",
    "success_factors",
]  # fmt: skip  (the rest are the features' parts: proposals.contributions)


def org(organisation):
    return {
        "id": organisation.pk,
        "code": organisation.code,
        "name": organisation.name,
        "name_en": organisation.name_en,
    }


@pytest.fixture
def everything(world, chain, blueprint):
    """Every field of the schema filled, with values no default could give."""
    cluster = factories.OrganisationFactory(
        kind=OrganisationKind.CLUSTER, code="gulf", name="กลุ่มจังหวัดภาคใต้ฝั่งอ่าวไทย",
        name_en="Southern Gulf cluster",
    )  # fmt: skip
    Blueprint.objects.filter(pk=blueprint.pk).update(
        cluster=cluster,
        cluster_reference="บันทึกกลุ่มจังหวัด ที่ 7/2548",
        cluster_url="https://gulf.example.go.th/blueprint",
        approver_name="นายวีระ ศรีวัฒนตระกูล",
        approver_position="ผู้ว่าราชการจังหวัดชุมพร",
        approved_on=datetime.date(2005, 8, 1),
        created_at=timezone.make_aware(datetime.datetime(2005, 6, 1, 8, 15)),
    )
    plan = world.plan
    plan.vision = "ชุมพรเมืองเกษตรปลอดภัย"
    plan.missions = "พัฒนาการผลิต\n\nส่งเสริมการตลาด\n"
    plan.save()
    issue = chain["issue"]
    issue.description = "รายได้เกษตรกรต่ำกว่าค่าเฉลี่ยของภาค"
    issue.save()
    first, second = factories.PolicyHeadingFactory.create_batch(2)
    world.national_strategy.policy_headings.add(second, first)
    Section.objects.filter(blueprint=blueprint).update(status="not_started")
    Section.objects.filter(blueprint=blueprint, key="goals").update(status="accepted")
    Section.objects.filter(blueprint=blueprint, key="risks").update(
        assignee=world.agency, due_date=datetime.date(2005, 7, 15), status="submitted"
    )
    indicator, project = chain["indicator"], chain["project"]
    indicator.formula = "(รายได้ปีนี้ − รายได้ปีก่อน) × 100 ÷ รายได้ปีก่อน"
    indicator.data_source = "สำนักงานเศรษฐกิจการเกษตร"
    indicator.weight = Decimal("0.40")
    indicator.save()
    project.objective = "เพิ่มมูลค่าผลไม้ส่งออก"
    project.save()
    helpers = [
        factories.LineAgencyFactory(province=world.province, code="z-first", name="สำนักงานพาณิชย์"),
        factories.LineAgencyFactory(province=world.province, code="a-second", name="สำนักงานขนส่ง"),
    ]  # fmt: skip
    project.supporting_agencies.add(*helpers)  # by name: ขนส่ง before พาณิชย์
    factories.ProjectBudgetFactory(
        project=project, fiscal_year=2549, source=BudgetSource.LOCAL, amount=Decimal("250000.50")
    )
    diagnosis = blueprint.diagnosis
    for name in ["current_situation", "desired_state", "gap", "root_causes", "strengths",
                 "weaknesses", "opportunities", "threats"]:  # fmt: skip
        setattr(diagnosis, name, f"{name}: บรรทัดแรก\nบรรทัดที่สอง")
    diagnosis.save()
    change = bp_factories.ChangeProposalFactory(
        blueprint=blueprint, category=ChangeCategory.QUALITY, indicator=indicator,
        responsible_agency=world.agency, start_year=2548, end_year=2550, position=1,
    )  # fmt: skip
    # Written in another order than the document's: capital, then position, then id.
    organisation_item = bp_factories.ReadinessItemFactory(
        blueprint=blueprint, capital=Capital.ORGANISATION, position=1, requirement="โครงสร้าง"
    )
    human_late = bp_factories.ReadinessItemFactory(
        blueprint=blueprint, capital=Capital.HUMAN, position=2, requirement="ผู้ตรวจ"
    )
    human_first = bp_factories.ReadinessItemFactory(
        blueprint=blueprint, capital=Capital.HUMAN, position=1, requirement="นักส่งเสริม"
    )
    activity = bp_factories.ActivityFactory(
        blueprint=blueprint, project=project, responsible_agency=helpers[0], position=1
    )
    milestone = bp_factories.MilestoneFactory(
        blueprint=blueprint, project=project, indicator=indicator, value=Decimal("1.75"),
        position=1,
    )  # fmt: skip
    risk = bp_factories.RiskFactory(
        blueprint=blueprint, likelihood=Level.HIGH, impact=Level.LOW, owner=world.agency,
        position=1,
    )  # fmt: skip
    factor = bp_factories.SuccessFactorFactory(blueprint=blueprint, position=1, text="ผู้นำ")
    # The submitter holds a position in the province, and another one elsewhere.
    Membership.objects.filter(user=world.editor, organisation=world.province).update(
        position="นักวิเคราะห์นโยบายและแผนชำนาญการ"
    )
    factories.MembershipFactory(
        user=world.editor, organisation=world.other_province, position="ตำแหน่งที่อื่น"
    )
    world.editor.first_name, world.editor.last_name = "สมศรี", "มีสุข"
    world.editor.save()
    blueprint.refresh_from_db()
    return {
        "blueprint": blueprint, "cluster": cluster, "headings": (first, second),
        "helpers": helpers, "change": change,
        "readiness": [human_first, human_late, organisation_item], "activity": activity,
        "milestone": milestone, "risk": risk, "factor": factor,
    }  # fmt: skip


def build(blueprint, **kwargs):
    with translation.override("en"):  # whoever submits, the labels are Thai
        return snapshot.build(selectors.load_document(blueprint), **kwargs)


def test_the_snapshot_holds_every_field_of_the_schema(world, chain, everything):
    blueprint = everything["blueprint"]
    submitted_at = timezone.make_aware(datetime.datetime(2005, 8, 2, 14, 0))
    data = build(blueprint, submitted_by=world.editor, submitted_at=submitted_at)
    issue, goal, indicator = chain["issue"], chain["goal"], chain["indicator"]
    project, strategy = chain["project"], chain["strategy"]
    budgets = list(project.budgets.order_by("fiscal_year"))
    first, second = everything["headings"]
    helpers = everything["helpers"]
    change, risk = everything["change"], everything["risk"]
    activity, milestone = everything["activity"], everything["milestone"]
    agency = org(world.agency)
    sections = [
        ("goals", "เป้าประสงค์ ตัวชี้วัด และค่าเป้าหมาย"),
        ("diagnosis", "การวิเคราะห์สถานการณ์"),
        ("changes", "ประเด็นการเปลี่ยนแปลง"),
        ("readiness", "ความพร้อมเชิงยุทธศาสตร์"),
        ("action_plan", "แผนปฏิบัติการ"),
        ("risks", "ความเสี่ยงและการบริหารความเสี่ยง"),
        ("success_factors", "ปัจจัยแห่งความสำเร็จ"),
    ]
    capital_labels = {"human": "ทุนมนุษย์", "organisation": "ทุนองค์การ"}
    expected = {
        "schema_version": 1,
        "blueprint": {
            "id": blueprint.pk,
            "title": blueprint.title,
            "edition": 1,
            "status": {"code": "draft", "label": "ร่าง"},
            "fiscal_year": 2548,
            "province": org(world.province),
            "cluster": org(everything["cluster"]),
            "cluster_reference": "บันทึกกลุ่มจังหวัด ที่ 7/2548",
            "cluster_url": "https://gulf.example.go.th/blueprint",
            "approver": {
                "name": "นายวีระ ศรีวัฒนตระกูล",
                "position": "ผู้ว่าราชการจังหวัดชุมพร",
                "approved_on": "2005-08-01",
            },
            "submitted_at": "2005-08-02T14:00:00+07:00",
            "submitted_by": {
                "username": "editor",
                "full_name": "สมศรี มีสุข",
                "position": "นักวิเคราะห์นโยบายและแผนชำนาญการ",
            },
            "created_at": "2005-06-01T08:15:00+07:00",
        },
        "plan": {
            "id": world.plan.pk,
            "title": world.plan.title,
            "start_year": 2548,
            "end_year": 2551,
            "years": [2548, 2549, 2550, 2551],
            "vision": "ชุมพรเมืองเกษตรปลอดภัย",
            "missions": ["พัฒนาการผลิต", "ส่งเสริมการตลาด"],
            "organisation": org(world.province),
            "administration_plan": {
                "id": world.admin_plan.pk,
                "title": world.admin_plan.title,
                "start_year": 2548,
                "end_year": 2551,
            },
        },
        "issue": {
            "id": issue.pk,
            "number": 1,
            "title": issue.title,
            "description": "รายได้เกษตรกรต่ำกว่าค่าเฉลี่ยของภาค",
        },
        "alignment": {
            "national_strategies": [
                {
                    "id": world.national_strategy.pk,
                    "number": world.national_strategy.number,
                    "title": world.national_strategy.title,
                    "plan_title": world.admin_plan.title,
                    "policy_headings": [
                        {"number": first.number, "title": first.title},
                        {"number": second.number, "title": second.title},
                    ],
                }
            ]
        },
        "sections": [
            {
                "key": key,
                "label": label,
                "assignee": agency if key == "risks" else None,
                "due_date": "2005-07-15" if key == "risks" else None,
                "status": {
                    "goals": {"code": "accepted", "label": "รับแล้ว"},
                    "risks": {"code": "submitted", "label": "ส่งให้รวบรวมแล้ว"},
                }.get(key, {"code": "not_started", "label": "ยังไม่เริ่ม"}),
            }
            for key, label in sections
        ],
        "goals": [
            {
                "id": goal.pk,
                "number": 1,
                "title": goal.title,
                "perspective": {"code": "effectiveness", "label": "ประสิทธิผล"},
                "indicators": [
                    {
                        "id": indicator.pk,
                        "number": 1,
                        "name": indicator.name,
                        "unit": indicator.unit,
                        "formula": "(รายได้ปีนี้ − รายได้ปีก่อน) × 100 ÷ รายได้ปีก่อน",
                        "data_source": "สำนักงานเศรษฐกิจการเกษตร",
                        "baseline": str(indicator.baseline),
                        "baseline_year": indicator.baseline_year,
                        "weight": "0.40",
                        "owner": agency,
                        "targets": [
                            {"fiscal_year": target.fiscal_year, "value": str(target.value)}
                            for target in indicator.targets.order_by("fiscal_year")
                        ],
                    }
                ],
            }
        ],
        "diagnosis": {
            "current_situation": "current_situation: บรรทัดแรก\nบรรทัดที่สอง",
            "desired_state": "desired_state: บรรทัดแรก\nบรรทัดที่สอง",
            "gap": "gap: บรรทัดแรก\nบรรทัดที่สอง",
            "root_causes": "root_causes: บรรทัดแรก\nบรรทัดที่สอง",
            "swot": {
                "strengths": "strengths: บรรทัดแรก\nบรรทัดที่สอง",
                "weaknesses": "weaknesses: บรรทัดแรก\nบรรทัดที่สอง",
                "opportunities": "opportunities: บรรทัดแรก\nบรรทัดที่สอง",
                "threats": "threats: บรรทัดแรก\nบรรทัดที่สอง",
            },
        },
        "change_proposals": [
            {
                "id": change.pk,
                "position": 1,
                "category": {"code": "quality", "label": "การพัฒนาคุณภาพ"},
                "title": change.title,
                "gap": change.gap,
                "expected_result": change.expected_result,
                "indicator": {
                    "id": indicator.pk,
                    "number": 1,
                    "goal_number": 1,
                    "name": indicator.name,
                },
                "responsible_agency": agency,
                "start_year": 2548,
                "end_year": 2550,
            }
        ],
        "readiness": [
            {
                "id": item.pk,
                "position": item.position,
                "capital": {"code": item.capital, "label": capital_labels[item.capital]},
                "requirement": item.requirement,
                "current_level": item.current_level,
                "gap": item.gap,
                "action": item.action,
            }
            for item in everything["readiness"]
        ],
        "action_plan": {
            "projects": [
                {
                    "id": project.pk,
                    "strategy": {"id": strategy.pk, "number": 1, "title": strategy.title},
                    "number": 1,
                    "title": project.title,
                    "objective": "เพิ่มมูลค่าผลไม้ส่งออก",
                    "lead_agency": agency,
                    "supporting_agencies": [org(helpers[1]), org(helpers[0])],
                    "budgets": [
                        {
                            "fiscal_year": 2548,
                            "source": {"code": "regular", "label": "งบประมาณปกติ (งบกระทรวง/กรม)"},
                            "amount": str(budgets[0].amount),
                        },
                        {
                            "fiscal_year": 2549,
                            "source": {"code": "local", "label": "องค์กรปกครองส่วนท้องถิ่น"},
                            "amount": "250000.50",
                        },
                    ],
                    "budget_total": str(budgets[0].amount + Decimal("250000.50")),
                    "activities": [
                        {
                            "id": activity.pk,
                            "position": 1,
                            "title": activity.title,
                            "start_date": "2004-11-01",
                            "end_date": "2005-03-31",
                            "responsible_agency": org(helpers[0]),
                        }
                    ],
                    "milestones": [
                        {
                            "id": milestone.pk,
                            "position": 1,
                            "title": milestone.title,
                            "due_date": "2005-06-30",
                            "indicator": "1.1",
                            "value": "1.75",
                        }
                    ],
                }
            ],
            "budget_total": str(budgets[0].amount + Decimal("250000.50")),
        },
        "risks": [
            {
                "id": risk.pk,
                "position": 1,
                "description": risk.description,
                "likelihood": {"code": "high", "label": "สูง"},
                "impact": {"code": "low", "label": "ต่ำ"},
                "mitigation": risk.mitigation,
                "owner": agency,
            }
        ],
        "success_factors": [{"id": everything["factor"].pk, "position": 1, "text": "ผู้นำ"}],
    }
    assert list(data)[: len(CORE_KEYS)] == CORE_KEYS
    core = {key: data[key] for key in CORE_KEYS}
    for key in CORE_KEYS:  # one key at a time: a failure names the part that differs
        assert core[key] == expected[key], key
    assert budgets[0].amount != Decimal("250000.50")  # the total adds two different amounts


def test_a_snapshot_without_a_submitter_names_nobody(world, everything):
    data = build(everything["blueprint"], submitted_by=None, submitted_at=None)
    assert data["blueprint"]["submitted_by"] == {"username": "", "full_name": "", "position": ""}
    assert data["blueprint"]["submitted_at"] is None


def test_a_blueprint_without_the_optional_parts_has_nulls_and_empty_lists(world, blueprint, chain):
    bp_factories.MilestoneFactory(blueprint=blueprint, project=chain["project"], indicator=None)
    data = build(blueprint, submitted_by=world.viewer, submitted_at=None)
    milestone = data["action_plan"]["projects"][0]["milestones"][0]
    assert (milestone["indicator"], milestone["value"]) == ("", None)
    assert data["blueprint"]["cluster"] is None
    assert data["blueprint"]["approver"]["approved_on"] is None
    assert data["blueprint"]["submitted_by"]["position"] == ""  # holds none in the province
    project = data["action_plan"]["projects"][0]
    assert project["supporting_agencies"] == project["activities"] == []  # (and no error)
    assert data["change_proposals"] == data["risks"] == data["success_factors"] == []


def test_the_plans_total_adds_every_projects_budgets(world, chain, everything):
    other = factories.ProjectFactory(strategy=chain["strategy"], number=2, lead_agency=None)
    factories.ProjectBudgetFactory(project=other, fiscal_year=2550, amount=Decimal("1000.25"))
    data = build(everything["blueprint"], submitted_by=None, submitted_at=None)
    projects = data["action_plan"]["projects"]
    assert [project["number"] for project in projects] == [1, 2]
    assert projects[1]["budget_total"] == "1000.25" and projects[1]["lead_agency"] is None
    first = Decimal(projects[0]["budget_total"])
    assert data["action_plan"]["budget_total"] == str(first + Decimal("1000.25"))


def test_numbers_left_empty_stay_null(world, blueprint, chain):
    data = build(blueprint, submitted_by=None, submitted_at=None)
    indicator = data["goals"][0]["indicators"][0]
    assert chain["indicator"].weight is None and indicator["weight"] is None


def test_the_submitters_position_is_the_one_held_in_the_province(world, blueprint):
    Membership.objects.filter(user=world.editor).delete()
    for role, position in [("viewer", ""), ("editor", "นักวิเคราะห์นโยบายและแผน")]:
        factories.MembershipFactory(  # the first one names no position
            user=world.editor, organisation=world.province, role=role, position=position
        )
    assert snapshot.position_in(world.editor, world.province.pk) == "นักวิเคราะห์นโยบายและแผน"
    assert snapshot.position_in(world.editor, world.other_province.pk) == ""
    assert snapshot.position_in(object(), world.province.pk) == ""  # a draft's stand-in


def test_a_coded_value_is_read_in_the_readers_language_with_the_stored_label_to_fall_back_on():
    with translation.override("en"):
        assert snapshot.coded_label({"code": "high", "label": "สูง"}, "likelihood") == "High"
        assert snapshot.coded_label({"code": "gone", "label": "เดิม"}, "likelihood") == "เดิม"
        assert snapshot.coded_label({"code": "gone"}, "likelihood") == ""
        assert snapshot.coded_label("ข้อความ", "likelihood") == "ข้อความ"  # an older snapshot
        assert snapshot.coded_label(None, "likelihood") == ""
