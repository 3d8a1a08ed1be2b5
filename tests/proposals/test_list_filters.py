"""Search and filters of the province's own lists: the Blueprints list and the workshop log.
They narrow what the person sees and never show more; a stranger searching finds nothing
of another province."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.participation import workshops
from tests import factories

pytestmark = pytest.mark.django_db

LIST = reverse("proposals:list")


@pytest.fixture
def three(world, chain, blueprint):
    """Chumphon's issue 1 (2548, draft), issue 2 on tourism (2549), and Surat Thani's."""
    tourism = factories.StrategicIssueFactory(
        plan=world.plan, number=2, title="การพัฒนาการท่องเที่ยวเชิงคุณภาพ"
    )
    second = services.blueprint_create(user=world.editor, issue=tourism, fiscal_year=2549)
    surat_issue = factories.StrategicIssueFactory(
        plan=world.other_plan, number=1, title="การพัฒนาการท่องเที่ยวทางทะเล"
    )
    surat = services.blueprint_create(user=world.stranger, issue=surat_issue, fiscal_year=2548)
    return blueprint, second, surat


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [bp.pk for bp in response.context["blueprints"]]


def test_search_by_thai_words_status_and_year(world, three, client_for):
    first, second, surat = three
    client = client_for(world.editor)
    assert set(listed(client)) == {first.pk, second.pk}
    assert listed(client, q="ท่องเที่ยว") == [second.pk]  # inside unspaced Thai
    assert listed(client, q="ชุมพร ท่องเที่ยว") == [second.pk]  # every word
    assert listed(client, fy=2548) == [first.pk]
    assert listed(client, status="draft", fy=2549) == [second.pk]
    assert listed(client, status="submitted") == []
    page = client.get(LIST, {"q": "ไม่มีเรื่องนี้"}).content.decode()
    assert "No Blueprint matches this search." in page
    assert 'value="ไม่มีเรื่องนี้"' in page  # what was typed stays in the box


def test_search_never_shows_another_province(world, three, client_for):
    _first, _second, surat = three
    assert listed(client_for(world.editor), q="ทะเล") == []
    assert listed(client_for(world.stranger), q="ท่องเที่ยว") == [surat.pk]


def test_a_bad_filter_value_is_ignored(world, three, client_for):
    first, second, _surat = three
    assert set(listed(client_for(world.editor), status="nonsense", fy="x")) == {
        first.pk,
        second.pk,
    }


def test_the_workshop_log_searches_and_splits_to_come_and_held(world, blueprint, client_for):
    now = timezone.now()
    held = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมองครั้งที่ 1",
            "starts_at": now - datetime.timedelta(days=30),
            "venue": "ศาลากลางจังหวัดชุมพร",
            "minutes": "มติให้จัดตั้งตลาดกลางผลไม้",
        },
    )
    coming = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมองครั้งที่ 2",
            "starts_at": now + datetime.timedelta(days=3),
            "venue": "ห้องประชุมสำนักงานเกษตร",
        },
    )
    client = client_for(world.viewer)
    url = reverse("proposals:participation:workshops", args=[blueprint.pk])

    def log(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [workshop.pk for workshop in response.context["workshops"]]

    assert log() == [coming.pk, held.pk]
    assert log(q="ตลาดกลาง") == [held.pk]  # in the minutes
    assert log(q="สำนักงานเกษตร") == [coming.pk]  # the venue
    assert log(when="upcoming") == [coming.pk]
    assert log(when="held") == [held.pk]
    assert log(when="held", q="สำนักงานเกษตร") == []
    assert log(when="whenever") == [coming.pk, held.pk]
