"""@mention suggestions by name while one types, and what a viewer may do with comments
(and what write buttons they are shown)."""

import pytest
from django.urls import reverse

from proposals.participation import comments
from proposals.participation.models import CommentMention
from strategies.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def suggest(client, blueprint, q):
    url = reverse("proposals:participation:mention_suggestions", args=[blueprint.pk])
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.json()["results"]


@pytest.fixture
def named(world, second):
    """Names people type: the editor, the tourism contributor, an OPDC reviewer and an
    editor of another province who share the first name."""
    for user, first, last in (
        (world.editor, "สมชาย", "ยุทธศาสตร์"),
        (second.contributor, "สมหญิง", "ท่องเที่ยว"),
        (world.reviewer, "สมศักดิ์", "ก.พ.ร."),
        (world.stranger, "สมพร", "สุราษฎร์"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    return second


def test_people_and_agencies_by_thai_name(world, blueprint, named, client_for):
    results = suggest(client_for(world.viewer), blueprint, "สม")
    tokens = {(r["kind"], r["token"]) for r in results}
    assert ("person", "editor") in tokens and ("person", "contributor2") in tokens
    # OPDC and another province's people are never offered: a mention would not reach them.
    assert ("person", "reviewer") not in tokens and ("person", "stranger") not in tokens
    tourism = suggest(client_for(world.viewer), blueprint, "ท่องเที่ยว")
    assert {(r["kind"], r["token"]) for r in tourism} == {
        ("person", "contributor2"),
        ("agency", "chumphon-tourism"),
    }
    agency = next(r for r in tourism if r["kind"] == "agency")
    assert agency["label"] == "สำนักงานการท่องเที่ยวและกีฬาจังหวัดชุมพร"


def test_by_username_code_and_several_words(world, blueprint, named, client_for):
    client = client_for(world.editor)
    assert [r["token"] for r in suggest(client, blueprint, "contrib")] == [
        "contributor",
        "contributor2",
    ]
    assert [r["token"] for r in suggest(client, blueprint, "chumphon-t")] == ["chumphon-tourism"]
    assert [r["token"] for r in suggest(client, blueprint, "สมหญิง ท่อง")] == ["contributor2"]
    assert suggest(client, blueprint, "") == []
    assert suggest(client, blueprint, "ไม่มีใครชื่อนี้") == []
    # Other provinces' agencies never appear.
    assert suggest(client, blueprint, "surat") == []


def test_what_is_suggested_is_what_a_mention_reaches(world, blueprint, named, client_for):
    picked = [r["token"] for r in suggest(client_for(world.viewer), blueprint, "ท่องเที่ยว")]
    comment = comments.comment_post(
        user=world.viewer,
        blueprint=blueprint,
        section="diagnosis",
        body=" ".join(f"@{token}" for token in picked) + " ช่วยดูตัวเลขนักท่องเที่ยว",
    )
    assert {
        (m.token, m.user_id, m.organisation_id)
        for m in CommentMention.objects.filter(comment=comment)
    } == {("contributor2", named.contributor.pk, None), ("chumphon-tourism", None, named.agency.pk)}


def test_suggestions_are_limited(world, blueprint, client_for):
    for index in range(15):
        user = factories.UserFactory(username=f"somsri{index:02}", first_name="สมศรี")
        factories.MembershipFactory(user=user, organisation=world.province, role=Role.VIEWER)
    assert len(suggest(client_for(world.editor), blueprint, "สมศรี")) == 8


MATRIX = {
    "anonymous": 302,
    "editor": 200,
    "contributor": 200,
    "viewer": 200,
    "reviewer": 404,  # a draft: OPDC does not know it exists
    "stranger": 404,
    "admin": 200,
}


@pytest.mark.parametrize("actor", list(MATRIX))
def test_access_matrix(actor, world, blueprint, client_for):
    url = reverse("proposals:participation:mention_suggestions", args=[blueprint.pk])
    client = client_for(world.actor(actor))
    response = client.get(url, {"q": "con"})
    assert response.status_code == MATRIX[actor]
    if actor == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert client.post(url, {"q": "con"}).status_code == (302 if actor == "anonymous" else 405)


def test_the_comment_box_asks_for_suggestions(world, blueprint, client_for):
    page = client_for(world.viewer).get(
        reverse("proposals:participation:comments", args=[blueprint.pk])
    )
    html = page.content.decode()
    assert f'data-mentions-url="/blueprints/{blueprint.pk}/comments/mentions/"' in html
    assert "mentions.js" in html


# --------------------------------------------------------------------------
# A viewer and comments: decided, and the page shows only what they may do
# --------------------------------------------------------------------------


def test_a_viewer_comments_but_sees_no_write_buttons(world, blueprint, client_for):
    """Decision (README of participation): the province's viewers read and comment —
    commenting does not change the Blueprint — but change nothing else: no row or
    section buttons, no assignment, no workflow step, and no Excel round trip."""
    client = client_for(world.viewer)
    html = client.get(blueprint.get_absolute_url()).content.decode()
    excel = reverse("excel:blueprint", args=[blueprint.pk])
    assert excel not in html
    assert "/assign/" not in html and "/rows/" not in html
    comment_page = client.get(
        reverse("proposals:participation:comments", args=[blueprint.pk])
    ).content.decode()
    assert 'id="comment-form"' in comment_page
    response = client.post(
        reverse("proposals:participation:comments", args=[blueprint.pk]) + "?section=diagnosis",
        {"section": "diagnosis", "body": "ข้อมูลปี 2547 ยังไม่ครบ"},
    )
    assert response.status_code == 302
    assert blueprint.comments.filter(author=world.viewer).count() == 1
    # The Excel page itself: reading it does nothing, sending a workbook is refused.
    assert client.post(excel).status_code == 403


def test_editors_and_agencies_see_the_excel_button(world, blueprint, assigned, client_for):
    excel = reverse("excel:blueprint", args=[blueprint.pk])
    for user in (world.editor, world.contributor):
        html = client_for(user).get(blueprint.get_absolute_url()).content.decode()
        assert excel in html, user
