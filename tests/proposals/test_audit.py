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
