"""The row stamps (strategies/stamps.py): what a page cache's key is built from.

Each list of parts is one prepared statement of the database session; several lists in one
session, with and without parameters, and a session that reconnects must each read their own
rows. PostgreSQL only: other databases have no ``xmin`` and get ``None``.
"""

import pytest
from django.db import connection

from strategies import stamps
from strategies.models import Goal, Organisation
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stamps read PostgreSQL's xmin"
)


def counts(found):
    return [(n, count) for n, count, _ids, _xmins in found]


@pytest.mark.django_db
def test_each_list_of_parts_reads_its_own_tables_in_one_session():
    factories.OrganisationFactory.create_batch(3)
    goal = factories.GoalFactory()
    organisations = Organisation.objects.count()

    # Two statements prepared in the same session, neither with parameters.
    assert counts(stamps.rows([(Organisation, "TRUE")], {})) == [(0, organisations)]
    assert counts(stamps.rows([(Goal, "TRUE")], {})) == [(0, 1)]
    # And again, now that both are prepared.
    assert counts(stamps.rows([(Organisation, "TRUE")], {})) == [(0, organisations)]
    both = stamps.rows([(Goal, "id = %(goal)s"), (Organisation, "TRUE")], {"goal": goal.pk})
    assert counts(both) == [(0, 1), (1, organisations)]
    assert both[0][2] == goal.pk  # the sum of the ids


@pytest.mark.django_db(transaction=True)  # a write seen by the stamp is a committed one
def test_a_stamp_moves_with_a_write_and_stays_without_one():
    goal = factories.GoalFactory()
    parts = [(Goal, "id = %(goal)s")]
    before = stamps.rows(parts, {"goal": goal.pk})
    assert stamps.rows(parts, {"goal": goal.pk}) == before
    Goal.objects.filter(pk=goal.pk).update(title=goal.title)  # a new row version, same values
    assert stamps.rows(parts, {"goal": goal.pk}) != before
    assert stamps.digest(before) != stamps.digest(stamps.rows(parts, {"goal": goal.pk}))


@pytest.mark.django_db(transaction=True)
def test_a_new_database_session_prepares_its_statements_again():
    parts = [(Organisation, "code = %(code)s")]
    factories.OrganisationFactory(code="stamped")
    first = stamps.rows(parts, {"code": "stamped"})
    connection.close()  # prepared statements die with the session
    assert stamps.rows(parts, {"code": "stamped"}) == first


@pytest.mark.django_db(transaction=True)
def test_each_thread_stamps_on_its_own_session():
    """A gthread worker's threads each have their own database connection."""
    import threading

    from django.db import connections

    factories.OrganisationFactory(code="stamped")
    parts = [(Organisation, "code = %(code)s")]
    here = stamps.rows(parts, {"code": "stamped"})
    found = []

    def in_a_thread():
        try:
            found.append(stamps.rows(parts, {"code": "stamped"}))
        finally:
            connections.close_all()

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert found == [here]
