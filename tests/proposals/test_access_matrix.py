"""Every proposals URL × every actor × GET and POST.

Strangers (an editor of another province) get 404 for anything of Chumphon's; OPDC
reviewers see a Blueprint only once it has been submitted, and then only what was
submitted; people who may read but not do get 403; anonymous people go to log in.
The contributor's agency has the "changes" section assigned to it.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import history, services
from proposals.models import Blueprint, Revision, Section
from proposals.participation import inputs
from proposals.participation.models import AgencyInput
from proposals.rows import KINDS
from strategies.models import OrganisationKind
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
    # Restoring writes live rows: the strategy office's (an agency proposes, issue 20).
    yield (
        url("section_restore", pk, "changes", revision.number),
        EDIT,
        expect(editor=302, admin=302, contributor=403, viewer=403),
    )
    # A section's status is the office's: an agency hands in by submitting its input.
    yield (
        url("section_status", pk, "changes"),
        NOT_ALLOWED,
        expect(editor=302, admin=302, contributor=403, viewer=403),
    )
    yield (
        url("section_status", pk, "risks"),
        NOT_ALLOWED,
        expect(editor=302, admin=302, contributor=403, viewer=403),
    )
    # Rows of the section assigned to the contributor's agency…
    yield url("row_create", pk, "change"), ASSIGNED, ASSIGNED
    yield url("row_edit", pk, "change", change.pk), ASSIGNED, ASSIGNED
    # The agency's forms save into its input — a removal too (issue 20): it is proposed,
    # the office decides; moving rows is the office's.
    yield url("row_delete", pk, "change", change.pk), ASSIGNED, ASSIGNED
    yield (
        url("row_move", pk, "change", change.pk),
        NOT_ALLOWED,
        expect(editor=302, admin=302, contributor=403, viewer=403),
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
    # Next year's Blueprint, started from this one (the office's).
    yield url("next_year", pk), EDIT, expect(editor=302, admin=302, contributor=403, viewer=403)
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
    # Lists name a Blueprint by its short title and link to it.
    shown = (blueprint.short_title, f'href="{blueprint.get_absolute_url()}"')

    def listed(actor):
        body = client_for(actor).get(reverse("proposals:list")).content.decode()
        return [part in body for part in shown]

    assert listed(world.reviewer) == [False, False]
    assert listed(world.stranger) == [False, False]
    assert listed(world.viewer) == [True, True]


def test_reviewer_sees_submitted_blueprints_in_the_list(world, submitted_blueprint, client_for):
    body = client_for(world.reviewer).get(reverse("proposals:list")).content.decode()
    assert submitted_blueprint.short_title in body


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


def test_an_agency_hands_in_by_submitting_its_input_not_by_a_status_button(
    world, blueprint, client_for
):

    Section.objects.filter(blueprint=blueprint, key="changes").update(assignee=world.agency)
    client = client_for(world.contributor)
    page = client.get(blueprint.get_absolute_url()).content.decode()
    assert "Hand in for merge" not in page
    url = reverse("proposals:section_status", args=[blueprint.pk, "changes"])
    for status in ("submitted", "in_progress", "accepted"):
        assert client.post(url, {"status": status}).status_code == 403
    assert Section.objects.get(blueprint=blueprint, key="changes").status != "submitted"
    client.post(
        reverse("proposals:row_create", args=[blueprint.pk, "change"]),
        {"category": "efficiency", "title": "ศูนย์เรียนรู้เกษตร", "version": ""},
    )
    draft = AgencyInput.objects.get(blueprint=blueprint, agency=world.agency)
    inputs.input_submit(user=world.contributor, agency_input=draft)
    assert Section.objects.get(blueprint=blueprint, key="changes").status == "submitted"
    # Accepting the merge is the strategy office's call.
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
    # An agency proposes (issue 20): a change to the project it leads, never to another's.
    draft = inputs.input_start(
        user=world.contributor, section=blueprint.sections.get(key="action_plan")
    )
    inputs.input_item_add(
        user=world.contributor, agency_input=draft, kind=kind,
        data={"title": "โครงการของเรา"}, display={}, target=ours, target_version=ours.version,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        inputs.input_item_add(
            user=world.contributor, agency_input=draft, kind=kind,
            data={"title": "แก้ของคนอื่น"}, display={}, target=theirs,
            target_version=theirs.version,
        )  # fmt: skip
    for obj in (ours, theirs):  # and it writes neither live
        with pytest.raises(PermissionDenied):
            services.row_update(
                user=world.contributor, blueprint=blueprint, kind=kind, obj=obj,
                values={"title": "แก้ของคนอื่น"}, version=obj.version,
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


# --------------------------------------------------------------------------
# Rows an agency owns (issue 18, findings 1 and 2): decided on the stored row, before
# any posted value is applied; a second agency of the same province and its contributor
# tell "their agency" from "any agency of the province".
# --------------------------------------------------------------------------

OWNERS = ["editor", "contributor", "second_contributor", "viewer", "stranger", "admin"]


def _actor(world, second, name):
    return second.contributor if name == "second_contributor" else world.actor(name)


@pytest.fixture
def projects(world, second, blueprint, chain):
    """The action plan assigned to the contributor's agency; ``ours`` is led by it,
    ``theirs`` by the second agency of the province."""
    Section.objects.filter(blueprint=blueprint, key="action_plan").update(assignee=world.agency)
    theirs = factories.ProjectFactory(
        strategy=chain["strategy"], number=2, title="โครงการของพาณิชย์", lead_agency=second.agency
    )
    return {"ours": chain["project"], "theirs": theirs}


def _takeover(project, agency):
    """A complete edit form of ``project`` naming ``agency`` as its lead agency."""
    return {
        "number": project.number,
        "title": f"{project.title} (แก้)",
        "objective": "",
        "lead_agency": agency.pk,
        "version": project.version,
    }


OWNED_ROW = {  # (ours GET, ours POST, theirs GET, theirs POST) per actor
    "editor": (200, 302, 200, 302),
    "admin": (200, 302, 200, 302),
    # The section is theirs, the other project is not; the edit goes into their input.
    "contributor": (200, 302, 403, 403),
    "second_contributor": (403, 403, 403, 403),  # leads a project, but not the section
    "viewer": (403, 403, 403, 403),
    "stranger": (404, 404, 404, 404),
}


@pytest.mark.parametrize("actor", OWNERS)
def test_matrix_of_project_edits_by_owner(actor, world, second, blueprint, projects, client_for):
    client = client_for(_actor(world, second, actor))
    ours_get, ours_post, theirs_get, theirs_post = OWNED_ROW[actor]
    failures = []
    for name, get_expected, post_expected in (
        ("theirs", theirs_get, theirs_post),
        ("ours", ours_get, ours_post),
    ):
        project = projects[name]
        project.refresh_from_db()
        for view in ("row_edit", "row_delete"):
            url = reverse(f"proposals:{view}", args=[blueprint.pk, "project", project.pk])
            status = client.get(url).status_code
            # An agency proposes removing the project it leads in its section (issue 20),
            # as it proposes changing it: the same page, its answer a draft input.
            if status != get_expected:
                failures.append(f"GET {view} {name} → {status}, expected {get_expected}")
        url = reverse("proposals:row_edit", args=[blueprint.pk, "project", project.pk])
        # The posted lead agency is the contributor's own: the takeover of finding 1.
        status = client.post(url, _takeover(project, world.agency)).status_code
        if status != post_expected:
            failures.append(f"POST row_edit {name} → {status}, expected {post_expected}")
    assert not failures, "\n".join(failures)
    theirs = type(projects["theirs"]).objects.get(pk=projects["theirs"].pk)
    if actor in {"editor", "admin"}:
        assert theirs.lead_agency_id == world.agency.pk  # the strategy office may hand it over
    else:
        assert theirs.lead_agency_id == second.agency.pk
        assert not theirs.title.endswith("(แก้)")
        ours = type(projects["ours"]).objects.get(pk=projects["ours"].pk)
        assert not ours.title.endswith("(แก้)")  # an agency's edit is a proposal, not live


def test_an_agency_cannot_take_over_another_agencys_project(
    world, second, blueprint, projects, client_for
):
    """Finding 1: the edit naming one's own agency was saved, and the project then deleted."""
    theirs = projects["theirs"]
    client = client_for(world.contributor)
    edit = reverse("proposals:row_edit", args=[blueprint.pk, "project", theirs.pk])
    assert client.post(edit, _takeover(theirs, world.agency)).status_code == 403
    delete = reverse("proposals:row_delete", args=[blueprint.pk, "project", theirs.pk])
    assert client.post(delete, {"version": theirs.version}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.lead_agency_id == second.agency.pk


def test_the_service_decides_on_the_stored_row_not_the_posted_one(
    world, second, blueprint, projects
):
    """A form's ``is_valid()`` copies posted values onto its instance: the services must
    not read rights from it."""
    from django.core.exceptions import PermissionDenied

    theirs = projects["theirs"]
    theirs.lead_agency = world.agency  # what ModelForm._post_clean does with the POST
    with pytest.raises(PermissionDenied):
        services.row_update(
            user=world.contributor, blueprint=blueprint, kind=KINDS["project"], obj=theirs,
            values={"title": "ของเราแล้ว", "lead_agency": world.agency}, version=theirs.version,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.row_delete(
            user=world.contributor, blueprint=blueprint, kind=KINDS["project"], obj=theirs,
            version=theirs.version,
        )  # fmt: skip
    theirs.refresh_from_db()
    assert (theirs.lead_agency_id, theirs.title) == (second.agency.pk, "โครงการของพาณิชย์")


def test_an_agency_keeps_the_lead_of_its_own_project(world, second, blueprint, projects):
    """Nor may an agency give its project (or a new one) to another agency: only the
    strategy office chooses another lead agency."""
    from django.core.exceptions import PermissionDenied

    ours = projects["ours"]
    kind = KINDS["project"]
    Section.objects.filter(blueprint=blueprint, key="action_plan").update(assignee=world.agency)
    draft = inputs.input_start(
        user=world.contributor, section=blueprint.sections.get(key="action_plan")
    )
    with pytest.raises(PermissionDenied):  # proposing: the same rule
        inputs.input_item_add(
            user=world.contributor, agency_input=draft, kind=kind,
            data={"title": "ใหม่", "lead_agency_id": second.agency.pk}, display={},
            target=ours, target_version=ours.version,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        inputs.input_item_add(
            user=world.contributor, agency_input=draft, kind=kind,
            data={"strategy_id": ours.strategy_id, "number": 9, "title": "ใหม่",
                  "lead_agency_id": second.agency.pk}, display={},
        )  # fmt: skip
    item = inputs.input_item_add(
        user=world.contributor, agency_input=draft, kind=kind,
        data={"strategy_id": ours.strategy_id, "number": 9, "title": "ใหม่",
              "lead_agency_id": world.agency.pk}, display={},
    )  # fmt: skip
    assert item.data["lead_agency_id"] == world.agency.pk


def test_the_lead_agency_field_is_fixed_for_an_agency(world, blueprint, projects, client_for):
    ours = projects["ours"]
    url = reverse("proposals:row_edit", args=[blueprint.pk, "project", ours.pk])
    client = client_for(world.contributor)
    form = client.get(url).context["form"]
    assert form.fields["lead_agency"].disabled
    client.post(url, _takeover(ours, factories.LineAgencyFactory(province=world.province)))
    ours.refresh_from_db()
    assert ours.lead_agency_id == world.agency.pk
    assert not ours.title.endswith("(แก้)")  # proposed, not live (issue 20)…
    item = AgencyInput.objects.get(blueprint=blueprint, agency=world.agency).items.get()
    assert item.data["lead_agency_id"] == world.agency.pk  # …with its own agency as lead
    assert item.data["title"].endswith("(แก้)")  # the rest of the edit is kept
    new = reverse("proposals:row_create", args=[blueprint.pk, "project"])
    choices = client.get(new).context["form"].fields["lead_agency"].queryset
    assert list(choices) == [world.agency]


def test_a_row_of_another_blueprint_is_refused_by_the_service(world, blueprint, chain):
    """The services check that the row they are given is the Blueprint's (the Excel import
    and the agency inputs call them without the views' lookups)."""
    from django.core.exceptions import PermissionDenied

    other_issue = factories.StrategicIssueFactory(plan=world.plan, number=2)
    other = services.blueprint_create(user=world.editor, issue=other_issue, fiscal_year=2548)
    foreign = bp_factories.RiskFactory(blueprint=other)
    with pytest.raises(PermissionDenied):
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["risk"], obj=foreign,
            values={"description": "ของคนอื่น"}, version=foreign.version,
        )  # fmt: skip


# Rows a Blueprint depends on do not disappear.


@pytest.fixture
def next_year(world, submitted_blueprint):
    """A draft for the next fiscal year of the same issue: it shares the issue's projects
    with the submitted Blueprint."""
    return services.blueprint_create(
        user=world.editor, issue=submitted_blueprint.issue, fiscal_year=2549
    )


def test_a_project_a_submitted_blueprint_depends_on_cannot_be_deleted(
    world, submitted_blueprint, next_year, chain, client_for
):
    project = chain["project"]
    activities = list(submitted_blueprint.activities.values_list("pk", flat=True))
    assert activities and submitted_blueprint.milestones.exists()
    client = client_for(world.editor)
    url = reverse("proposals:row_delete", args=[next_year.pk, "project", project.pk])
    response = client.post(url, {"version": project.version})
    assert response.status_code == 409
    assert submitted_blueprint.title in response.content.decode()
    # Nor from the action plan's pages (strategies catches Django's ProtectedError).
    response = client.post(reverse("strategies:project_delete", args=[project.pk]))
    assert response.status_code == 409
    response = client.post(reverse("strategies:strategy_delete", args=[chain["strategy"].pk]))
    assert response.status_code == 409
    assert type(project).objects.filter(pk=project.pk).exists()
    assert list(submitted_blueprint.activities.values_list("pk", flat=True)) == activities
    assert submitted_blueprint.milestones.exists()
    assert not Revision.objects.filter(blueprint=next_year, action="deleted").exists()


def test_an_indicator_a_change_proposal_links_cannot_be_deleted(
    world, submitted_blueprint, next_year, chain, client_for
):
    indicator = chain["indicator"]
    change = submitted_blueprint.change_proposals.get()
    change.indicator = indicator
    change.save(update_fields=["indicator"])
    url = reverse("proposals:row_delete", args=[next_year.pk, "indicator", indicator.pk])
    response = client_for(world.editor).post(url, {"version": indicator.version})
    assert response.status_code == 409
    change.refresh_from_db()
    assert change.indicator_id == indicator.pk


def test_a_blueprint_removes_a_project_with_its_own_rows_in_its_history(
    world, blueprint, chain, client_for
):
    project = chain["project"]
    activity = bp_factories.ActivityFactory(blueprint=blueprint, project=project)
    milestone = bp_factories.MilestoneFactory(blueprint=blueprint, project=project)
    url = reverse("proposals:row_delete", args=[blueprint.pk, "project", project.pk])
    assert client_for(world.editor).post(url, {"version": project.version}).status_code == 302
    assert not type(project).objects.filter(pk=project.pk).exists()
    removed = set(
        Revision.objects.filter(blueprint=blueprint, action="deleted").values_list(
            "kind", "object_id"
        )
    )
    assert removed == {("project", project.pk), ("activity", activity.pk),
                       ("milestone", milestone.pk)}  # fmt: skip


# Restore applies the same rights, row by row (finding 2).


def test_an_agency_cannot_restore_away_another_agencys_project(
    world, second, blueprint, projects, client_for
):
    """Restoring the action plan to a version before the other agency's project existed
    deleted that project, recorded as the restoring agency's act."""
    theirs = projects["theirs"]
    # The version the agency restores: before "theirs" was in the Blueprint's history.
    Revision.objects.filter(blueprint=blueprint, kind="project", object_id=theirs.pk).delete()
    point = Revision.objects.filter(blueprint=blueprint, section="action_plan").latest("number")
    ours = projects["ours"]
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["project"], obj=ours,
        values={"title": "ชื่อใหม่"}, version=ours.version,
    )  # fmt: skip
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["project"], obj=theirs,
        values={"title": "พาณิชย์แก้"}, version=theirs.version,
    )  # fmt: skip
    head = Revision.objects.filter(blueprint=blueprint, section="action_plan").latest("number")
    url = reverse("proposals:section_restore", args=[blueprint.pk, "action_plan", point.number])
    client = client_for(world.contributor)
    # Restoring writes live rows: since issue 20 an agency never does (it proposes).
    assert client.post(url, {"head": head.number}).status_code == 403
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    ours.refresh_from_db()
    assert ours.title == "ชื่อใหม่"  # nothing restored half-way
    assert not Revision.objects.filter(blueprint=blueprint, action__in=["deleted", "restored"])
    # The strategy office may restore it.
    client_for(world.editor).post(url, {"head": head.number})
    assert not type(theirs).objects.filter(pk=theirs.pk).exists()
    ours.refresh_from_db()
    assert ours.title != "ชื่อใหม่"


