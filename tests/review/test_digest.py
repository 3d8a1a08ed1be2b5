"""The dashboard's figures are kept by the services: refreshed once per transaction after
commit, never on rollback; completeness counts the complete parts of the Blueprint."""

import pytest
from django.db import transaction

from proposals import services
from proposals.review.digest import PARTS, digest_refresh
from proposals.review.models import BlueprintDigest
from proposals.rows import KINDS
from tests.proposals import factories as bp_factories
from tests.proposals.conftest import fill

pytestmark = pytest.mark.django_db


def digest_callbacks(callbacks, blueprint):
    return [c for c in callbacks if getattr(c, "review_digest_for", None) == blueprint.pk]


def test_one_refresh_per_transaction_after_commit(world, chain, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            created = services.blueprint_create(
                user=world.editor, issue=chain["issue"], fiscal_year=2548
            )
            for text in ("ความร่วมมือของเกษตรกร", "งบประมาณจังหวัด", "ผู้ว่าราชการติดตาม"):
                services.row_create(
                    user=world.editor, blueprint=created, kind=KINDS["factor"],
                    values={"text": text},
                )  # fmt: skip
    assert len(digest_callbacks(callbacks, created)) == 1
    digest = BlueprintDigest.objects.get(blueprint=created)
    assert digest.parts_total == len(PARTS) == 8
    assert 0 < digest.completeness < 100  # key success factors done, the rest not yet
    assert digest.changed_at is not None


def test_nothing_refreshed_when_the_change_rolls_back(
    world, chain, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2548)
            raise RuntimeError("rolled back")
    assert callbacks == []
    assert not BlueprintDigest.objects.exists()


def test_completeness_of_a_complete_blueprint_is_100(world, blueprint, chain):
    before = digest_refresh(blueprint_id=blueprint.pk)
    fill(blueprint, world, chain)
    after = digest_refresh(blueprint_id=blueprint.pk)
    assert before.completeness < after.completeness == 100
    assert after.blockers == 0 and after.parts_complete == 8


def test_search_text_has_submitted_text_only(world, submitted_blueprint):
    digest = digest_refresh(blueprint_id=submitted_blueprint.pk)
    assert " ชุมพร " in digest.search_text
    bp_factories.SuccessFactorFactory(blueprint=submitted_blueprint, text="ข้อความลับในร่าง")
    digest = digest_refresh(blueprint_id=submitted_blueprint.pk)
    assert "ลับ" not in digest.search_text
