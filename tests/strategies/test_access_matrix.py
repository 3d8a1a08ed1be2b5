"""Every URL of the cascade × every actor × GET and POST.

Strangers (an editor of another province) get 404 for anything of Chumphon's;
members who may only read get 403 on changes; anonymous people are sent to log in.
OPDC is a stranger to a strategic issue (and a plan) until a Blueprint of it has been
submitted; then it reads it and gets 403 on changes (``strategies/access.py``).
"""

import pytest
from django.urls import get_resolver, reverse

from tests import factories
from tests.conftest import ACTORS
from tests.strategies.conftest import submit_issue

pytestmark = pytest.mark.django_db

ANON = 302
READ_ALL = {"anonymous": ANON, **dict.fromkeys(ACTORS[1:], 200)}
READ_PROVINCE = {**READ_ALL, "stranger": 404, "reviewer": 404}
READ_SUBMITTED = {**READ_PROVINCE, "reviewer": 200}
EDIT_PROVINCE = {
    "anonymous": ANON,
    "editor": 200,
    "contributor": 403,
    "viewer": 403,
    "reviewer": 404,
    "stranger": 404,
    "admin": 200,
}
EDIT_SUBMITTED = {**EDIT_PROVINCE, "reviewer": 403}
CREATE_PLAN = {**EDIT_PROVINCE, "stranger": 200, "reviewer": 403}  # strangers: their own

KINDS = ["issue", "goal", "indicator", "strategy", "project"]
PARENT = {
    "issue": "plan",
    "goal": "issue",
    "indicator": "goal",
    "strategy": "issue",
    "project": "strategy",
}


def cases(world, chain, submitted=False):
    """(url name, args, expected GET, expected POST with an empty body)."""
    read, edit = (READ_SUBMITTED, EDIT_SUBMITTED) if submitted else (READ_PROVINCE, EDIT_PROVINCE)
    yield "home", [], READ_ALL, None
    yield "strategies:policy_list", [], READ_ALL, None
    statement = world.admin_plan.statement
    yield "strategies:policy_detail", [statement.pk], READ_ALL, None
    heading = statement.headings.create(number=1, title="นโยบาย")
    yield "strategies:heading_detail", [heading.pk], READ_ALL, None
    yield "strategies:adminplan_detail", [world.admin_plan.pk], READ_ALL, None
    yield "strategies:natstrategy_detail", [world.national_strategy.pk], READ_ALL, None
    yield "strategies:plan_list", [], READ_ALL, None
    yield "strategies:plan_create", [], CREATE_PLAN, CREATE_PLAN
    yield "strategies:plan_detail", [world.plan.pk], read, None
    yield "strategies:plan_cascade", [world.plan.pk], read, None
    yield "strategies:plan_edit", [world.plan.pk], edit, edit
    for kind in KINDS:
        element = chain[kind]
        yield f"strategies:{kind}_detail", [element.pk], read, None
        yield f"strategies:{kind}_edit", [element.pk], edit, edit
        yield f"strategies:{kind}_create", [chain[PARENT[kind]].pk], edit, edit


@pytest.mark.parametrize("submitted", [False, True], ids=["unsubmitted", "submitted"])
@pytest.mark.parametrize("actor", ACTORS)
def test_matrix(actor, submitted, world, chain, client_for):
    if submitted:
        submit_issue(chain["issue"])
    client = client_for(world.actor(actor))
    failures = []
    for name, args, get_expected, post_expected in cases(world, chain, submitted):
        url = reverse(name, args=args)
        status = client.get(url).status_code
        if status != get_expected[actor]:
            failures.append(f"GET {url} ({name}) → {status}, expected {get_expected[actor]}")
        post_status = client.post(url, {}).status_code
        want = post_expected[actor] if post_expected else (ANON if actor == "anonymous" else 405)
        if post_status != want:
            failures.append(f"POST {url} ({name}) → {post_status}, expected {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", 302),
        ("editor", 302),  # deleted, back to the parent
        ("contributor", 403),
        ("viewer", 403),
        ("reviewer", 404),  # nothing of the issue was submitted
        ("submitted-reviewer", 403),
        ("stranger", 404),
    ],
)
def test_delete(actor, expected, world, chain, client_for):
    from strategies.models import Project

    if actor == "submitted-reviewer":
        submit_issue(chain["issue"])
        actor = "reviewer"
    url = reverse("strategies:project_delete", args=[chain["project"].pk])
    client = client_for(world.actor(actor))
    get_status = client.get(url).status_code
    assert get_status == (200 if actor == "editor" else expected)
    assert client.post(url).status_code == expected
    assert Project.objects.filter(pk=chain["project"].pk).exists() == (actor != "editor")