def test_restoring_is_the_strategy_offices_even_for_an_agencys_own_project(
    world, second, blueprint, projects
):
    from django.core.exceptions import PermissionDenied

    ours, theirs = projects["ours"], projects["theirs"]
    services.row_update(  # the other agency's project is in the version restored
        user=world.editor, blueprint=blueprint, kind=KINDS["project"], obj=theirs,
        values={}, version=theirs.version,
    )  # fmt: skip
    point = Revision.objects.filter(blueprint=blueprint, section="action_plan").latest("number")
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["project"], obj=ours,
        values={"title": "ชื่อใหม่"}, version=ours.version,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.section_restore(
            user=world.contributor, blueprint=blueprint, section="action_plan",
            number=point.number, head=history.latest_number(blueprint, "action_plan"),
        )  # fmt: skip
    ours.refresh_from_db()
    assert ours.title == "ชื่อใหม่"
    changed = services.section_restore(
        user=world.editor, blueprint=blueprint, section="action_plan",
        number=point.number, head=history.latest_number(blueprint, "action_plan"),
    )  # fmt: skip
    assert changed == 1
    ours.refresh_from_db()
    assert ours.title != "ชื่อใหม่"


# --------------------------------------------------------------------------
# A second agency of the province (issue 23): "their agency" is not "any agency of
# the province". The "changes" section is assigned to the first agency; the second
# agency's contributor may read everything a member reads and change nothing of it —
# on every URL of the matrix, exactly as the province's viewer.
# --------------------------------------------------------------------------


