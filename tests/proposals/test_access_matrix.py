"""Every proposals URL × every actor × GET and POST.

Strangers (an editor of another province) get 404 for anything of Chumphon's; OPDC
reviewers see a Blueprint only once it has been submitted, and then only what was
submitted; people who may read but not do get 403; anonymous people go to log in.
The contributor's agency has the "changes" section assigned to it.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Blueprint, Revision, Section
from proposals.rows import KINDS
from tests import factories
from tests.conftest import ACTORS
from tests.proposals import factories as bp_factories
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

ANON = 302


def expect(**codes):
    """Expected status per actor; unnamed actors default to ``default`` (or 404)."""
    default = codes.pop("default", 404)
    table = {actor: codes.get(actor, default) for actor in ACTORS}
    table["anonymous"] = ANON
    return table


EVERYONE = expect(default=200)
CREATE = expect(editor=200, admin=200, stranger=200, contributor=403, viewer=403, reviewer=403)
READ_LIVE = expect(editor=200, contributor=200, viewer=200, admin=200)
EDIT = expect(editor=200, admin=200, contributor=403, viewer=403)
ASSIGNED = expect(editor=200, admin=200, contributor=200, viewer=403)
NOT_ASSIGNED = EDIT
NOT_ALLOWED = expect(default=405)  # read-only views refuse POST before looking anything up


def draft_cases(world, blueprint, chain):
    """(url, expected GET, expected POST with an empty body) on a draft Blueprint."""
    pk = blueprint.pk
    Section.objects.filter(blueprint=blueprint, key="changes").update(assignee=world.agency)
    change = bp_factories.ChangeProposalFactory(blueprint=blueprint)
    risk = bp_factories.RiskFactory(blueprint=blueprint)
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        values={"title": change.title}, version=change.version,
    )  # fmt: skip
    revision = Revision.objects.filter(blueprint=blueprint, section="changes").first()

    def url(name, *args):
        return reverse(f"proposals:{name}", args=args)

    yield url("list"), EVERYONE, NOT_ALLOWED
    yield url("create"), CREATE, CREATE
    yield url("detail", pk), READ_LIVE, NOT_ALLOWED
    yield url("edit", pk), EDIT, EDIT
    yield url("section_assign", pk, "changes"), EDIT, EDIT
    yield url("section_history", pk, "changes"), READ_LIVE, NOT_ALLOWED
    yield url("section_history", pk, "header"), READ_LIVE, NOT_ALLOWED
    yield url("section_diff", pk, "changes"), READ_LIVE, NOT_ALLOWED
    yield (
        url("section_restore", pk, "changes", revision.number),
        ASSIGNED,
        expect(editor=302, admin=302, contributor=302, viewer=403),
    )
    yield (
        url("section_status", pk, "changes"),
        NOT_ALLOWED,
        expect(editor=302, admin=302, contributor=302, viewer=403),
    )
    yield (
        url("section_status", pk, "risks"),
        NOT_ALLOWED,
        expect(editor=302, admin=302, contributor=403, viewer=403),
    )
    # Rows of the section assigned to the contributor's agency…
    yield url("row_create", pk, "change"), ASSIGNED, ASSIGNED
    yield url("row_edit", pk, "change", change.pk), ASSIGNED, ASSIGNED
    yield url("row_delete", pk, "change", change.pk), ASSIGNED, ASSIGNED
    yield (
        url("row_move", pk, "change", change.pk),
        NOT_ALLOWED,
        expect(editor=302, admin=302, contributor=302, viewer=403),
    )
    # …and of sections not assigned to it.
    yield url("row_create", pk, "risk"), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_edit", pk, "risk", risk.pk), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_delete", pk, "risk", risk.pk), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_edit", pk, "diagnosis", blueprint.diagnosis.pk), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_create", pk, "goal"), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_edit", pk, "goal", chain["goal"].pk), NOT_ASSIGNED, NOT_ASSIGNED
    yield (
        url("row_create", pk, "indicator") + f"?parent={chain['goal'].pk}",
        NOT_ASSIGNED,
        NOT_ASSIGNED,
    )
    yield url("row_edit", pk, "indicator", chain["indicator"].pk), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_create", pk, "project"), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_edit", pk, "project", chain["project"].pk), NOT_ASSIGNED, NOT_ASSIGNED
    yield (
        url("row_create", pk, "activity") + f"?parent={chain['project'].pk}",
        NOT_ASSIGNED,
        NOT_ASSIGNED,
    )
    yield url("row_create", pk, "readiness"), NOT_ASSIGNED, NOT_ASSIGNED
    yield url("row_create", pk, "factor"), NOT_ASSIGNED, NOT_ASSIGNED
    # Workflow steps last: they change the Blueprint's state.
    yield (
        url("transition", pk, "accept"),
        expect(editor=403, contributor=403, viewer=403, admin=200),
        expect(editor=403, contributor=403, viewer=403, admin=302),
    )
    yield (
        url("transition", pk, "consult"),
        EDIT,
        expect(editor=302, admin=302, contributor=403, viewer=403),
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix_on_a_draft(actor, world, blueprint, chain, client_for):
    check(client_for(world.actor(actor)), actor, draft_cases(world, blueprint, chain))


SUBMITTED_READ = expect(editor=200, contributor=200, viewer=200, admin=200, reviewer=200)


def submitted_cases(world, blueprint):
    pk = blueprint.pk
    change = blueprint.change_proposals.get()

    def url(name, *args):
        return reverse(f"proposals:{name}", args=args)

    yield url("list"), EVERYONE, NOT_ALLOWED
    yield url("detail", pk), SUBMITTED_READ, NOT_ALLOWED
    yield url("snapshot", pk, 1), SUBMITTED_READ, NOT_ALLOWED
    yield url("snapshot_json", pk, 1), SUBMITTED_READ, NOT_ALLOWED
    yield url("snapshot", pk, 2), expect(), NOT_ALLOWED
    # The working copy stays with the province.
    yield url("section_history", pk, "changes"), {**READ_LIVE, "reviewer": 403}, NOT_ALLOWED
    yield url("section_diff", pk, "changes"), {**READ_LIVE, "reviewer": 403}, NOT_ALLOWED
    # Frozen: editors are sent back to the page with a message.
    frozen = expect(editor=302, admin=302, contributor=403, viewer=403, reviewer=403)
    yield url("row_edit", pk, "change", change.pk), frozen, frozen
    yield url("edit", pk), frozen, frozen
    reviewer_step = expect(editor=403, contributor=403, viewer=403, admin=200, reviewer=200)
    yield url("transition", pk, "return"), reviewer_step, reviewer_step  # no reason: form again
    yield (
        url("transition", pk, "accept"),
        reviewer_step,
        {
            **reviewer_step,
            "admin": 302,
            "reviewer": 302,
        },
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix_on_a_submitted_blueprint(actor, world, submitted_blueprint, client_for):
    check(client_for(world.actor(actor)), actor, submitted_cases(world, submitted_blueprint))


def test_reviewer_does_not_see_drafts_in_the_list(world, blueprint, client_for):
    assert (
        blueprint.title
        not in client_for(world.reviewer).get(reverse("proposals:list")).content.decode()
    )
    assert (
        blueprint.title
        not in client_for(world.stranger).get(reverse("proposals:list")).content.decode()
    )
    assert (
        blueprint.title in client_for(world.viewer).get(reverse("proposals:list")).content.decode()
    )


def test_reviewer_sees_submitted_blueprints_in_the_list(world, submitted_blueprint, client_for):
    body = client_for(world.reviewer).get(reverse("proposals:list")).content.decode()
    assert submitted_blueprint.title in body


def test_unknown_kinds_and_foreign_rows_are_404(world, blueprint, chain, client_for):
    client = client_for(world.editor)
    assert (
        client.get(reverse("proposals:row_create", args=[blueprint.pk, "nonsense"])).status_code
        == 404
    )
    assert (
        client.get(reverse("proposals:row_create", args=[blueprint.pk, "diagnosis"])).status_code
        == 404
    )
    assert (
        client.get(reverse("proposals:section_assign", args=[blueprint.pk, "header"])).status_code
        == 404
    )
    assert (
        client.get(reverse("proposals:section_history", args=[blueprint.pk, "nope"])).status_code
        == 404
    )
    assert (
        client.get(reverse("proposals:transition", args=[blueprint.pk, "explode"])).status_code
        == 404
    )
    # A row of another Blueprint cannot be reached through this one.
    other_issue = factories.StrategicIssueFactory(plan=world.plan, number=2)
    other_goal = factories.GoalFactory(issue=other_issue, number=1)
    url = reverse("proposals:row_edit", args=[blueprint.pk, "goal", other_goal.pk])
    assert client.get(url).status_code == 404
    url = (
        reverse("proposals:row_create", args=[blueprint.pk, "indicator"])
        + f"?parent={other_goal.pk}"
    )
    assert client.get(url).status_code == 404


def check(client, actor, cases):
    failures = []
    for url, get_expected, post_expected in cases:
        status = client.get(url).status_code
        if status != get_expected[actor]:
            failures.append(f"GET {url} → {status}, expected {get_expected[actor]}")
        status = client.post(url, {}).status_code
        if status != post_expected[actor]:
            failures.append(f"POST {url} → {status}, expected {post_expected[actor]}")
    assert not failures, "\n".join(failures)


def test_contributor_hands_in_their_section(world, blueprint, client_for):
    Section.objects.filter(blueprint=blueprint, key="changes").update(assignee=world.agency)
    client = client_for(world.contributor)
    url = reverse("proposals:section_status", args=[blueprint.pk, "changes"])
    assert client.post(url, {"status": "submitted"}).status_code == 302
    assert Section.objects.get(blueprint=blueprint, key="changes").status == "submitted"
    # Accepting the merge is the strategy office's call.
    assert client.post(url, {"status": "accepted"}).status_code == 403
    assert client_for(world.editor).post(url, {"status": "accepted"}).status_code == 302
    assert Section.objects.get(blueprint=blueprint, key="changes").status == "accepted"


def test_contributor_page_shows_edit_controls_only_on_their_section(world, blueprint, client_for):
    Section.objects.filter(blueprint=blueprint, key="changes").update(assignee=world.agency)
    page = client_for(world.contributor).get(blueprint.get_absolute_url())
    body = page.content.decode()
    assert reverse("proposals:row_create", args=[blueprint.pk, "change"]) in body
    assert reverse("proposals:row_create", args=[blueprint.pk, "risk"]) not in body
    assert reverse("proposals:edit", args=[blueprint.pk]) not in body
    viewer = client_for(world.viewer).get(blueprint.get_absolute_url()).content.decode()
    assert "/rows/" not in viewer


def test_reviewer_of_a_revised_blueprint_still_reads_what_was_submitted(
    world, submitted_blueprint, client_for
):
    advance(submitted_blueprint, world.reviewer, "return")
    advance(submitted_blueprint, world.editor, "revise")
    client = client_for(world.reviewer)
    assert client.get(submitted_blueprint.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("proposals:snapshot", args=[submitted_blueprint.pk, 1])).status_code
        == 200
    )


def test_an_issue_with_a_blueprint_cannot_be_deleted(world, blueprint, client_for):
    """Found by the URL sweep: deleting an issue a Blueprint stands on used to answer 500."""
    url = reverse("strategies:issue_delete", args=[blueprint.issue_id])
    response = client_for(world.editor).post(url)
    assert response.status_code == 409
    assert blueprint.title in response.content.decode()
    assert type(blueprint).objects.filter(pk=blueprint.pk, issue_id=blueprint.issue_id).exists()


def test_the_issue_page_lists_only_blueprints_the_reader_may_open(world, blueprint, client_for):
    """Found by the URL sweep: OPDC saw the titles of drafts on the strategic issue's page."""
    blueprint.title = "ร่างที่ยังไม่ส่ง"
    blueprint.save(update_fields=["title"])
    url = reverse("strategies:issue_detail", args=[blueprint.issue_id])
    assert "ร่างที่ยังไม่ส่ง" not in client_for(world.reviewer).get(url).content.decode()
    assert "ร่างที่ยังไม่ส่ง" in client_for(world.editor).get(url).content.decode()
    Blueprint.objects.filter(pk=blueprint.pk).update(submitted_at=timezone.now())
    assert "ร่างที่ยังไม่ส่ง" in client_for(world.reviewer).get(url).content.decode()


