"""Submissions and review decisions land in the audit log, in the same transaction."""

from unittest import mock

import pytest
from django.db import DatabaseError

from proposals import workflow
from proposals.models import Snapshot, Transition
from strategies.models import AuditAction, AuditEvent

from .conftest import advance

pytestmark = pytest.mark.django_db


def test_submission_and_decision_are_audited(world, submitted_blueprint):
    submitted = AuditEvent.objects.get(action=AuditAction.SUBMITTED)
    assert submitted.actor == world.editor
    assert submitted.target_id == str(submitted_blueprint.pk)
    assert submitted.details["edition"] == submitted_blueprint.edition

    advance(submitted_blueprint, world.reviewer, "return")
    decided = AuditEvent.objects.get(action=AuditAction.DECIDED)
    assert decided.actor == world.reviewer
    assert decided.details["reason"] == "ขอให้ปรับปรุงตัวชี้วัด"
    steps = AuditEvent.objects.filter(action=AuditAction.WORKFLOW)
    assert {event.details["step"] for event in steps} == {"consult", "review", "approve"}


def test_a_failed_audit_write_undoes_the_submission(world, complete_blueprint):
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    with mock.patch.object(workflow, "audit_record", side_effect=DatabaseError("disk full")):
        with pytest.raises(DatabaseError):
            workflow.blueprint_submit(user=world.editor, blueprint=complete_blueprint)
    complete_blueprint.refresh_from_db()
    assert complete_blueprint.status == "approved"
    assert not Snapshot.objects.filter(blueprint=complete_blueprint).exists()
    assert not Transition.objects.filter(blueprint=complete_blueprint, action="submit").exists()


def test_a_step_is_audited_with_what_it_did(world, complete_blueprint):
    """Each step's audit record names its actor, its Blueprint, the step, the statuses it
    went between, the reason and the version."""
    advance(complete_blueprint, world.editor, "consult")
    workflow.blueprint_transition(
        user=world.editor, blueprint=complete_blueprint, action="reopen", reason="ขอแก้ไขก่อน"
    )
    event = AuditEvent.objects.filter(action=AuditAction.WORKFLOW).latest("pk")
    assert event.actor == world.editor
    assert (event.target_type, event.target_id) == (
        "proposals.blueprint",
        str(complete_blueprint.pk),
    )
    assert event.details == {
        "step": "reopen",
        "from": "consultation",
        "to": "draft",
        "reason": "ขอแก้ไขก่อน",
        "edition": complete_blueprint.edition,
    }


def test_a_submission_keeps_its_moment_and_archives_its_own_snapshot(
    world, complete_blueprint, django_capture_on_commit_callbacks, monkeypatch
):
    """The snapshot, its envelope and the Blueprint carry the same moment of submission,
    and the PDF archived after commit is that snapshot's."""
    from django.utils import timezone

    from proposals.pdf import archive

    archived = []
    monkeypatch.setattr(archive, "archive_after_commit", archived.append)
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.blueprint_submit(user=world.editor, blueprint=complete_blueprint)
    complete_blueprint.refresh_from_db()
    snapshot = Snapshot.objects.get(blueprint=complete_blueprint)
    assert snapshot.created_at == complete_blueprint.submitted_at
    header = snapshot.data["blueprint"]
    assert header["submitted_at"] == timezone.localtime(snapshot.created_at).isoformat()
    assert header["submitted_by"]["username"] == world.editor.username
    submitted = Transition.objects.get(blueprint=complete_blueprint, action="submit")
    assert submitted.created_at == complete_blueprint.submitted_at
    assert archived == [snapshot.pk]


def test_a_step_tells_the_blueprints_people_who_took_it_and_refreshes_the_dashboard(
    world, complete_blueprint, django_capture_on_commit_callbacks
):
    from django.db import connection

    from proposals.participation.models import Notification
    from proposals.review.models import BlueprintDigest

    # What setting the Blueprint up left waiting for the test's commit (a refresh is
    # registered once per Blueprint and transaction): dropped, to see what the step asks.
    connection.run_on_commit = []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.blueprint_open_consultation(user=world.editor, blueprint=complete_blueprint)
    told = Notification.objects.filter(recipient=world.contributor, kind="state_changed")
    assert [note.actor for note in told] == [world.editor]
    consulted = Transition.objects.get(blueprint=complete_blueprint, action="consult")
    digest = BlueprintDigest.objects.get(blueprint=complete_blueprint)
    assert digest.changed_at == consulted.created_at
