"""Every participation URL × every actor × GET and POST.

Strangers (an editor of another province) get 404 for anything of Chumphon's, and OPDC
reviewers too before a first submission (403 after: they never see the working copy);
anonymous people go to log in; people who may read but not do get 403. The
contributor's agency has the "changes" section assigned to it, not the "risks" one.
"""

import pytest
from django.urls import reverse

from proposals.participation import comments, inputs, workshops
from proposals.participation.models import AgencyInput, Attendance, PointKind
from proposals.rows import KINDS
from tests.conftest import ACTORS
from tests.participation.conftest import assign
from tests.proposals import factories as bp_factories
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

ANON = 302


def expect(**codes):
    default = codes.pop("default", 404)
    table = {actor: codes.get(actor, default) for actor in ACTORS}
    table["anonymous"] = ANON
    return table


EVERYONE = expect(default=200)
NOT_ALLOWED = expect(default=405)
READ_LIVE = expect(editor=200, contributor=200, viewer=200, admin=200)
EDIT = expect(editor=200, admin=200, contributor=403, viewer=403)
EDIT_REDIRECT = expect(editor=302, admin=302, contributor=403, viewer=403)
EDIT_BAD_REQUEST = expect(editor=400, admin=400, contributor=403, viewer=403)
AGENCY = expect(contributor=200, editor=403, admin=403, viewer=403)
AGENCY_REDIRECT = expect(contributor=302, editor=403, admin=403, viewer=403)
NOBODY = expect(contributor=403, editor=403, admin=403, viewer=403)
READERS_BAD_REQUEST = expect(editor=400, contributor=400, viewer=400, admin=400)
READERS_REDIRECT = expect(editor=302, contributor=302, viewer=302, admin=302)


def cases(world, blueprint):
    """(url, expected GET, expected POST with an empty body)."""
    pk = blueprint.pk
    assign(blueprint, world)
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint)
    participant = blueprint.participants.get()
    workshop = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={"title": "ประชุมระดมสมอง", "starts_at": blueprint.created_at},
    )
    invitee = workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.viewer)
    point = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, text="แนวคิด", section="changes"
    )
    thread = comments.comment_post(
        user=world.editor, blueprint=blueprint, section="changes", body="ความเห็น"
    )
    section = blueprint.sections.get(key="changes")
    submitted = inputs.input_start(user=world.contributor, section=section)
    kind = KINDS["change"]
    inputs.input_item_add(
        user=world.contributor, agency_input=submitted, kind=kind,
        data={"category": "quality", "title": "ใหม่"}, display={"title": "ใหม่"},
    )  # fmt: skip
    inputs.input_submit(user=world.contributor, agency_input=submitted)
    draft = AgencyInput.objects.create(
        blueprint=blueprint, section=section, agency=world.agency, created_by=world.contributor
    )

    def url(name, *args):
        return reverse(f"proposals:participation:{name}", args=args)

    ws = (pk, workshop.pk)
    yield url("inbox"), EVERYONE, NOT_ALLOWED
    yield url("notifications"), EVERYONE, NOT_ALLOWED
    yield url("bell"), EVERYONE, NOT_ALLOWED
    yield url("hub", pk), READ_LIVE, NOT_ALLOWED
    yield url("activity", pk), READ_LIVE, NOT_ALLOWED
    yield url("participant_add", pk), EDIT, EDIT
    yield url("participant_edit", pk, participant.pk), EDIT, EDIT
    yield url("participant_remove", pk, participant.pk), NOT_ALLOWED, EDIT_REDIRECT
    yield url("workshops", pk), READ_LIVE, NOT_ALLOWED
    yield url("workshop_create", pk), EDIT, EDIT
    yield url("workshop", *ws), READ_LIVE, NOT_ALLOWED
    yield url("workshop_edit", *ws), EDIT, EDIT
    yield url("workshop_ics", *ws), READ_LIVE, NOT_ALLOWED
    yield url("workshop_invite", *ws), NOT_ALLOWED, EDIT_BAD_REQUEST
    yield url("workshop_invite_participants", *ws), NOT_ALLOWED, EDIT_REDIRECT
    yield url("invitee_attendance", *ws, invitee.pk), NOT_ALLOWED, EDIT_BAD_REQUEST
    yield url("invitee_remove", *ws, invitee.pk), NOT_ALLOWED, EDIT_REDIRECT
    yield url("point_add", *ws), NOT_ALLOWED, EDIT_BAD_REQUEST
    yield url("point_promote", *ws, point.pk), NOT_ALLOWED, EDIT_BAD_REQUEST
    yield url("point_remove", *ws, point.pk), NOT_ALLOWED, EDIT_REDIRECT
    # An agency drafts input only to the section assigned to it.
    yield url("input_start", pk, "changes"), NOT_ALLOWED, AGENCY_REDIRECT
    yield url("input_start", pk, "risks"), NOT_ALLOWED, NOBODY
    yield url("inputs", pk), READ_LIVE, NOT_ALLOWED
    yield url("inputs", pk) + "?q=ใหม่&status=submitted&section=changes", READ_LIVE, NOT_ALLOWED
    yield url("comments", pk) + "?q=ความเห็น", READ_LIVE, READERS_BAD_REQUEST
    yield url("input", pk, submitted.pk), READ_LIVE, NOT_ALLOWED
    yield url("input", pk, draft.pk), AGENCY, NOT_ALLOWED
    yield url("input_item_add", pk, draft.pk, "change"), AGENCY, AGENCY
    yield url("input_item_change", pk, draft.pk, "change", change.pk), AGENCY, AGENCY
    yield url("input_submit", pk, draft.pk), NOT_ALLOWED, AGENCY_REDIRECT
    yield url("input_discard", pk, draft.pk), NOT_ALLOWED, AGENCY_REDIRECT
    yield url("input_accept", pk, submitted.pk), NOT_ALLOWED, EDIT_REDIRECT
    yield url("input_return", pk, submitted.pk), EDIT, EDIT
    yield url("comments", pk), READ_LIVE, READERS_BAD_REQUEST
    yield url("mention_suggestions", pk), READ_LIVE, NOT_ALLOWED
    yield url("comment_reply", pk, thread.pk), NOT_ALLOWED, READERS_REDIRECT
    yield url("comment_edit", pk, thread.pk), expect(editor=200, default=404, contributor=403,
                                                      viewer=403, admin=403), \
        expect(editor=200, contributor=403, viewer=403, admin=403)  # fmt: skip
    yield url("comment_resolve", pk, thread.pk), NOT_ALLOWED, EDIT_REDIRECT


