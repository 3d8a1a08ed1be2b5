"""Who may download, upload and confirm: every Excel URL × every actor × GET and POST."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategies.excel.models import ImportBatch, ImportKind
from tests.conftest import ACTORS
from tests.excel.workbooks import PLAN, headers, xlsx
from tests.strategies.conftest import submit_issue

pytestmark = pytest.mark.django_db

ANON = 302
GOOD = xlsx({"เป้าประสงค์": [headers(PLAN["goals"]), ["1.2", "เป้าประสงค์ใหม่", "ประสิทธิผล"]]})


def _file():
    return {"file": SimpleUploadedFile("แผน.xlsx", GOOD)}


# OPDC is a stranger to a plan until one of its issues was submitted (strategies/access.py).
PLAN_PAGE = {
    "anonymous": ANON,
    "editor": 200,
    "contributor": 200,
    "viewer": 200,
    "reviewer": 404,
    "stranger": 404,
    "admin": 200,
}
PLAN_UPLOAD = {
    "anonymous": ANON,
    "editor": 302,
    "contributor": 403,
    "viewer": 403,
    "reviewer": 404,
    "stranger": 404,
    "admin": 302,
}


@pytest.mark.parametrize("submitted", [False, True], ids=["unsubmitted", "submitted"])
@pytest.mark.parametrize("actor", ACTORS)
def test_plan_pages(actor, submitted, world, chain, client_for):
    if submitted:
        submit_issue(chain["issue"])
    page = {**PLAN_PAGE, "reviewer": 200} if submitted else PLAN_PAGE
    upload = {**PLAN_UPLOAD, "reviewer": 403} if submitted else PLAN_UPLOAD
    client = client_for(world.actor(actor))
    for name in ("excel:plan", "excel:plan_template", "excel:plan_export"):
        response = client.get(reverse(name, args=[world.plan.pk]))
        assert response.status_code == page[actor], name
    for name in ("excel:plan_template", "excel:plan_export"):
        assert client.post(reverse(name, args=[world.plan.pk])).status_code in (ANON, 405)
    response = client.post(reverse("excel:plan", args=[world.plan.pk]), _file())
    assert response.status_code == upload[actor]
    assert ImportBatch.objects.exists() == (actor in ("editor", "admin"))


@pytest.mark.parametrize("actor", ACTORS)
def test_someone_elses_upload_is_not_found(actor, world, chain, client_for):
    batch = ImportBatch.objects.create(
        kind=ImportKind.ACTION_PLAN,
        target_id=world.plan.pk,
        user=world.editor,
        filename="แผน.xlsx",
        sha256="0" * 64,
        size=len(GOOD),
        content=GOOD,
    )
    client = client_for(world.actor(actor))
    url = reverse("excel:preview", args=[batch.pk])
    expected = {"anonymous": ANON, "editor": 200}.get(actor, 404)
    assert client.get(url).status_code == expected
    assert client.post(url, {"fingerprint": "x"}).status_code in (
        {"anonymous": ANON, "editor": 302}.get(actor, 404),
    )
    assert not world.plan.issues.filter(goals__number=2).exists()


def test_an_editor_who_lost_the_right_cannot_confirm(world, chain, client_for):
    client = client_for(world.editor)
    response = client.post(reverse("excel:plan", args=[world.plan.pk]), _file())
    url = response["Location"]
    fingerprint = client.get(url).context["preview"].fingerprint
    world.editor.memberships.update(role="viewer")
    client = client_for(world.editor)
    assert client.post(url, {"fingerprint": fingerprint}).status_code == 403
    assert not world.plan.issues.filter(goals__number=2).exists()


def test_preview_writes_nothing(world, chain, client_for, django_assert_max_num_queries):
    client = client_for(world.editor)
    url = client.post(reverse("excel:plan", args=[world.plan.pk]), _file())["Location"]
    from tests.excel.test_plan_import import snapshot

    before = snapshot(world.plan)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
    assert snapshot(world.plan) == before
