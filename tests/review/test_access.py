"""Who may use OPDC's review workspace — a matrix per view, GET and POST.

The national workspace (dashboard, exports, data, clusters) is OPDC's: anonymous →
login, anyone else signed in → 403. A Blueprint's review page: strangers 404 (they
must not learn it exists), the province's own members 403 (they read the review
history instead), reviewers 200. The history: the province and reviewers.
"""

import pytest
from django.urls import reverse

from proposals.review import exports
from tests.conftest import ACTORS

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
OPDC_ONLY = {
    "anonymous": 302,
    "editor": 403,
    "contributor": 403,
    "viewer": 403,
    "reviewer": 200,
    "stranger": 403,
    "admin": 200,
}


def expect(response, status):
    if status == 302:
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == status


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "name, args",
    [
        ("dashboard", []),
        ("exports", []),
        ("clusters", []),
        ("data_export", ["indicators", "csv"]),
        ("data_export", ["all", "xlsx"]),
    ],
)
def test_national_workspace_is_opdc_only(actor, name, args, world, round_, client_for):
    response = client_for(world.actor(actor)).get(reverse(f"proposals:review:{name}", args=args))
    expect(response, OPDC_ONLY[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_cluster_rollup_is_opdc_only(actor, world, round_, client_for):
    url = reverse("proposals:review:cluster", args=[round_.cluster.pk])
    expect(client_for(world.actor(actor)).get(url), OPDC_ONLY[actor])


# The Blueprint is Chumphon's (the "editor", "contributor", "viewer" side); "stranger"
# edits Surat Thani.
REVIEW = {
    "anonymous": 302,
    "editor": 403,
    "contributor": 403,
    "viewer": 403,
    "reviewer": 200,
    "stranger": 404,
    "admin": 200,
}
HISTORY = {**REVIEW, "editor": 200, "contributor": 200, "viewer": 200}
# The JSON export is an OPDC export: 403 before anything is looked up.
JSON = {**OPDC_ONLY}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "name, expected, edition",
    [
        ("review", REVIEW, False),
        ("review_edition", REVIEW, True),
        ("history", HISTORY, False),
        ("blueprint_json", JSON, False),
    ],
)
def test_blueprint_pages(actor, name, expected, edition, world, round_, client_for):
    args = [round_.chumphon.pk, 1] if edition else [round_.chumphon.pk]
    response = client_for(world.actor(actor)).get(reverse(f"proposals:review:{name}", args=args))
    expect(response, expected[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_a_draft_is_hidden_from_opdc(actor, world, round_, client_for):
    """Never submitted: OPDC gets 404 (not even its review history), the province 403/200."""
    expected = {
        "anonymous": 302,
        "editor": 403,
        "contributor": 403,
        "viewer": 403,
        "reviewer": 404,
        "stranger": 404,
        "admin": 404,  # nothing submitted to review
    }
    url = reverse("proposals:review:review", args=[round_.draft.pk])
    expect(client_for(world.actor(actor)).get(url), expected[actor])
    history = reverse("proposals:review:history", args=[round_.draft.pk])
    expected_history = {**expected, "editor": 200, "contributor": 200, "viewer": 200, "admin": 200}
    expect(client_for(world.actor(actor)).get(history), expected_history[actor])


# POSTs: success is a redirect (302 to the review page); refusals never change anything.
POST_OK = {
    "anonymous": 302,
    "editor": 403,
    "contributor": 403,
    "viewer": 403,
    "reviewer": 302,
    "stranger": 404,
    "admin": 302,
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "name, data, edition",
    [
        ("note_add", {"section": "general", "text": "ข้อคิดเห็น"}, True),
        ("scores_save", {}, True),
        ("decide", {"action": "return", "reason": "ขอให้ปรับปรุง"}, False),
    ],
)
def test_review_actions(actor, name, data, edition, world, round_, client_for):
    from proposals.models import Transition
    from proposals.review.models import ReviewNote

    blueprint = round_.chumphon
    args = [blueprint.pk, 1] if edition else [blueprint.pk]
    response = client_for(world.actor(actor)).post(
        reverse(f"proposals:review:{name}", args=args), data
    )
    status = POST_OK[actor]
    assert response.status_code == status
    if status == 302 and actor == "anonymous":
        assert response["Location"].startswith(LOGIN)
    changed = (
        ReviewNote.objects.exists()
        or Transition.objects.filter(blueprint=blueprint, action="return").exists()
    )
    if actor not in {"reviewer", "admin"}:
        assert not changed


@pytest.mark.parametrize("actor", ACTORS)
def test_review_pages_are_get_or_post_only(actor, world, round_, client_for):
    client = client_for(world.actor(actor))
    decide = reverse("proposals:review:decide", args=[round_.chumphon.pk])
    assert client.get(decide).status_code in {302, 405}


@pytest.mark.parametrize("actor", ACTORS)
def test_export_creation(actor, world, round_, client_for, django_capture_on_commit_callbacks):
    from proposals.review.models import ExportJob

    url = reverse("proposals:review:exports")
    data = {"scope": "selected", "blueprint": [round_.chumphon.pk], "fy": 2548}
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(world.actor(actor)).post(url, data)
    if actor in {"reviewer", "admin"}:
        assert response.status_code == 302
        assert response["Location"] == ExportJob.objects.get().get_absolute_url()
    else:
        expect(response, OPDC_ONLY[actor])
    assert ExportJob.objects.exists() == (actor in {"reviewer", "admin"})


@pytest.mark.parametrize("actor", ACTORS)
def test_export_job_pages_belong_to_the_requester(
    actor, world, round_, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = exports.export_job_create(user=world.reviewer, blueprints=[round_.chumphon.pk])
    expected = {**OPDC_ONLY}
    for name in ("export_detail", "export_download"):
        response = client_for(world.actor(actor)).get(
            reverse(f"proposals:review:{name}", args=[job.pk])
        )
        status = expected[actor]
        if name == "export_download" and status == 200:
            status = 404  # not built yet
        expect(response, status)


def test_nav_link_only_for_opdc(world, client_for):
    link = reverse("proposals:review:dashboard")
    assert link in client_for(world.reviewer).get("/").content.decode()
    assert link not in client_for(world.editor).get("/").content.decode()