def test_every_strategies_url_is_in_the_matrix(world, chain):
    covered = {name for name, *_ in cases(world, chain)} | {
        f"strategies:{kind}_delete" for kind in KINDS
    }
    resolver = get_resolver()
    names = {
        f"strategies:{pattern.name}"
        for pattern in resolver.url_patterns
        if getattr(pattern, "namespace", None) == "strategies"
        for pattern in pattern.url_patterns
    }
    assert names <= covered, names - covered


def test_plan_list_shows_only_visible_plans(world, client_for):
    body = client_for(world.stranger).get(reverse("strategies:plan_list")).content.decode()
    assert world.other_plan.title in body
    assert world.plan.get_absolute_url() not in body
    # OPDC: only the plans with an issue submitted to it.
    reviewer = client_for(world.reviewer)
    body = reviewer.get(reverse("strategies:plan_list")).content.decode()
    assert world.plan.get_absolute_url() not in body
    assert world.other_plan.get_absolute_url() not in body
    submit_issue(factories.StrategicIssueFactory(plan=world.other_plan, number=1))
    body = reviewer.get(reverse("strategies:plan_list")).content.decode()
    assert world.plan.get_absolute_url() not in body
    assert world.other_plan.get_absolute_url() in body


def test_contributor_sees_own_province_only(world, client_for):
    body = client_for(world.contributor).get(reverse("strategies:plan_list")).content.decode()
    assert world.plan.get_absolute_url() in body
    assert world.other_plan.get_absolute_url() not in body


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("editor", 200),
        ("contributor", 403),  # their agency leads the project: still not the plan's editor
        ("second_contributor", 403),  # another agency of the same province
        ("stranger", 404),
    ],
)
def test_cascade_project_pages_by_agency(actor, expected, world, second, chain, client_for):
    """Issue 18, finding 1, on the action plan's pages: rights are the province's, decided
    before the form is bound, so naming one's own agency as lead changes nothing."""
    from strategies.models import Project

    project = chain["project"]  # led by the contributor's agency
    user = second.contributor if actor == "second_contributor" else world.actor(actor)
    named = second.agency if actor == "second_contributor" else world.agency
    client = client_for(user)
    edit = reverse("strategies:project_edit", args=[project.pk])
    assert client.get(edit).status_code == expected
    posted = {"number": 1, "title": "ยึดโครงการ", "lead_agency": named.pk}
    posted["version"] = project.version
    assert client.post(edit, posted).status_code == (302 if expected == 200 else expected)
    saved = Project.objects.get(pk=project.pk)
    assert (saved.title == "ยึดโครงการ") == (expected == 200)
    if expected != 200:
        assert saved.lead_agency_id == world.agency.pk
        delete = reverse("strategies:project_delete", args=[project.pk])
        assert client.post(delete).status_code == expected
        assert Project.objects.filter(pk=project.pk).exists()


