"""The demo adds Chumphon's Blueprint in progress on top of the cascade demo, idempotently."""

import pytest

from proposals.completeness import find_blockers
from proposals.demo.blueprint import load_blueprint_demo
from proposals.models import Blueprint, Revision, Section
from proposals.selectors import load_document
from strategies.demo import cascade as cascade_demo

pytestmark = pytest.mark.django_db


def test_demo_blueprint_shows_every_section(client):
    cascade_demo.load()
    blueprint = load_blueprint_demo()
    assert blueprint.province.code == "chumphon"
    assert blueprint.status == "consultation"
    document = load_document(blueprint)
    for key in (
        "goals",
        "diagnosis",
        "changes",
        "readiness",
        "action_plan",
        "risks",
        "success_factors",
    ):
        assert document.row_count(key) > 0, key
    assigned = Section.objects.filter(blueprint=blueprint, assignee__isnull=False)
    assert {s.assignee.code for s in assigned} >= {"chumphon-agriculture", "chumphon-commerce"}
    authors = set(
        Revision.objects.filter(blueprint=blueprint).values_list("author__username", flat=True)
    )
    assert {"chumphon.strategy", "chumphon.agriculture"} <= authors
    assert Revision.objects.filter(blueprint=blueprint, section="diagnosis").count() >= 3
    # In progress: a few things still block submission, each with a link.
    blockers = find_blockers(document)
    assert 0 < len(blockers) < 10

    # Loading again changes nothing.
    count = Revision.objects.count()
    cascade_demo.load()
    assert load_blueprint_demo().pk == blueprint.pk
    assert Blueprint.objects.count() == 1
    assert Revision.objects.count() == count

    client.force_login(blueprint.created_by)
    assert client.get(blueprint.get_absolute_url()).status_code == 200


def test_demo_without_the_cascade_does_nothing():
    assert load_blueprint_demo() is None


def test_the_national_seed_keeps_the_bounds_of_the_services():
    """However large the scale, the seed gives a Blueprint no more rows of a kind than the
    content services allow, nor an issue more goals than the cascade's bounds."""
    from proposals.demo.national import Size
    from proposals.rows import KINDS
    from strategies import limits

    huge = Size(scale=1000)
    for kind in ("change", "readiness", "risk", "factor"):
        assert huge.rows(8, kind) == KINDS[kind].max_rows
    assert huge.goals == limits.MAX_GOALS
    assert Size().rows(8, "change") == 8
