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


# --------------------------------------------------------------------------
# Agency inputs and comment threads (issue 20)
# --------------------------------------------------------------------------


@pytest.fixture
def two_inputs(world, blueprint):
    """The agriculture office's submitted input to "changes" (a new row on durian) and its
    draft to "risks"; Surat Thani has an input of its own on durian too."""
    from proposals.participation import inputs
    from proposals.participation.models import AgencyInput
    from proposals.rows import KINDS
    from tests.participation.conftest import assign

    assign(blueprint, world)
    blueprint.sections.filter(key="risks").update(assignee=world.agency)
    changes = blueprint.sections.get(key="changes")
    submitted = inputs.input_start(user=world.contributor, section=changes)
    inputs.input_item_add(
        user=world.contributor, agency_input=submitted, kind=KINDS["change"],
        data={"category": "quality", "title": "ตลาดกลางทุเรียนคุณภาพ"},
        display={"title": "ตลาดกลางทุเรียนคุณภาพ"},
    )  # fmt: skip
    inputs.input_submit(user=world.contributor, agency_input=submitted, note="ตามมติที่ประชุม")
    draft = AgencyInput.objects.create(
        blueprint=blueprint,
        section=blueprint.sections.get(key="risks"),
        agency=world.agency,
        created_by=world.contributor,
    )
    return submitted, draft


def inputs_listed(client, blueprint, **params):
    url = reverse("proposals:participation:inputs", args=[blueprint.pk])
    response = client.get(url, params)
    assert response.status_code == 200
    return [agency_input.pk for agency_input in response.context["inputs"]]


def test_the_inputs_list_searches_thai_words_within_what_the_person_may_read(
    world, blueprint, two_inputs, client_for
):
    submitted, draft = two_inputs
    agency = client_for(world.contributor)
    assert inputs_listed(agency, blueprint) == [draft.pk, submitted.pk]
    assert inputs_listed(agency, blueprint, q="ทุเรียน") == [submitted.pk]  # a proposed row
    assert inputs_listed(agency, blueprint, q="มติที่ประชุม") == [submitted.pk]  # the note
    assert inputs_listed(agency, blueprint, status="draft") == [draft.pk]
    assert inputs_listed(agency, blueprint, section="risks") == [draft.pk]
    assert inputs_listed(agency, blueprint, status="nonsense", section="x") == [
        draft.pk,
        submitted.pk,
    ]
    # The agency's draft is its own: the office never finds it, searching or filtering.
    office = client_for(world.editor)
    assert inputs_listed(office, blueprint) == [submitted.pk]
    assert inputs_listed(office, blueprint, status="draft") == []
    page = office.get(
        reverse("proposals:participation:inputs", args=[blueprint.pk]), {"q": "มะพร้าว"}
    ).content.decode()
    assert "No input matches this search." in page
    assert 'value="มะพร้าว"' in page


def test_a_stranger_cannot_search_a_provinces_inputs(world, blueprint, two_inputs, client_for):
    url = reverse("proposals:participation:inputs", args=[blueprint.pk])
    assert client_for(world.stranger).get(url, {"q": "ทุเรียน"}).status_code == 404


def test_comment_threads_are_found_by_a_word_of_a_reply(world, assigned_threads, client_for):
    blueprint, durian, coconut = assigned_threads
    client = client_for(world.viewer)
    url = reverse("proposals:participation:comments", args=[blueprint.pk])

    def found(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [thread.pk for thread in response.context["threads"]], response

    assert sorted(found(section="changes")[0]) == sorted([durian.pk, coconut.pk])
    assert found(section="changes", q="ล้งจีน")[0] == [durian.pk]  # in a reply, unspaced Thai
    assert found(section="changes", q="มะพร้าว น้ำหอม")[0] == [coconut.pk]  # every word
    nothing, response = found(section="changes", q="ยางพารา")
    assert nothing == []
    page = response.content.decode()
    assert "No comment in this section matches this search." in page
    assert 'value="ยางพารา"' in page
    # Without a section, the page opens on the section where the threads were found; the
    # tabs count what was found and carry the search.
    threads, response = found(q="ฝนทิ้งช่วง")
    assert response.context["section"] == "risks" and len(threads) == 1
    assert response.context["counts"]["risks"] == {"open": 1, "resolved": 0}
    assert response.context["counts"]["changes"] == {"open": 0, "resolved": 0}
    assert "section=changes&amp;q=" in response.content.decode()


def test_a_stranger_finds_no_comment_of_another_province(world, assigned_threads, client_for):
    blueprint, _durian, _coconut = assigned_threads
    url = reverse("proposals:participation:comments", args=[blueprint.pk])
    assert client_for(world.stranger).get(url, {"q": "ทุเรียน"}).status_code == 404


@pytest.fixture
def assigned_threads(world, blueprint):
    from proposals.participation import comments

    durian = comments.comment_post(
        user=world.editor, blueprint=blueprint, section="changes", body="ราคาทุเรียนตกต่ำ"
    )
    comments.comment_post(
        user=world.viewer, blueprint=blueprint, parent=durian, body="ควรเจรจากับล้งจีนโดยตรง"
    )
    coconut = comments.comment_post(
        user=world.viewer, blueprint=blueprint, section="changes", body="ส่งเสริมมะพร้าวน้ำหอม"
    )
    comments.comment_post(
        user=world.editor, blueprint=blueprint, section="risks", body="ฝนทิ้งช่วงหลายเดือน"
    )
    return blueprint, durian, coconut