def test_matrix_on_a_draft_for_a_contributor_of_another_agency(
    world, second, blueprint, chain, client_for
):
    check(client_for(second.contributor), "viewer", draft_cases(world, blueprint, chain))


def test_matrix_on_a_submitted_blueprint_for_a_contributor_of_another_agency(
    world, second, submitted_blueprint, client_for
):
    cases = submitted_cases(world, submitted_blueprint)
    check(client_for(second.contributor), "viewer", cases)


@pytest.mark.parametrize("owner", ["first", "second"])
def test_each_agency_changes_only_the_section_assigned_to_it(
    owner, world, second, blueprint, client_for
):
    """The section assigned to one agency of the province: its contributor proposes new
    rows and changes (into its input, issue 20); the other agency's contributor gets 403
    and changes nothing."""
    agencies = {"first": world.agency, "second": second.agency}
    people = {"first": world.contributor, "second": second.contributor}
    other = "second" if owner == "first" else "first"
    Section.objects.filter(blueprint=blueprint, key="risks").update(assignee=agencies[owner])
    risk = bp_factories.RiskFactory(blueprint=blueprint, description="ฝนทิ้งช่วง")
    pk = blueprint.pk
    row = {"description": "ราคาผลไม้ตกต่ำ", "likelihood": "high", "impact": "medium"}
    create = reverse("proposals:row_create", args=[pk, "risk"])
    edit = reverse("proposals:row_edit", args=[pk, "risk", risk.pk])
    move = reverse("proposals:row_move", args=[pk, "risk", risk.pk])
    delete = reverse("proposals:row_delete", args=[pk, "risk", risk.pk])
    status = reverse("proposals:section_status", args=[pk, "risks"])

    outsider = client_for(people[other])
    assert outsider.post(create, row).status_code == 403
    assert outsider.post(edit, {**row, "version": risk.version}).status_code == 403
    assert outsider.post(move, {"direction": "up"}).status_code == 403
    assert outsider.post(delete, {"version": risk.version}).status_code == 403
    assert outsider.post(status, {"status": "submitted"}).status_code == 403
    risk.refresh_from_db()
    assert (risk.description, risk.version) == ("ฝนทิ้งช่วง", 1)
    assert blueprint.risks.count() == 1
    assert Section.objects.get(blueprint=blueprint, key="risks").status != "submitted"
    assert (
        not Revision.objects.filter(blueprint=blueprint, section="risks")
        .exclude(action="baseline")
        .exists()
    )

    insider = client_for(people[owner])
    assert insider.post(create, row).status_code == 302
    assert insider.post(edit, {**row, "version": risk.version}).status_code == 302
    risk.refresh_from_db()
    assert risk.description == "ฝนทิ้งช่วง"  # proposed, not live
    draft = AgencyInput.objects.get(blueprint=blueprint, agency=agencies[owner])
    assert sorted(draft.items.values_list("action", flat=True)) == ["add", "change"]
    assert not AgencyInput.objects.filter(agency=agencies[other]).exists()
    # The agency hands in by submitting its input (the status button is the office's).
    assert insider.post(status, {"status": "submitted"}).status_code == 403
    inputs.input_submit(user=people[owner], agency_input=draft)
    assert Section.objects.get(blueprint=blueprint, key="risks").status == "submitted"


