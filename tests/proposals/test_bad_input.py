"""Bad input gets a clear message and keeps what was typed; HTML is stored and shown escaped.

Never a 500.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proposals import services
from proposals.models import MAX_TEXT_LENGTH, Blueprint, ChangeProposal, ProjectActivity
from proposals.rows import KINDS
from strategies.models import IndicatorTarget, ProjectBudget

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def url(name, *args):
    return reverse(f"proposals:{name}", args=args)


def header_data(**overrides):
    data = {"title": "ชื่อ", "fiscal_year": 2548, "cluster": "", "cluster_reference": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_is_refused_with_a_message(title, world, blueprint, client_for):
    before = blueprint.title
    response = client_for(world.editor).post(
        url("edit", blueprint.pk), header_data(title=title, version=blueprint.version)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["This field is required."]
    blueprint.refresh_from_db()
    assert blueprint.title == before
    with pytest.raises(ValidationError):
        services.blueprint_update_header(
            user=world.editor, blueprint=blueprint, values={"title": title},
            version=blueprint.version,
        )  # fmt: skip


def test_new_blueprint_without_title_is_named_after_its_issue(world, chain, client_for):
    response = client_for(world.editor).post(
        url("create"), {"issue": chain["issue"].pk, "fiscal_year": 2549, "title": ""}
    )
    assert response.status_code == 302
    blueprint = Blueprint.objects.get(fiscal_year=2549)
    assert chain["issue"].title in blueprint.title


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2560, "Fiscal year 2560 is outside the action plan (2548–2551)."),
        (2005, "Enter a Buddhist Era year (e.g. 2548), not a Christian Era year."),
        ("สองพัน", "Enter a whole number."),
    ],
)
def test_blueprint_year_outside_the_plan(year, message, world, chain, client_for):
    response = client_for(world.editor).post(
        url("create"), {"issue": chain["issue"].pk, "fiscal_year": year}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["fiscal_year"]
    assert not Blueprint.objects.exists()


def test_second_open_blueprint_for_the_same_issue_and_year(world, blueprint, chain, client_for):
    response = client_for(world.editor).post(
        url("create"), {"issue": chain["issue"].pk, "fiscal_year": 2548}
    )
    assert response.status_code == 200
    assert "already has an open Blueprint" in str(response.context["form"].errors)


def test_target_for_a_year_outside_the_plan(world, blueprint, chain):
    indicator = chain["indicator"]
    with pytest.raises(ValidationError) as refused:
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["indicator"], obj=indicator,
            values={}, version=indicator.version, extras={"targets": {2560: Decimal("5")}},
        )  # fmt: skip
    assert "Fiscal year 2560 is outside the action plan (2548–2551)." in refused.value.messages
    assert not IndicatorTarget.objects.filter(fiscal_year=2560).exists()
    indicator.refresh_from_db()
    assert indicator.version == 1  # the whole save was undone


def test_target_year_outside_plan_from_the_database_trigger(world, blueprint, chain):
    """Even past the form and the service's own check, the trigger's refusal is a message."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        IndicatorTarget.objects.create(indicator=chain["indicator"], fiscal_year=2599, value=1)
    assert "target" in services.explain_integrity_error(error.value).lower()


def test_indicator_form_ignores_unknown_years_and_rejects_non_numbers(
    world, blueprint, chain, client_for
):
    indicator = chain["indicator"]
    data = {
        "number": 1, "name": indicator.name, "unit": "ร้อยละ", "baseline": "",
        "baseline_year": "", "weight": "", "owner": "", "version": indicator.version,
        "target_2548": "สาม", "target_2560": "5",
    }  # fmt: skip
    response = client_for(world.editor).post(
        url("row_edit", blueprint.pk, "indicator", indicator.pk), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target_2548"]
    assert response.context["form"]["target_2548"].value() == "สาม"  # kept as typed


def test_negative_budget(world, blueprint, chain, client_for):
    project = chain["project"]
    data = {
        "strategy": chain["strategy"].pk, "number": 1, "title": project.title, "objective": "",
        "lead_agency": world.agency.pk, "version": project.version,
        "budget_2548_regular": "-500000",
    }  # fmt: skip
    response = client_for(world.editor).post(
        url("row_edit", blueprint.pk, "project", project.pk), data
    )
    assert response.status_code == 200
    assert "A budget cannot be negative." in response.context["form"].errors["budget_2548_regular"]
    assert ProjectBudget.objects.get(project=project).amount == Decimal("1500000.00")
    with pytest.raises(ValidationError) as refused:
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["project"], obj=project,
            values={}, version=project.version,
            extras={"budgets": {(2548, "regular"): Decimal("-1")}},
        )  # fmt: skip
    assert refused.value.messages == ["A budget cannot be negative."]