def test_an_agency_changes_only_the_projects_it_leads(world, blueprint, chain):
    """Found by a new-user walkthrough: the agency given the action plan renamed another
    agency's project, which is a row of the province's 4-year plan."""
    from django.core.exceptions import PermissionDenied

    Section.objects.filter(blueprint=blueprint, key="action_plan").update(assignee=world.agency)
    commerce = factories.LineAgencyFactory(code="chumphon-commerce", province=world.province)
    theirs = factories.ProjectFactory(strategy=chain["strategy"], number=2, lead_agency=commerce)
    kind = KINDS["project"]
    ours = chain["project"]
    services.row_update(
        user=world.contributor, blueprint=blueprint, kind=kind, obj=ours,
        values={"title": "โครงการของเรา"}, version=ours.version,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.row_update(
            user=world.contributor, blueprint=blueprint, kind=kind, obj=theirs,
            values={"title": "แก้ของคนอื่น"}, version=theirs.version,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.row_delete(
            user=world.contributor, blueprint=blueprint, kind=kind, obj=theirs,
            version=theirs.version,
        )  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.title != "แก้ของคนอื่น"
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=kind, obj=theirs,
        values={"title": "สำนักงานยุทธศาสตร์แก้ได้"}, version=theirs.version,
    )  # fmt: skip


def test_the_page_offers_an_agency_only_its_own_projects(world, blueprint, chain, client_for):
    Section.objects.filter(blueprint=blueprint, key="action_plan").update(assignee=world.agency)
    commerce = factories.LineAgencyFactory(code="chumphon-commerce", province=world.province)
    theirs = factories.ProjectFactory(strategy=chain["strategy"], number=2, lead_agency=commerce)
    ours = chain["project"]

    def edit_url(project):  # the row's Edit button (blockers link to the form as well)
        url = reverse("proposals:row_edit", args=[blueprint.pk, "project", project.pk])
        return f'btn-outline-primary btn-sm" href="{url}"'

    page = client_for(world.contributor).get(blueprint.get_absolute_url()).content.decode()
    assert edit_url(ours) in page and edit_url(theirs) not in page
    page = client_for(world.editor).get(blueprint.get_absolute_url()).content.decode()
    assert edit_url(ours) in page and edit_url(theirs) in page