def test_a_reviewer_who_is_also_a_member_keeps_their_provinces_drafts(world, blueprint, client_for):
    """One person may hold OPDC's reviewer role and a province membership: the review role
    adds submitted Blueprints to what they see, it never takes their own province's drafts
    away (list and page)."""
    factories.MembershipFactory(user=world.reviewer, organisation=world.province, role="viewer")
    assert blueprint.submitted_at is None
    assert list(Blueprint.objects.visible_to(world.reviewer)) == [blueprint]
    client = client_for(world.reviewer)
    page = reverse("proposals:detail", args=[blueprint.pk])
    assert client.get(page).status_code == 200
    assert f'href="{page}"' in client.get(reverse("proposals:list")).content.decode()


def test_blueprint_for_reads_the_plan_province_and_cluster_with_the_blueprint(
    world, blueprint, django_assert_num_queries
):
    from proposals import access

    cluster = factories.OrganisationFactory(kind=OrganisationKind.CLUSTER, code="upper-south")
    Blueprint.objects.filter(pk=blueprint.pk).update(cluster=cluster)
    blueprint.refresh_from_db()
    expected = (blueprint.issue.plan.organisation, blueprint.province, cluster)
    found, rights = access.blueprint_for(world.editor, blueprint.pk)
    assert found == blueprint and rights.edit
    with django_assert_num_queries(0):
        assert (found.issue.plan.organisation, found.province, found.cluster) == expected


def test_an_agency_may_name_its_own_agency_as_owner_given_as_a_row_or_an_id(world, second):
    """Forms give the owner as an organisation, restore data and inputs as its id."""
    from proposals import access

    rights = access.Rights(read_live=True, agencies=frozenset({world.agency.pk}))
    project = KINDS["project"]
    assert rights.may_set_owner(project, world.agency)
    assert rights.may_set_owner(project, world.agency.pk)
    assert not rights.may_set_owner(project, second.agency)
    assert not rights.may_set_owner(project, second.agency.pk)
    assert not rights.may_set_owner(project, None)
