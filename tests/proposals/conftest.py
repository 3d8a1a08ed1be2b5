"""Fixtures for Blueprints: a complete cascade chain, a Blueprint on it, a complete one.

Pages are requested in English (``Accept-Language: en``) so that assertions on
messages do not depend on whether the Thai catalogue has been compiled.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from proposals import services, workflow
from proposals.models import Capital, Section
from proposals.rows import KINDS
from tests import factories
from tests.proposals import factories as bp_factories


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def chain(world):
    """Chumphon's issue 1 with one goal, one indicator (all targets), one strategy, one project."""
    issue = factories.StrategicIssueFactory(plan=world.plan, number=1)
    issue.national_strategies.add(world.national_strategy)
    goal = factories.GoalFactory(issue=issue, number=1)
    indicator = factories.IndicatorFactory(goal=goal, number=1, owner=world.agency)
    for year in world.plan.years:
        factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=year)
    strategy = factories.StrategyFactory(issue=issue, number=1)
    strategy.goals.add(goal)
    project = factories.ProjectFactory(strategy=strategy, number=1, lead_agency=world.agency)
    factories.ProjectBudgetFactory(project=project, fiscal_year=2548)
    return {
        "issue": issue,
        "goal": goal,
        "indicator": indicator,
        "strategy": strategy,
        "project": project,
    }


@pytest.fixture
def blueprint(world, chain):
    return services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2548)


def fill(blueprint, world, chain):
    """Make every section complete (nothing blocks submission)."""
    diagnosis = blueprint.diagnosis
    for name in KINDS["diagnosis"].fields:
        setattr(diagnosis, name, f"ข้อความ {name}\n\nย่อหน้าที่สอง")
    diagnosis.save()
    bp_factories.ChangeProposalFactory(blueprint=blueprint, responsible_agency=world.agency)
    for capital in Capital:
        bp_factories.ReadinessItemFactory(blueprint=blueprint, capital=capital)
    bp_factories.ActivityFactory(blueprint=blueprint, project=chain["project"])
    bp_factories.MilestoneFactory(blueprint=blueprint, project=chain["project"])
    bp_factories.RiskFactory(blueprint=blueprint)
    bp_factories.SuccessFactorFactory(blueprint=blueprint)
    record_participation(blueprint, world.agency)
    return blueprint


def record_participation(blueprint, agency):
    """The least participation record submission needs: an agency that took part and a
    workshop it attended."""
    from proposals.participation.models import Attendance, Participant, Workshop

    Participant.objects.get_or_create(
        blueprint=blueprint, organisation=agency, defaults={"role": "lead"}
    )
    workshop = Workshop.objects.create(
        blueprint=blueprint,
        title="ประชุมระดมสมองครั้งที่ 1",
        starts_at=timezone.make_aware(datetime.datetime(2005, 7, 12, 9, 30)),
        venue="ห้องประชุมสำนักงานบริหารยุทธศาสตร์",
    )
    workshop.invitees.create(organisation=agency, attendance=Attendance.ATTENDED)


@pytest.fixture
def complete_blueprint(blueprint, world, chain):
    return fill(blueprint, world, chain)


def advance(blueprint, user, *actions, **kwargs):
    """Take workflow steps in turn (the governor who approves is the province's)."""
    for action in actions:
        extra = {}
        if action in {"return", "reopen", "withdraw"}:
            extra["reason"] = "ขอให้ปรับปรุงตัวชี้วัด"
        workflow.blueprint_transition(
            user=user, blueprint=blueprint, action=action, **extra, **kwargs
        )
        blueprint.refresh_from_db()
    return blueprint


@pytest.fixture
def submitted_blueprint(complete_blueprint, world):
    return advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")


def section(blueprint, key):
    return Section.objects.get(blueprint=blueprint, key=key)
