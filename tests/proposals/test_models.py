"""Integrity held by the database itself, whatever the code path."""

import pytest
from django.db import IntegrityError, transaction

from proposals.models import Blueprint, ChangeProposal, Section
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db


def test_one_open_blueprint_per_issue_and_year(world, blueprint):
    with pytest.raises(IntegrityError), transaction.atomic():
        Blueprint.objects.create(
            issue=blueprint.issue, province=world.province, fiscal_year=2548, title="ซ้ำ"
        )
    # A different year is fine.
    Blueprint.objects.create(
        issue=blueprint.issue, province=world.province, fiscal_year=2549, title="ปีถัดไป"
    )


def test_accepted_blueprint_no_longer_counts_as_open(world, submitted_blueprint):
    advance(submitted_blueprint, world.reviewer, "accept")
    new = Blueprint.objects.create(
        issue=submitted_blueprint.issue, province=world.province, fiscal_year=2548, title="ใหม่"
    )
    same_year = Blueprint.objects.filter(issue=submitted_blueprint.issue, fiscal_year=2548)
    assert sorted(same_year.values_list("pk", "status")) == [
        (submitted_blueprint.pk, "accepted"),
        (new.pk, "draft"),
    ]
    # …and the new one is the only open one: a second open one is still refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        Blueprint.objects.create(
            issue=submitted_blueprint.issue, province=world.province, fiscal_year=2548, title="ซ้ำ"
        )


@pytest.mark.parametrize(
    "make",
    [
        lambda bp: Blueprint.objects.filter(pk=bp.pk).update(title=""),
        lambda bp: Blueprint.objects.filter(pk=bp.pk).update(status="lost"),
        lambda bp: Blueprint.objects.filter(pk=bp.pk).update(fiscal_year=2005),
        lambda bp: ChangeProposal.objects.create(blueprint=bp, category="quality", title=""),
        lambda bp: ChangeProposal.objects.create(
            blueprint=bp, category="quality", title="ก", start_year=2550, end_year=2549
        ),
        lambda bp: Section.objects.create(blueprint=bp, key="header"),
        lambda bp: Section.objects.create(blueprint=bp, key="risks"),
    ],
    ids=["empty-title", "unknown-status", "ce-year", "empty-change", "years-reversed",
         "header-section", "duplicate-section"],
)  # fmt: skip
def test_named_constraints(blueprint, make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make(blueprint)


def test_new_blueprint_has_every_section_and_a_diagnosis(blueprint):
    keys = set(Section.objects.filter(blueprint=blueprint).values_list("key", flat=True))
    assert keys == {
        "goals", "diagnosis", "changes", "readiness", "action_plan", "risks", "success_factors",
    }  # fmt: skip
    assert blueprint.diagnosis.pk
    # Sections drawn from the action plan start with content.
    statuses = dict(Section.objects.filter(blueprint=blueprint).values_list("key", "status"))
    assert statuses["goals"] == statuses["action_plan"] == "in_progress"
    assert statuses["changes"] == "not_started"
    assert blueprint.title.startswith("ข้อเสนอการเปลี่ยนแปลง")


def test_htmx_gets_the_edit_form_alone(world, blueprint, client_for):
    from django.urls import reverse

    url = reverse("proposals:row_edit", args=[blueprint.pk, "diagnosis", blueprint.diagnosis.pk])
    client = client_for(world.editor)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'name="current_situation"' in partial
    assert f'id="diagnosis-{blueprint.diagnosis.pk}"' in partial
    full = client.get(url).content.decode()
    assert "<html" in full and 'name="current_situation"' in full


def test_blueprints_are_named_apart_by_province_issue_year_and_short_title(world):
    """Lists name Blueprints by what tells them apart, not by the phrase all titles share."""
    from django.utils import translation

    from proposals.models import Blueprint
    from tests import factories

    issue = factories.StrategicIssueFactory(plan=world.plan, number=2, title="การท่องเที่ยว")
    blueprint = Blueprint(
        title="ข้อเสนอการเปลี่ยนแปลง (Blueprint for Change) ประเด็นยุทธศาสตร์ที่ 2 การท่องเที่ยวเชิงนิเวศ",
        province=world.province,
        issue=issue,
        fiscal_year=2549,
    )
    assert blueprint.short_title == "การท่องเที่ยวเชิงนิเวศ"
    with translation.override("th"):
        assert blueprint.label == (
            f"{world.province.name} · ประเด็นที่ 2 · ปีงบประมาณ 2549 · การท่องเที่ยวเชิงนิเวศ"
        )
    blueprint.title = "ข้อเสนอการเปลี่ยนแปลง"  # nothing of its own: the issue's title
    assert blueprint.short_title == "การท่องเที่ยว"
    blueprint.title = "ก" * 100
    assert blueprint.label.endswith("ก" * 59 + "…")