def test_opdc_role_adds_to_a_members_reading_and_never_takes_away(world):
    """A person may be an OPDC reviewer and a member of a province: they read their
    province's issues (not submitted) and the plans of organisations outside any province,
    but not another province's unsubmitted issues; and edit only where they are editors."""
    from strategies.access import can_edit_plan, can_read_issue, issues_q, plans_q
    from strategies.models import ActionPlan, OrganisationKind, StrategicIssue

    own = factories.StrategicIssueFactory(plan=world.plan, number=1)
    other = factories.StrategicIssueFactory(plan=world.other_plan, number=1)
    cluster = factories.OrganisationFactory(kind=OrganisationKind.CLUSTER, province=None)
    outside = factories.StrategicIssueFactory(
        plan=factories.ActionPlanFactory(organisation=cluster), number=1
    )
    factories.MembershipFactory(user=world.reviewer, organisation=world.province, role="viewer")
    readable = set(StrategicIssue.objects.filter(issues_q(world.reviewer)))
    assert readable == {own, outside}
    assert other not in readable
    assert set(ActionPlan.objects.filter(plans_q(world.reviewer))) == {world.plan, outside.plan}

    # Once a Blueprint of another province's issue is submitted, OPDC reads that issue only.
    second = factories.StrategicIssueFactory(plan=world.other_plan, number=2)
    submit_issue(second)
    assert can_read_issue(world.reviewer, second)
    assert not can_read_issue(world.reviewer, other)
    assert can_edit_plan(world.editor, world.plan)
    assert not can_edit_plan(world.editor, world.other_plan)
    assert not can_edit_plan(world.reviewer, world.plan)


def test_plan_for_reads_the_plan_with_its_province(world, django_assert_num_queries):
    from strategies import access

    plan = access.plan_for(world.editor, world.plan.pk)
    with django_assert_num_queries(0):
        assert plan.organisation == world.province


def test_issue_of_refuses_what_is_not_under_an_issue_and_says_what_it_was(world):
    from strategies import access

    with pytest.raises(TypeError, match="Not an element under a strategic issue: .*ชุมพร"):
        access.issue_of(world.province)


def test_a_persons_scope_adds_up_every_membership_in_whatever_order(world):
    """Every membership counts, whichever comes first: OPDC's reviewer role, a membership
    of an organisation outside any province, a province's editor, an agency's contributor."""
    from strategies.models import OrganisationKind, Role
    from strategies.visibility import scope_for

    # Created in this order, so that the memberships come in either order whether the
    # database returns them by membership or by organisation.
    cluster = factories.OrganisationFactory(kind=OrganisationKind.CLUSTER, province=None)
    province = factories.ProvinceFactory()
    agency = factories.LineAgencyFactory(province=province)
    memberships = [
        (world.opdc, Role.REVIEWER),
        (cluster, Role.VIEWER),
        (province, Role.EDITOR),
        (agency, Role.CONTRIBUTOR),
    ]
    for order in (memberships, memberships[::-1], memberships[1:] + memberships[:1]):
        person = factories.UserFactory()
        for organisation, role in order:
            factories.MembershipFactory(user=person, organisation=organisation, role=role)
        scope = scope_for(person)
        assert (scope.reviewer, scope.read_all, scope.edit_all) == (True, True, False)
        assert scope.read == {province.pk}
        assert scope.edit == {province.pk}
        assert scope.contribute == {agency.pk}


def test_a_role_counts_only_where_it_belongs(world):
    """OPDC's reviewers are the reviewer role at OPDC: another role there, or the reviewer
    role given in a province, reviews nothing; an agency's contributor role is the one that
    contributes, not another role at an agency."""
    from strategies.models import Role
    from strategies.visibility import scope_for

    def scope(organisation, role):
        person = factories.UserFactory()
        factories.MembershipFactory(user=person, organisation=organisation, role=role)
        return scope_for(person)

    assert not scope(world.opdc, Role.VIEWER).reviewer
    in_province = scope(world.province, Role.REVIEWER)
    assert not in_province.reviewer and not in_province.read_all
    assert in_province.read == {world.province.pk}
    viewer = scope(world.agency, Role.VIEWER)
    assert viewer.contribute == frozenset() and viewer.read == {world.province.pk}
    assert scope(world.agency, Role.CONTRIBUTOR).contribute == {world.agency.pk}


def test_a_superuser_has_every_right_opdcs_workspace_included(world, client_for):
    """A superuser reads and edits everything and is one of OPDC's reviewers: the national
    workspace (``is_opdc``) reads the reviewer flag alone."""
    from proposals.review.access import is_opdc
    from strategies.visibility import scope_for

    scope = scope_for(world.admin)
    assert (scope.read_all, scope.edit_all, scope.reviewer) == (True, True, True)
    assert is_opdc(world.admin)
    assert client_for(world.admin).get(reverse("proposals:review:dashboard")).status_code == 200
