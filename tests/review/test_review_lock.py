"""The review lock (``proposals.review.services._lock_for_review``) against a decision taken
at the same moment, with two real connections.

A reviewer posts a comment while another returns the version to the province. The
comment must see the decision: the lock (``SELECT … FOR UPDATE`` on the Blueprint) waits
for the decision's transaction and then reads the new status, so the comment is refused.
Without it the comment reads the status from before the decision and lands on a
closed review.

PostgreSQL only: SQLite runs one writer at a time (the whole database is locked), so the
two cannot interleave there.
"""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from proposals import services, workflow
from proposals.models import Blueprint, BlueprintStatus, Snapshot
from proposals.review import services as review_services
from proposals.review.models import GENERAL, ReviewNote

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers: two transactions cannot interleave to race",
    ),
]

HANG_GUARD = 120  # seconds: only so that a broken run ends, never a measure


def waits_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def test_a_comment_racing_a_decision_waits_for_it_and_is_refused(world, round_):
    blueprint = round_.chumphon
    snapshot = Snapshot.objects.get(blueprint=blueprint, edition=1)
    decided, release, commented = threading.Event(), threading.Event(), threading.Event()
    comment_pid, outcomes, errors = [], [], []

    def decide():  # the other reviewer: returns the version, commits when released
        try:
            with transaction.atomic():
                workflow.blueprint_transition(
                    user=world.reviewer, blueprint=Blueprint.objects.get(pk=blueprint.pk),
                    action="return", reason="ขอให้ปรับปรุงตัวชี้วัด",
                )  # fmt: skip
                decided.set()
                release.wait(HANG_GUARD)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
            decided.set()
        finally:
            close_old_connections()
            connection.close()

    def comment():  # a reviewer comments once the decision is taken, not yet committed
        try:
            connection.ensure_connection()
            comment_pid.append(connection.connection.info.backend_pid)
            review_services.review_note_add(
                user=world.reviewer, snapshot=Snapshot.objects.get(pk=snapshot.pk),
                section=GENERAL, text="ความเห็นที่ส่งพร้อมกับการตัดสิน",
            )  # fmt: skip
            outcomes.append("added")
        except services.Refused:
            outcomes.append("refused")
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            commented.set()
            connection.close()

    decision = threading.Thread(target=decide)
    decision.start()
    assert decided.wait(HANG_GUARD)
    commenter = threading.Thread(target=comment)
    commenter.start()
    # Release the decision once the comment waits for its lock, or is done without one.
    while not commented.wait(0.01):
        if comment_pid and waits_for_a_lock(comment_pid[0]):
            break
    release.set()
    decision.join(HANG_GUARD)
    commenter.join(HANG_GUARD)

    assert not errors, errors
    assert outcomes == ["refused"]
    assert not ReviewNote.objects.filter(snapshot=snapshot).exists()
    blueprint.refresh_from_db()
    assert blueprint.status == BlueprintStatus.RETURNED
