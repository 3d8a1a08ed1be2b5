"""Faults: a database error half-way through a save or a state change leaves nothing behind;
two people submitting the same Blueprint at the same moment give one snapshot."""

import threading
from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.urls import reverse

from proposals import edition, services, workflow
from proposals.models import Blueprint, Revision, Snapshot, Transition
from strategies import services as cascade_services
from strategies.models import IndicatorTarget, ProjectBudget

from .conftest import advance

pytestmark = pytest.mark.django_db


def fail(*args, **kwargs):
    raise DatabaseError("injected: the disk filled up")


def test_cascade_save_fails_half_way_and_leaves_nothing(world, chain, client_for):
    indicator = chain["indicator"]
    before = (indicator.name, indicator.version, list(indicator.targets.values_list("value")))
    client = client_for(world.editor)
    url = reverse("strategies:indicator_edit", args=[indicator.pk])
    data = {
        "number": 1,
        "name": "ชื่อใหม่ที่ไม่ควรถูกบันทึก",
        "unit": "ร้อยละ",
        "baseline": "1",
        "baseline_year": 2547,
        "weight": 10,
        "version": indicator.version,
        **{f"target_{year}": "99" for year in world.plan.years},
    }
    # The indicator row is written first, then its targets: fail at the targets.
    with mock.patch.object(cascade_services, "indicator_set_targets", side_effect=fail):
        with pytest.raises(DatabaseError):
            client.post(url, data)
    indicator.refresh_from_db()
    after = (indicator.name, indicator.version, list(indicator.targets.values_list("value")))
    assert after == before
    assert not IndicatorTarget.objects.filter(indicator=indicator, value=99).exists()


def test_blueprint_row_save_fails_half_way_and_leaves_nothing(world, blueprint, chain):
    project = chain["project"]
    revisions = Revision.objects.count()
    budgets = list(ProjectBudget.objects.values_list("fiscal_year", "source", "amount"))
    with mock.patch.object(cascade_services, "project_set_budgets", side_effect=fail):
        with pytest.raises(DatabaseError):
            services.row_update(
                user=world.editor,
                blueprint=blueprint,
                kind=services.KINDS["project"],
                obj=project,
                values={"title": "โครงการที่ไม่ควรถูกบันทึก"},
                version=project.version,
                extras={"budgets": {(2549, "regular"): 1_000_000}},
            )
    project.refresh_from_db()
    assert project.title != "โครงการที่ไม่ควรถูกบันทึก"
    assert Revision.objects.count() == revisions
    assert list(ProjectBudget.objects.values_list("fiscal_year", "source", "amount")) == budgets


def test_submission_fails_half_way_and_leaves_nothing(world, complete_blueprint):
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    # The snapshot is made from the approved edition: fail while it is being made.
    with mock.patch.object(edition, "submission_data", side_effect=fail):
        with pytest.raises(DatabaseError):
            workflow.blueprint_submit(user=world.editor, blueprint=complete_blueprint)
    complete_blueprint.refresh_from_db()
    assert complete_blueprint.status == "approved"
    assert complete_blueprint.submitted_at is None
    assert not Snapshot.objects.exists()
    assert not Transition.objects.filter(action="submit").exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_give_one_snapshot(world, complete_blueprint):
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            copy = Blueprint.objects.get(pk=complete_blueprint.pk)
            barrier.wait()
            workflow.blueprint_submit(user=world.editor, blueprint=copy)
            outcomes.append("submitted")
        except services.Refused:
            outcomes.append("refused")
        except DatabaseError as error:  # SQLite: the loser may find the database locked
            outcomes.append(f"database: {error}")
        finally:
            connection.close()  # a thread's connection, or the test database cannot be dropped

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("submitted") == 1, outcomes
    assert Snapshot.objects.filter(blueprint=complete_blueprint).count() == 1
    assert Transition.objects.filter(blueprint=complete_blueprint, action="submit").count() == 1
