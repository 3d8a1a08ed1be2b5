"""Fixtures for OPDC's review workspace.

``round_`` is a small review round: Chumphon's issue 1 submitted (and, in
``resubmitted``, returned, revised and submitted again), Surat Thani's issue 1
submitted, both provinces in one cluster; Chumphon's issue 2 only drafted. Pages are
requested in English (``Accept-Language: en``).

Submissions are made through the services inside the test transaction, so their
on-commit work (the PDF archive, the dashboard digest) does not run by itself:
:func:`refresh` computes the digests, and the export tests render PDFs in the job.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from proposals import services
from proposals.review.digest import digest_refresh_all
from proposals.review.rubric import ensure_default_rubric
from strategies.models import ClusterMembership, OrganisationKind
from tests import factories
from tests.proposals import conftest as proposal_fixtures
from tests.proposals.conftest import advance, fill

# Fixtures shared with tests/proposals.
chain = proposal_fixtures.chain
blueprint = proposal_fixtures.blueprint
complete_blueprint = proposal_fixtures.complete_blueprint
submitted_blueprint = proposal_fixtures.submitted_blueprint

SUBMIT = ("consult", "review", "approve", "submit")


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def make_chain(plan, agency, *, number=1, title="การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน",
               indicator="ร้อยละที่เพิ่มขึ้นของรายได้เฉลี่ยครัวเรือนเกษตรกร", national=None,
               budget="1500000.00"):  # fmt: skip
    """A complete cascade chain under ``plan``: issue → goal → indicator (all targets),
    strategy → project (lead agency, one budget)."""
    issue = factories.StrategicIssueFactory(plan=plan, number=number, title=title)
    if national is not None:
        issue.national_strategies.add(national)
    goal = factories.GoalFactory(issue=issue, number=1)
    ind = factories.IndicatorFactory(goal=goal, number=1, name=indicator, owner=agency)
    for year in plan.years:
        factories.IndicatorTargetFactory(
            indicator=ind, fiscal_year=year, value=Decimal(year - 2540)
        )
    strategy = factories.StrategyFactory(issue=issue, number=1)
    strategy.goals.add(goal)
    project = factories.ProjectFactory(strategy=strategy, number=1, lead_agency=agency)
    factories.ProjectBudgetFactory(project=project, fiscal_year=2548, amount=Decimal(budget))
    return {"issue": issue, "goal": goal, "indicator": ind, "strategy": strategy,
            "project": project}  # fmt: skip


def new_blueprint(world, cascade, editor, agency):
    created = services.blueprint_create(user=editor, issue=cascade["issue"], fiscal_year=2548)
    fill(created, _AgencyWorld(agency), cascade)
    return created


@dataclass
class _AgencyWorld:
    """What :func:`tests.proposals.conftest.fill` reads from the world: the agency."""

    agency: object


def refresh():
    """Compute every Blueprint's dashboard digest (on-commit work, run by hand in tests)."""
    return digest_refresh_all()


@dataclass
class Round:
    cluster: object
    chumphon: object  # submitted (version 1)
    surat: object  # submitted (version 1)
    draft: object  # Chumphon's issue 2, a draft
    chumphon_chain: dict
    surat_chain: dict
    surat_editor: object


@pytest.fixture
def rubric(db):
    return ensure_default_rubric()


@pytest.fixture
def round_(world, rubric):
    cluster = factories.OrganisationFactory(
        kind=OrganisationKind.CLUSTER, code="upper-south", name="กลุ่มจังหวัดภาคใต้ตอนบน"
    )
    for province in (world.province, world.other_province):
        ClusterMembership.objects.create(
            cluster=cluster, province=province, start_date=datetime.date(2004, 10, 1)
        )
    chumphon_chain = make_chain(
        world.plan,
        world.agency,
        indicator="จำนวนแปลงผลไม้ที่ผ่านการรับรองมาตรฐาน GAP",
        national=world.national_strategy,
        budget="2500000.00",
    )
    surat_chain = make_chain(
        world.other_plan,
        world.other_agency,
        title="การพัฒนาการท่องเที่ยวทางทะเลระดับนานาชาติ",
        indicator="จำนวนแปลงผลไม้ที่ผ่านการรับรองมาตรฐาน  GAP",  # same, spaced differently
        national=world.national_strategy,
        budget="1000000.00",
    )
    chumphon = new_blueprint(world, chumphon_chain, world.editor, world.agency)
    chumphon.diagnosis.current_situation = "เกษตรกรขายผลผลิตผ่านพ่อค้าคนกลาง ไม่มีตลาดกลางผลไม้ในจังหวัด"
    chumphon.diagnosis.save()
    advance(chumphon, world.editor, *SUBMIT)
    surat = new_blueprint(world, surat_chain, world.stranger, world.other_agency)
    surat.diagnosis.current_situation = "นักท่องเที่ยวพำนักเฉลี่ยเพียงสามวัน ขยะในแหล่งท่องเที่ยวเพิ่มขึ้น"
    surat.diagnosis.save()
    advance(surat, world.stranger, *SUBMIT)
    draft_chain = make_chain(world.plan, world.agency, number=2, title="การพัฒนาการท่องเที่ยวเชิงคุณภาพ")
    draft = services.blueprint_create(
        user=world.editor, issue=draft_chain["issue"], fiscal_year=2548
    )
    draft.diagnosis.current_situation = "ร่างลับ: โรงพยาบาลส่งเสริมสุขภาพตำบลขาดแคลนยา"
    draft.diagnosis.save()
    refresh()
    return Round(
        cluster=cluster,
        chumphon=chumphon,
        surat=surat,
        draft=draft,
        chumphon_chain=chumphon_chain,
        surat_chain=surat_chain,
        surat_editor=world.stranger,
    )


@pytest.fixture
def resubmitted(round_, world):
    """Chumphon returned by OPDC, revised (a change edited, a risk added), submitted again."""
    from proposals.rows import KINDS
    from tests.proposals import factories as bp_factories

    bp = round_.chumphon
    advance(bp, world.reviewer, "return")
    advance(bp, world.editor, "revise")
    change = bp.change_proposals.first()
    services.row_update(
        user=world.editor, blueprint=bp, kind=KINDS["change"], obj=change,
        values={"expected_result": "ระยะเวลาการรับรองลดลงเหลือไม่เกิน 30 วัน"},
        version=change.version,
    )  # fmt: skip
    bp_factories.RiskFactory(blueprint=bp, description="ผลผลิตล้นตลาดช่วงกลางปี")
    advance(bp, world.editor, *SUBMIT)
    refresh()
    return bp
