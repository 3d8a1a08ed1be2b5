"""The review page compares the submission it names, even when its id was another's.

Ids are reused: SQLite hands out the id of a row whose insert was rolled back (and of the
highest row deleted, e.g. by a restore) again. A comparison once cached by snapshot id was
then shown for another submission's content; the comparison is no longer cached (the page
meets its goal without), and this stays to show that the page follows the content.
"""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from proposals import services
from proposals.models import Snapshot
from proposals.rows import KINDS
from tests.proposals.conftest import advance
from tests.review.conftest import SUBMIT

pytestmark = pytest.mark.django_db


class Undo(Exception):
    pass


def resubmit_with(blueprint, world, text):
    """Returned, the diagnosis rewritten to ``text``, submitted again: a new snapshot."""
    advance(blueprint, world.reviewer, "return")
    advance(blueprint, world.editor, "revise")
    diagnosis = blueprint.diagnosis
    diagnosis.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["diagnosis"], obj=diagnosis,
        values={"current_situation": text}, version=diagnosis.version,
    )  # fmt: skip
    advance(blueprint, world.editor, *SUBMIT)
    return Snapshot.objects.filter(blueprint=blueprint).order_by("-edition").first()


def test_a_reused_snapshot_id_never_shows_another_submissions_comparison(world, round_, client_for):
    blueprint = round_.chumphon
    reviewer = client_for(world.reviewer)
    url = reverse("proposals:review:review", args=[blueprint.pk])
    try:
        with transaction.atomic():
            first = resubmit_with(blueprint, world, "ฉบับที่ถูกยกเลิก ROLLEDBACK")
            assert "ROLLEDBACK" in reviewer.get(url).content.decode()
            raise Undo
    except Undo:
        pass
    blueprint.refresh_from_db()
    second = resubmit_with(blueprint, world, "ฉบับจริง KEPT")
    if connection.vendor == "sqlite":  # the case this test is about
        assert second.pk == first.pk
    body = reviewer.get(url).content.decode()
    assert "KEPT" in body
    assert "ROLLEDBACK" not in body