def test_100000_character_text_gets_a_message_and_is_kept(world, blueprint, client_for):
    long_text = ("สภาพปัจจุบันของจังหวัด " * 5000)[:100_000]
    fields = dict.fromkeys(KINDS["diagnosis"].fields, "")
    response = client_for(world.editor).post(
        url("row_edit", blueprint.pk, "diagnosis", blueprint.diagnosis.pk),
        {**fields, "current_situation": long_text, "version": 1},
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["current_situation"]
    assert f"at most {MAX_TEXT_LENGTH}" in error and "100000" in error
    assert response.context["form"]["current_situation"].value() == long_text
    blueprint.diagnosis.refresh_from_db()
    assert blueprint.diagnosis.current_situation == ""


def test_100000_character_title_gets_a_message(world, blueprint, client_for):
    response = client_for(world.editor).post(
        url("row_create", blueprint.pk, "change"), {"category": "quality", "title": "ก" * 100_000}
    )
    assert response.status_code == 200
    assert "at most 500" in response.context["form"].errors["title"][0]
    assert not ChangeProposal.objects.exists()


def test_html_and_script_are_stored_and_shown_escaped(world, blueprint, client_for):
    client = client_for(world.editor)
    response = client.post(
        url("row_create", blueprint.pk, "change"),
        {"category": "quality", "title": SCRIPT, "gap": f"ย่อหน้า\n\n{SCRIPT}"},
    )
    assert response.status_code == 302
    change = ChangeProposal.objects.get()
    assert change.title == SCRIPT  # stored as typed
    for page in (
        client.get(blueprint.get_absolute_url()),
        client.get(url("section_history", blueprint.pk, "changes")),
        client.get(url("section_diff", blueprint.pk, "changes")),
        client.get(url("row_edit", blueprint.pk, "change", change.pk)),
        client.get(url("row_delete", blueprint.pk, "change", change.pk)),
    ):
        body = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in body
        assert "<img src=x" not in body
    assert (
        "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"
        in client.get(blueprint.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("31/02/2548", "", "start_date", "Enter a date as day/month/year in the Buddhist Era"),
        ("1/3/2548", "1/2/2548", "end_date", "The end date cannot come before the start date."),
        ("1/3/2560", "", "start_date", "Choose a date within the action plan"),
        ("ไม่ทราบ", "", "start_date", "Enter a date as day/month/year in the Buddhist Era"),
    ],
)
def test_bad_activity_dates(start, end, field, message, world, blueprint, chain, client_for):
    response = client_for(world.editor).post(
        url("row_create", blueprint.pk, "activity") + f"?parent={chain['project'].pk}",
        {"title": "อบรมเกษตรกร", "start_date": start, "end_date": end},
    )
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert not ProjectActivity.objects.exists()


def test_be_dates_with_thai_digits_are_understood(world, blueprint, chain, client_for):
    response = client_for(world.editor).post(
        url("row_create", blueprint.pk, "activity") + f"?parent={chain['project'].pk}",
        {"title": "อบรมเกษตรกร", "start_date": "๑/๑๑/๒๕๔๗", "end_date": "2005-03-31"},
    )
    assert response.status_code == 302
    activity = ProjectActivity.objects.get()
    assert (activity.start_date.isoformat(), activity.end_date.isoformat()) == (
        "2004-11-01",
        "2005-03-31",
    )


def test_change_proposal_years_outside_the_plan_or_reversed(world, blueprint, client_for):
    create = url("row_create", blueprint.pk, "change")
    client = client_for(world.editor)
    outside = client.post(create, {"category": "quality", "title": "ก", "start_year": 2560})
    assert outside.status_code == 200 and outside.context["form"].errors["start_year"]
    reversed_years = client.post(
        create, {"category": "quality", "title": "ก", "start_year": 2550, "end_year": 2549}
    )
    assert reversed_years.context["form"].errors["end_year"] == [
        "The end year cannot come before the start year."
    ]
    unknown = client.post(create, {"category": "revolution", "title": "ก"})
    assert unknown.status_code == 200 and unknown.context["form"].errors["category"]


def test_foreign_agency_and_indicator_are_refused(world, blueprint, client_for):
    response = client_for(world.editor).post(
        url("row_create", blueprint.pk, "change"),
        {"category": "quality", "title": "ก", "responsible_agency": world.other_agency.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["responsible_agency"]


def test_assigning_to_an_agency_of_another_province_is_refused(world, blueprint, client_for):
    response = client_for(world.editor).post(
        url("section_assign", blueprint.pk, "risks"),
        {"assignee": world.other_agency.pk, "status": "not_started", "version": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assignee"]


def test_restore_of_a_revision_number_that_is_not_there(world, blueprint, client_for):
    client = client_for(world.editor)
    assert client.get(url("section_restore", blueprint.pk, "changes", 999)).status_code == 404
    assert client.post(url("section_restore", blueprint.pk, "changes", 999)).status_code == 404


@pytest.fixture
def current_blueprint(world):
    """A Blueprint of the fiscal year we are in (deadlines may not lie in its past)."""
    from django.utils import timezone

    from strategies import fiscal
    from tests import factories

    year = fiscal.fiscal_year_of(timezone.localdate())
    plan = factories.ActionPlanFactory(
        organisation=world.province,
        administration_plan=world.admin_plan,
        start_year=year - 1,
        end_year=year + 2,
    )
    issue = factories.StrategicIssueFactory(plan=plan, number=1)
    return services.blueprint_create(user=world.editor, issue=issue, fiscal_year=year)


def _be(day):
    return f"{day.day}/{day.month}/{day.year + 543}"


def test_a_deadline_in_the_past_or_decades_away_is_refused(world, current_blueprint, client_for):
    import datetime

    from django.utils import timezone

    from proposals.models import Section

    today = timezone.localdate()
    client = client_for(world.editor)
    assign = url("section_assign", current_blueprint.pk, "risks")
    data = {"assignee": world.agency.pk, "status": "not_started", "version": 1}
    yesterday = today - datetime.timedelta(days=1)
    response = client.post(assign, {**data, "due_date": _be(yesterday)}, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 200
    (error,) = response.context["form"].errors["due_date"]
    assert error == f"{_be(yesterday)} ผ่านไปแล้ว กรุณาเลือกวันนี้ ({_be(today)}) หรือวันหลังจากนี้"
    assert f'value="{_be(yesterday)}"' in response.content.decode()  # what was typed stays
    far = today.replace(year=today.year + 21)
    response = client.post(assign, {**data, "due_date": _be(far)})
    assert "too far ahead" in response.context["form"].errors["due_date"][0]
    section = Section.objects.get(blueprint=current_blueprint, key="risks")
    assert section.assignee is None and section.due_date is None  # nothing saved
    next_week = today + datetime.timedelta(days=7)
    response = client.post(assign, {**data, "due_date": _be(next_week)})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.due_date == next_week
    # Once overdue, the assignment can still be edited without moving its date.
    Section.objects.filter(pk=section.pk).update(due_date=yesterday)
    section.refresh_from_db()
    response = client.post(
        assign,
        {**data, "due_date": _be(yesterday), "version": section.version, "instructions": "ด่วน"},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.instructions == "ด่วน" and section.due_date == yesterday


def test_deadlines_of_a_past_round_lie_around_its_fiscal_year(world, blueprint, client_for):
    """Recording the 2548 round after the fact: its deadlines may be in the past, but within
    a year of its fiscal year (1 Oct 2547 – 30 Sep 2548)."""
    client = client_for(world.editor)
    assign = url("section_assign", blueprint.pk, "risks")
    data = {"assignee": world.agency.pk, "status": "not_started", "version": 1}
    response = client.post(assign, {**data, "due_date": "31/1/2569"})
    assert "too far ahead" in response.context["form"].errors["due_date"][0]
    response = client.post(assign, {**data, "due_date": "31/1/2545"})
    assert "too early" in response.context["form"].errors["due_date"][0]
    response = client.post(assign, {**data, "due_date": "31/1/2548"})
    assert response.status_code == 302


def test_a_budget_typed_with_separators_is_saved(world, blueprint, chain, client_for):
    project = chain["project"]
    data = {
        "strategy": chain["strategy"].pk, "number": 1, "title": project.title, "objective": "",
        "lead_agency": world.agency.pk, "version": project.version,
        "budget_2548_regular": "987,654,321",
    }  # fmt: skip
    client = client_for(world.editor)
    edit = url("row_edit", blueprint.pk, "project", project.pk)
    assert client.post(edit, data).status_code == 302
    assert ProjectBudget.objects.get(project=project).amount == Decimal("987654321")
    assert 'value="987,654,321"' in client.get(edit).content.decode()


def _refusal(create) -> str:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    return services.explain_integrity_error(error.value)


def test_each_refusal_of_the_database_is_explained_in_words(world, blueprint, chain):
    """Whatever got past the forms and the services, the database's refusal reaches the
    person as the sentence for that rule, never as the constraint's name."""
    from strategies.models import Goal

    project, indicator = chain["project"], chain["indicator"]
    assert (
        _refusal(
            lambda: IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2599, value=1)
        )
        == "A target can only be set for a fiscal year of the action plan."
    )
    assert (
        _refusal(lambda: ProjectBudget.objects.create(project=project, fiscal_year=2599, amount=1))
        == "A budget can only be set for a fiscal year of the action plan."
    )
    assert (
        _refusal(
            lambda: ProjectBudget.objects.create(
                project=project, fiscal_year=2549, source="local", amount=-1
            )
        )
        == "A budget cannot be negative."
    )
    assert (
        _refusal(
            lambda: Goal.objects.create(
                issue=chain["issue"], number=chain["goal"].number, title="ซ้ำ"
            )
        )
        == "This number is already used here. Choose another number."
    )
    assert (
        _refusal(
            lambda: Blueprint.objects.create(
                issue=blueprint.issue,
                fiscal_year=blueprint.fiscal_year,
                province=world.province,
                title="ฉบับที่สอง",
            )  # fmt: skip
        )
        == "This strategic issue already has an open Blueprint for that fiscal year."
    )


def test_an_unknown_refusal_is_quoted_by_its_first_line_only():
    from django.db import IntegrityError

    error = IntegrityError("ก" * 250 + "\nDETAIL: the second line")
    assert services.explain_integrity_error(error) == (
        "The change could not be saved because it conflicts with other data: " + "ก" * 200
    )


@pytest.mark.parametrize(
    ("key", "factory", "parent"),
    [
        ("issue", "StrategicIssueFactory", "plan"),
        ("indicator", "IndicatorFactory", "goal"),
        ("strategy", "StrategyFactory", "issue"),
        ("project", "ProjectFactory", "strategy"),
    ],
)
def test_a_number_used_twice_is_explained_for_each_level_of_the_cascade(
    chain, key, factory, parent
):
    from tests import factories

    existing = chain[key]
    make = getattr(factories, factory)
    assert (
        _refusal(lambda: make(**{parent: getattr(existing, parent), "number": existing.number}))
        == "This number is already used here. Choose another number."
    )


def test_a_project_other_blueprints_hang_from_is_not_removed_and_they_are_named(
    world, blueprint, chain
):
    from tests.proposals import factories as bp_factories

    project = chain["project"]
    last = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2550)
    later = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2549)
    for hanging in (last, last, blueprint, later):  # two rows of one Blueprint name it once
        bp_factories.MilestoneFactory(blueprint=hanging, project=project)
    project.refresh_from_db()
    with pytest.raises(services.Refused) as refused:
        services.row_delete(
            user=world.editor, blueprint=later, kind=KINDS["project"], obj=project,
            version=project.version,
        )  # fmt: skip
    label = KINDS["project"].label_of(project)
    assert str(refused.value) == (
        f"“{label}” cannot be removed: rows of these Blueprints still depend on it: "
        f"“{blueprint.title}” (fiscal year 2548), “{last.title}” (fiscal year 2550). "
        "Remove those rows there first. A Blueprint that is approved, submitted or accepted "
        "keeps its rows, and this row stays with them. Nothing was removed."
    )
    assert project.__class__.objects.filter(pk=project.pk).exists()
    assert later.milestones.count() == 1  # its own row, removed first, is back


def test_only_the_strategy_office_gives_a_project_to_another_agency(world, blueprint, second):
    rights_of_agency = services.access.rights_for(world.contributor, blueprint)
    assert not rights_of_agency.edit
    with pytest.raises(ValidationError) as refused:
        services._check_row_owner(
            world.contributor, blueprint, KINDS["project"], None, {"lead_agency": second.agency}
        )
    assert refused.value.message_dict == {
        "lead_agency": [
            "Only the strategy office chooses another agency as the lead agency: an agency "
            "changes only what its agency leads."
        ]
    }
    services._check_row_owner(  # its own agency: allowed
        world.contributor, blueprint, KINDS["project"], None, {"lead_agency": world.agency}
    )


def _header(world, blueprint, values):
    blueprint.refresh_from_db()
    return services.blueprint_update_header(
        user=world.editor, blueprint=blueprint, values=values, version=blueprint.version
    )


def test_the_header_says_which_field_is_wrong_and_saves_nothing(world, blueprint, chain):
    services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2549)
    version = blueprint.version
    refusals = [
        ({"title": "   "}, {"title": ["A Blueprint needs a title."]}),
        (
            {"fiscal_year": 2549, "title": "ชื่อใหม่"},
            {
                "fiscal_year": [
                    "This strategic issue already has an open Blueprint for fiscal year 2549."
                ]
            },
        ),
        (
            {"fiscal_year": 2553},
            {"fiscal_year": ["Fiscal year 2553 is outside the action plan (2548–2551)."]},
        ),
    ]
    for values, errors in refusals:
        with pytest.raises(ValidationError) as refused:
            _header(world, blueprint, values)
        assert refused.value.message_dict == errors
    blueprint.refresh_from_db()
    assert (blueprint.version, blueprint.fiscal_year) == (version, 2548)
    assert blueprint.title != "ชื่อใหม่"


def test_the_header_keeps_its_own_year_and_trims_the_title(world, blueprint):
    saved = _header(world, blueprint, {"title": "  ชื่อใหม่  ", "fiscal_year": 2548})
    assert (saved.title, saved.fiscal_year) == ("ชื่อใหม่", 2548)
    moved = _header(world, blueprint, {"fiscal_year": 2550})
    assert Blueprint.objects.get(pk=blueprint.pk).fiscal_year == moved.fiscal_year == 2550
    assert blueprint.revisions.filter(section="header").count() >= 2


def test_rows_move_one_place_and_not_past_either_end(world, blueprint):
    from tests.proposals import factories as bp_factories

    kind = KINDS["risk"]
    first, second, third = (
        bp_factories.RiskFactory(blueprint=blueprint, position=n) for n in (1, 2, 3)
    )

    def order():
        return list(blueprint.risks.order_by("position").values_list("pk", flat=True))

    def move(row, direction):
        return services.row_move(
            user=world.editor, blueprint=blueprint, kind=kind, obj=row, direction=direction
        )

    revisions = blueprint.revisions.count()
    assert move(first, "up") is False and move(third, "down") is False
    assert order() == [first.pk, second.pk, third.pk]
    assert blueprint.revisions.count() == revisions  # nothing moved, nothing recorded
    assert move(third, "up") is True
    assert order() == [first.pk, third.pk, second.pk]
    assert list(blueprint.risks.order_by("position").values_list("position", flat=True)) == [
        1, 2, 3,
    ]  # fmt: skip
    assert blueprint.revisions.count() == revisions + 2  # the two rows that changed place
    assert move(first, "down") is True
    assert order() == [third.pk, first.pk, second.pk]
    with pytest.raises(ValueError):
        move(first, "sideways")
    with pytest.raises(ValueError):
        services.row_move(
            user=world.editor, blueprint=blueprint, kind=KINDS["diagnosis"],
            obj=blueprint.diagnosis, direction="up",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("key", "parent", "values"),
    [
        ("indicator", "goal", {"number": 2, "name": "ตัวชี้วัดใหม่", "unit": "ร้อยละ"}),
        ("project", "strategy", {"number": 2, "title": "โครงการใหม่"}),
    ],
)
def test_a_cascade_row_goes_under_a_parent_of_the_blueprints_issue(
    world, blueprint, chain, key, parent, values
):
    from django.core.exceptions import PermissionDenied

    from tests import factories

    other_issue = factories.StrategicIssueFactory(plan=world.plan, number=2)
    elsewhere = {
        "goal": factories.GoalFactory(issue=other_issue, number=1),
        "strategy": factories.StrategyFactory(issue=other_issue, number=1),
    }[parent]

    def create(under):
        return services.row_create(
            user=world.editor, blueprint=blueprint, kind=KINDS[key], values=dict(values),
            parent=under,
        )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        create(None)
    assert refused.value.messages == ["Choose where this row belongs."]
    with pytest.raises(PermissionDenied):
        create(elsewhere)
    row = create(chain[parent])
    assert getattr(row, f"{parent}_id") == chain[parent].pk


def test_a_projects_extras_are_checked_and_only_what_was_given_is_changed(world, blueprint, chain):
    from strategies.models import Project

    project = chain["project"]
    project.supporting_agencies.add(world.agency)

    def update(extras):
        current = Project.objects.get(pk=project.pk)
        return services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["project"], obj=current,
            values={}, version=current.version, extras=extras,
        )  # fmt: skip

    for extras, message in [
        ({"budgets": {(2560, "regular"): Decimal("5")}},
         "A budget can only be set for a fiscal year of the action plan."),
        ({"budgets": {(2549, "regular"): Decimal("-0.01")}}, "A budget cannot be negative."),
        ({"targets": {2560: Decimal("5")}, "budgets": {(2550, "regular"): Decimal("-1")}},
         "A budget cannot be negative."),  # targets are no extra of a project
    ]:  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            update(extras)
        assert refused.value.messages == [message]
    update({"budgets": {(2549, "local"): Decimal("0")}})  # nothing is not negative
    assert ProjectBudget.objects.filter(project=project, fiscal_year=2549, amount=0).exists()
    assert list(Project.objects.get(pk=project.pk).supporting_agencies.all()) == [world.agency]
    budgets = list(ProjectBudget.objects.filter(project=project).values_list("pk", "amount"))
    update({"supporting_agencies": []})
    assert not Project.objects.get(pk=project.pk).supporting_agencies.exists()
    assert list(ProjectBudget.objects.filter(project=project).values_list("pk", "amount")) == (
        budgets
    )


def test_years_outside_the_plan_are_all_named(world, blueprint, chain):
    indicator = chain["indicator"]
    with pytest.raises(ValidationError) as refused:
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["indicator"], obj=indicator,
            values={}, version=indicator.version,
            extras={"targets": {2560: Decimal("5"), 2547: Decimal("1"), 2548: Decimal("2")}},
        )  # fmt: skip
    assert refused.value.messages == [
        "Fiscal year 2547, 2560 is outside the action plan (2548–2551)."
    ]


@pytest.mark.parametrize("action", ["update", "delete"])
def test_a_cascade_row_of_another_issue_is_not_changed_through_this_blueprint(
    world, blueprint, chain, action
):
    from django.core.exceptions import PermissionDenied

    from strategies.models import Goal
    from tests import factories

    other = factories.GoalFactory(
        issue=factories.StrategicIssueFactory(plan=world.plan, number=2), number=1, title="อื่น"
    )
    with pytest.raises(PermissionDenied):
        if action == "update":
            services.row_update(
                user=world.editor, blueprint=blueprint, kind=KINDS["goal"], obj=other,
                values={"title": "แก้ข้ามประเด็น"}, version=other.version,
            )  # fmt: skip
        else:
            services.row_delete(
                user=world.editor, blueprint=blueprint, kind=KINDS["goal"], obj=other,
                version=other.version,
            )  # fmt: skip
    assert Goal.objects.get(pk=other.pk).title == "อื่น"
