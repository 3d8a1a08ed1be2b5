"""The dashboard's figures are kept by the services: refreshed once per transaction after
commit, never on rollback; completeness counts the complete parts of the Blueprint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from proposals import services
from proposals.review.digest import PARTS, digest_refresh
from proposals.review.models import BlueprintDigest
from proposals.rows import KINDS
from tests.excel.workbooks import edit
from tests.hostile_save import _shown
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


# These two commit for real (each write in autocommit, as a request's would): inside the
# test's own transaction the callbacks of the fixtures' writes would wait for a commit
# that never comes, and the refresh would rightly not be registered twice.
@pytest.mark.django_db(transaction=True)
def test_a_cascade_change_by_any_path_refreshes_the_digests_of_its_issue(world, blueprint, chain):
    """OPDC's dashboard follows edits made outside the Blueprint's own pages: a target
    removed as the admin or a restore removes it (a plain model delete), a renamed issue."""
    from strategies.models import IndicatorTarget

    fill(blueprint, world, chain)  # writes some rows directly, past the services
    assert digest_refresh(blueprint_id=blueprint.pk).completeness == 100
    IndicatorTarget.objects.filter(indicator__goal__issue=chain["issue"]).first().delete()
    digest = BlueprintDigest.objects.get(blueprint=blueprint)
    assert digest.completeness < 100 and digest.blockers >= 1

    issue = chain["issue"]
    issue.title = "การพัฒนาทุเรียนคุณภาพ"
    issue.save()
    assert "ทุเรียน" in BlueprintDigest.objects.get(blueprint=blueprint).search_text


@pytest.mark.django_db(transaction=True)
def test_a_cascade_change_refreshes_once_per_issue_and_only_after_commit(
    world, blueprint, chain, django_capture_on_commit_callbacks
):
    from strategies.models import IndicatorTarget

    targets = IndicatorTarget.objects.filter(indicator__goal__issue=chain["issue"])
    assert targets.count() >= 2
    with transaction.atomic():
        with django_capture_on_commit_callbacks() as callbacks:
            for target in targets:
                target.value += 1
                target.save()
    tagged = [c for c in callbacks if getattr(c, "review_digest_tag", None)]
    assert [c.review_digest_tag for c in tagged] == [f"issue:{chain['issue'].pk}"]

    before = BlueprintDigest.objects.get(blueprint=blueprint).refreshed_at
    with pytest.raises(RuntimeError), transaction.atomic():
        targets.first().delete()
        raise RuntimeError("rolled back")
    assert BlueprintDigest.objects.get(blueprint=blueprint).refreshed_at == before


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _dashboard_completeness(client, blueprint) -> int:
    """The completeness OPDC's dashboard shows on the row of ``blueprint``'s issue."""
    response = client.get(reverse("proposals:review:dashboard"), {"fy": blueprint.fiscal_year})
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    rows = {row.pk: row for row in response.context["page"].object_list}
    return rows[blueprint.issue_id].bp_completeness


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_follows_an_edit_on_the_action_plan_pages(world, blueprint, chain):
    """A project's budgets all set to nothing on the plan's own pages: a blocker of the
    Blueprint, on OPDC's dashboard at once (issue 19: no command to run)."""
    fill(blueprint, world, chain)
    digest_refresh(blueprint_id=blueprint.pk)
    reviewer = signed_in(world.reviewer)
    assert _dashboard_completeness(reviewer, blueprint) == 100
    project = chain["project"]
    editor = signed_in(world.editor)
    url = reverse("strategies:project_edit", args=[project.pk])
    post = _shown(editor.get(url).context["form"], {"version": str(project.version)})
    for name in post:
        if name.startswith("budget_"):
            post[name] = "0"
    response = editor.post(url, post)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _dashboard_completeness(reviewer, blueprint) < 100


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_follows_an_excel_import_of_the_plan(world, blueprint, chain):
    """A year's target taken out of the plan's workbook and imported: a blocker of the
    Blueprint (an indicator missing a year's target), on OPDC's dashboard at once."""
    fill(blueprint, world, chain)
    digest_refresh(blueprint_id=blueprint.pk)
    reviewer = signed_in(world.reviewer)
    assert _dashboard_completeness(reviewer, blueprint) == 100
    editor = signed_in(world.editor)
    exported = editor.get(reverse("excel:plan_export", args=[world.plan.pk])).content
    edited = edit(exported, "ตัวชี้วัด", "K2", None)  # the second year's target
    response = editor.post(
        reverse("excel:plan", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("แผน.xlsx", edited)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = editor.get(response["Location"]).context["preview"]
    assert preview.counts["update"] == 1 and preview.counts["error"] == 0
    response = editor.post(response["Location"], {"fingerprint": preview.fingerprint})
    assert response.status_code == 302
    assert _dashboard_completeness(reviewer, blueprint) < 100
