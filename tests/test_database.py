"""The embedded SQLite database holds concurrent use: WAL, a busy timeout, writes that take
the lock when their transaction begins (issue 18, finding 9; figures in bench/concurrent_writes.py).

The test database is in memory; these tests copy it to a file and point every connection,
in every thread, at that file — with the options the settings give SQLite.
"""

import contextlib
import sqlite3
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from proposals.participation import comments
from proposals.participation.models import Comment
from strategies.models import Membership, Role
from tests import factories
from tests.proposals import conftest as proposals_fixtures

chain = proposals_fixtures.chain
blueprint = proposals_fixtures.blueprint


@contextlib.contextmanager
def on_a_file(path, *, sqlite_only=True):
    """Copy the test database to ``path`` and run the block against that file (on
    PostgreSQL, where every thread has its own connection already, the block as it is)."""
    if connection.vendor != "sqlite":
        if sqlite_only:
            pytest.skip("about the embedded SQLite database")
        yield None
        return
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    settings_dict = connection.settings_dict
    name, in_memory = settings_dict["NAME"], connection.connection
    connection.connection = None  # the in-memory database stays open, set aside
    settings_dict["NAME"] = str(path)  # the same dict every thread's connection is made from
    try:
        yield path
    finally:
        connection.close()
        settings_dict["NAME"] = name
        connection.connection = in_memory


def pragma(name):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_the_file_database_is_in_wal_mode_waits_for_the_lock_and_writes_take_it_up_front(
    transactional_db, tmp_path
):
    with on_a_file(tmp_path / "blueprint.sqlite3") as path:
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 20_000
        assert pragma("synchronous") == 1  # NORMAL: safe in WAL mode, fewer fsyncs
        with transaction.atomic():
            Comment.objects.exists()  # nothing written yet: the write lock is held already
            other = sqlite3.connect(path, timeout=0)
            try:
                with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()


PEOPLE = 8
POSTS_EACH = 5


def test_people_commenting_at_the_same_moment_all_get_their_comments_stored(
    transactional_db, tmp_path, world, blueprint
):
    people = []
    for index in range(PEOPLE):
        person = factories.UserFactory(username=f"reader{index}")
        Membership.objects.create(user=person, organisation=world.province, role=Role.VIEWER)
        people.append(person)
    errors = []
    start = threading.Barrier(PEOPLE)

    def write(person):
        try:
            start.wait()
            for number in range(POSTS_EACH):
                comments.comment_post(
                    user=person, blueprint=blueprint, section="diagnosis",
                    body=f"ความเห็นที่ {number} ของ @{person.username} ถึง @editor",
                )  # fmt: skip
        except Exception as error:  # noqa: BLE001 - every failure is the finding
            errors.append(error)
        finally:
            connections.close_all()

    with on_a_file(tmp_path / "blueprint.sqlite3"):
        threads = [threading.Thread(target=write, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = Comment.objects.filter(blueprint=blueprint).count()

    assert errors == []
    assert stored == PEOPLE * POSTS_EACH


def test_one_persons_posts_arriving_together_cannot_slip_past_the_rate_limit(
    transactional_db, tmp_path, world, blueprint
):
    """Each request counts the person's comments: two counting at the same moment would
    both see room for one more, unless the person's row is locked while they post."""
    most, _window = comments.COMMENT_LIMITS[0]
    Comment.objects.bulk_create(
        [
            Comment(blueprint=blueprint, author=world.viewer, section="diagnosis", body=f"{n}",
                    created_at=timezone.now())
            for n in range(most - 1)
        ]
    )  # fmt: skip
    outcomes = []
    start = threading.Barrier(PEOPLE)

    def write():
        try:
            start.wait()
            comments.comment_post(
                user=world.viewer, blueprint=blueprint, section="diagnosis", body="อีกหนึ่ง"
            )
            outcomes.append("stored")
        except comments.RateLimited:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001
            outcomes.append(error)
        finally:
            connections.close_all()

    with on_a_file(tmp_path / "blueprint.sqlite3", sqlite_only=False):
        threads = [threading.Thread(target=write) for _ in range(PEOPLE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = Comment.objects.filter(author=world.viewer).count()

    assert sorted(map(str, outcomes)) == ["refused"] * (PEOPLE - 1) + ["stored"]
    assert stored == most
