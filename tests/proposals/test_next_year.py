"""Next year's Blueprint started from this year's (issue 20): copied, re-dated, compared."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import next_year, services
from proposals.models import Blueprint, ChangeProposal, Revision
from proposals.rows import KINDS
from tests.conftest import ACTORS
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_year(world, chain, blueprint):
    """The 2548 Blueprint with a diagnosis, two change proposals and a risk."""
    diagnosis = KINDS["diagnosis"]
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=diagnosis, obj=blueprint.diagnosis,
        values={"current_situation": "ผลไม้ล้นตลาดทุกปี"}, version=blueprint.diagnosis.version,
    )  # fmt: skip
    for title in ("ตลาดผลไม้ออนไลน์", "ศูนย์บริการจุดเดียว"):
        services.row_create(
            user=world.editor, blueprint=blueprint, kind=KINDS["change"],
            values={"category": "quality", "title": title, "responsible_agency": world.agency,
                    "start_year": 2548, "end_year": 2549},
        )  # fmt: skip
    bp_factories.RiskFactory(blueprint=blueprint, description="ฝนทิ้งช่วง")
    blueprint.sections.filter(key="changes").update(assignee=world.agency)
    Blueprint.objects.filter(pk=blueprint.pk).update(
        title=f"{blueprint.title} ปีงบประมาณ 2548", approver_name="นายวีระ"
    )
    blueprint.refresh_from_db()
    return blueprint


def test_next_year_starts_as_a_redated_copy(world, this_year):
    new = next_year.blueprint_start_next_year(user=world.editor, previous=this_year)
    new = Blueprint.objects.get(pk=new.pk)
    assert (new.fiscal_year, new.previous_id, new.status) == (2549, this_year.pk, "draft")
    assert new.title.endswith("ปีงบประมาณ 2549")  # re-dated
    assert new.approver_name == "" and new.submitted_at is None
    assert new.diagnosis.current_situation == "ผลไม้ล้นตลาดทุกปี"
    assert list(new.change_proposals.values_list("title", flat=True)) == [
        "ตลาดผลไม้ออนไลน์",
        "ศูนย์บริการจุดเดียว",
    ]
    assert list(new.risks.values_list("description", flat=True)) == ["ฝนทิ้งช่วง"]
    assert not new.sections.filter(assignee__isnull=False).exists()  # not copied
    # Its own rows (the old year's untouched), each in its own history.
    assert this_year.change_proposals.count() == 2
    assert Revision.objects.filter(blueprint=new, kind="change").count() == 2


def test_the_comparison_says_what_differs_from_last_year(world, this_year):
    new = next_year.blueprint_start_next_year(user=world.editor, previous=this_year)
    groups = {g["kind"].key: g["rows"] for g in next_year.compare_with_previous(new)}
    assert [row["state"] for row in groups["change"]] == ["same", "same"]
    first = new.change_proposals.order_by("position").first()
    services.row_update(
        user=world.editor, blueprint=new, kind=KINDS["change"], obj=first,
        values={"title": "ตลาดผลไม้ออนไลน์ทั้งจังหวัด"}, version=first.version,
    )  # fmt: skip
    services.row_create(
        user=world.editor, blueprint=new, kind=KINDS["change"],
        values={"category": "efficiency", "title": "ลดขั้นตอนอนุญาต"},
    )  # fmt: skip
    groups = {g["kind"].key: g["rows"] for g in next_year.compare_with_previous(new)}
    assert sorted(row["state"] for row in groups["change"]) == ["added", "changed", "same"]
    changed = next(row for row in groups["change"] if row["state"] == "changed")
    assert "<ins>" in str(changed["fields"][0]["html"])


def test_next_year_is_refused_outside_the_plan_or_twice(world, this_year):
    next_year.blueprint_start_next_year(user=world.editor, previous=this_year)
    assert "already has" in next_year.next_year_refusal(this_year)
    last = Blueprint.objects.get(pk=this_year.pk)
    last.fiscal_year = world.plan.years[-1]
    assert "outside" in next_year.next_year_refusal(last)


def test_only_the_office_starts_next_year(world, this_year):
    from django.core.exceptions import PermissionDenied

    for person in (world.contributor, world.viewer):
        with pytest.raises(PermissionDenied):
            next_year.blueprint_start_next_year(user=person, previous=this_year)
    assert not Blueprint.objects.filter(fiscal_year=2549).exists()


def test_the_office_starts_next_year_from_the_page(world, this_year, client_for):
    client = client_for(world.editor)
    page = client.get(this_year.get_absolute_url()).content.decode()
    url = reverse("proposals:next_year", args=[this_year.pk])
    assert url in page
    response = client.post(url)
    new = Blueprint.objects.get(fiscal_year=2549)
    assert response["Location"] == reverse("proposals:since_last_year", args=[new.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Same as last year" in page and "ตลาดผลไม้ออนไลน์" in page
    again = client.post(url)
    assert again.status_code == 400 and "already has" in again.content.decode()
    assert Blueprint.objects.filter(fiscal_year=2549).count() == 1
    assert ChangeProposal.objects.filter(blueprint=new).count() == 2


SINCE = {  # the comparison of a Blueprint started from last year's
    "anonymous": 302,
    "editor": 200,
    "contributor": 200,
    "viewer": 200,
    "reviewer": 404,  # never submitted: OPDC does not see it
    "stranger": 404,
    "admin": 200,
}
START = {**SINCE, "contributor": 403, "viewer": 403}


@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(actor, world, this_year, client_for):
    new = next_year.blueprint_start_next_year(user=world.editor, previous=this_year)
    client = client_for(world.actor(actor))
    since = reverse("proposals:since_last_year", args=[new.pk])
    assert client.get(since).status_code == SINCE[actor]
    assert client.post(since).status_code == (302 if actor == "anonymous" else 405)
    start = reverse("proposals:next_year", args=[new.pk])
    assert client.get(start).status_code == START[actor]
    expected_post = {**START, "editor": 302, "admin": 302}[actor]
    assert client.post(start).status_code == expected_post
    # A Blueprint started from nothing has no comparison.
    assert client.get(reverse("proposals:since_last_year", args=[this_year.pk])).status_code in {
        302 if actor == "anonymous" else 404
    }


def test_the_comparison_page_reads_a_fixed_number_of_queries(
    world, chain, this_year, client_for, django_assert_max_num_queries
):
    client = client_for(world.editor)
    new = next_year.blueprint_start_next_year(user=world.editor, previous=this_year)
    url = reverse("proposals:since_last_year", args=[new.pk])
    client.get(url)  # caches warmed (the person's scope, the site shell)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        for blueprint in (this_year, new):
            services.row_create(
                user=world.editor,
                blueprint=blueprint,
                kind=KINDS["change"],
                values={
                    "category": "quality",
                    "title": f"ข้อเสนอที่ {n}",
                    "responsible_agency": world.agency,
                    "indicator": chain["indicator"],
                },
            )
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_the_rows_dates_move_a_year_later(world, chain, this_year):
    bp_factories.ActivityFactory(
        blueprint=this_year,
        project=chain["project"],
        title="ประมูลผลไม้",
        start_date=datetime.date(2005, 1, 10),
        end_date=datetime.date(2005, 3, 1),
    )
    new = next_year.blueprint_start_next_year(user=world.editor, previous=this_year)
    activity = new.activities.get()
    assert (activity.start_date, activity.end_date, activity.project) == (
        datetime.date(2006, 1, 10),
        datetime.date(2006, 3, 1),
        chain["project"],
    )
    change = new.change_proposals.order_by("position").first()
    assert (change.start_year, change.end_year) == (2548, 2549)  # the plan's years stay