@pytest.fixture
def matrix(world, blueprint):
    return list(cases(world, blueprint))


@pytest.mark.parametrize("actor", ACTORS)
def test_every_view_answers_each_actor_as_expected(actor, world, matrix, client_for):
    client = client_for(world.actor(actor))
    wrong = []
    for url, get_codes, post_codes in matrix:
        got = client.get(url).status_code
        if got != get_codes[actor]:
            wrong.append(("GET", url, got, get_codes[actor]))
        got = client.post(url).status_code
        if got != post_codes[actor]:
            wrong.append(("POST", url, got, post_codes[actor]))
    assert not wrong, wrong


def test_reviewer_never_sees_the_working_copys_participation(
    world, submitted_blueprint, client_for
):
    client = client_for(world.reviewer)
    pk = submitted_blueprint.pk
    for name in ("hub", "workshops", "comments", "activity"):
        url = reverse(f"proposals:participation:{name}", args=[pk])
        assert client.get(url).status_code == 403, name


def test_contributor_cannot_write_to_a_section_of_another_agency(
    world, blueprint, commerce, client_for
):
    """The section is assigned to the commerce office: the agriculture contributor may
    read the input but can neither start one nor add rows to it."""
    agency, commerce_user = commerce
    assign(blueprint, world, key="risks", agency=agency)
    section = blueprint.sections.get(key="risks")
    draft = inputs.input_start(user=commerce_user, section=section)
    client = client_for(world.contributor)
    start = reverse("proposals:participation:input_start", args=[blueprint.pk, "risks"])
    assert client.post(start).status_code == 403
    add = reverse("proposals:participation:input_item_add", args=[blueprint.pk, draft.pk, "risk"])
    response = client.post(add, {"description": "ความเสี่ยง", "likelihood": "low", "impact": "low"})
    assert response.status_code == 403
    assert not draft.items.exists()
    # Their draft is not the contributor's to read either.
    detail = reverse("proposals:participation:input", args=[blueprint.pk, draft.pk])
    assert client.get(detail).status_code == 403
    assert client_for(commerce_user).get(detail).status_code == 200


def test_stranger_cannot_reach_anything_through_ids(world, blueprint, client_for):
    """Ids of another province's rows in URLs of a Blueprint the person may see: 404."""
    other_blueprint_url = reverse("proposals:participation:hub", args=[blueprint.pk])
    assert client_for(world.stranger).get(other_blueprint_url).status_code == 404
    advance(blueprint, world.editor, "consult")
    workshop = workshops.workshop_create(
        user=world.editor, blueprint=blueprint,
        values={"title": "ประชุม", "starts_at": blueprint.created_at},
    )  # fmt: skip
    invitee = workshops.workshop_invite(
        user=world.editor, workshop=workshop, organisation=world.agency
    )
    # The right workshop id under a Blueprint id that does not match: 404.
    wrong = reverse(
        "proposals:participation:invitee_attendance",
        args=[blueprint.pk + 999, workshop.pk, invitee.pk],
    )
    response = client_for(world.editor).post(wrong, {"attendance": Attendance.ATTENDED})
    assert response.status_code == 404


def test_every_view_answers_a_contributor_of_another_agency_as_the_viewer(
    world, matrix, commerce, client_for
):
    """The "changes" section is the agriculture office's: the commerce office's
    contributor, of the same province, may read what a member reads and draft, submit,
    discard or change nothing of it — on every URL, exactly as the province's viewer
    (issue 23: "their agency" is not "any agency of the province")."""
    _agency, commerce_user = commerce
    client = client_for(commerce_user)
    wrong = []
    for url, get_codes, post_codes in matrix:
        got = client.get(url).status_code
        if got != get_codes["viewer"]:
            wrong.append(("GET", url, got, get_codes["viewer"]))
        got = client.post(url).status_code
        if got != post_codes["viewer"]:
            wrong.append(("POST", url, got, post_codes["viewer"]))
    assert not wrong, wrong
    assert not AgencyInput.objects.filter(created_by=commerce_user).exists()
