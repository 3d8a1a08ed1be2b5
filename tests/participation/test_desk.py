"""The home page as the strategy office's desk: its Blueprints with status, deadline and
what blocks each; overdue agency assignments; inputs waiting; workshops to come."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Section
from proposals.participation.models import AgencyInput, InputStatus
from proposals.review.digest import digest_refresh
from proposals.review.models import SubmissionDeadline
from tests import factories
from tests.participation.conftest import assign

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def desk_of(client):
    return client.get(HOME).context["desk"]


def test_the_office_sees_its_blueprints_and_what_waits(world, blueprint, client_for):
    SubmissionDeadline.objects.create(fiscal_year=2548, submit_by=datetime.date(2005, 1, 31))
    digest_refresh(blueprint_id=blueprint.pk)
    assign(blueprint, world, due_date=datetime.date(2005, 1, 10))
    section = Section.objects.get(blueprint=blueprint, key="changes")
    AgencyInput.objects.create(
        blueprint=blueprint,
        section=section,
        agency=world.agency,
        status=InputStatus.SUBMITTED,
        submitted_by=world.contributor,
        submitted_at=datetime.datetime(2005, 1, 12, tzinfo=datetime.UTC),
    )
    response = client_for(world.editor).get(HOME)
    desk = response.context["desk"]
    (row,) = desk.blueprints
    assert row.pk == blueprint.pk
    assert row.deadline == datetime.date(2005, 1, 31) and row.late  # today is long after 2548
    assert row.blocker_count > 0
    assert [s.key for s in desk.overdue] == ["changes"]
    assert [i.section_id for i in desk.to_decide] == [section.pk]
    body = response.content.decode()
    assert blueprint.label in body
    assert "items to complete" in body or "item to complete" in body


@pytest.mark.parametrize("actor", ["contributor", "viewer", "reviewer"])
def test_people_who_edit_no_province_have_no_desk(actor, world, blueprint, client_for):
    assert desk_of(client_for(world.actor(actor))) is None


def test_a_desk_holds_only_its_own_provinces(world, blueprint, client_for):
    assert desk_of(client_for(world.stranger)).blueprints == []
    body = client_for(world.stranger).get(HOME).content.decode()
    assert blueprint.get_absolute_url() not in body


def test_the_desk_reads_a_fixed_number_of_queries(world, blueprint, client_for):
    """As many queries for six Blueprints as for one."""
    client = client_for(world.editor)
    client.get(HOME)  # the session and the person's first reads

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(HOME)
        return len(ctx.captured_queries), len(response.context["desk"].blueprints)

    one = queries()
    for number in range(2, 7):
        issue = factories.StrategicIssueFactory(plan=world.plan, number=number)
        services.blueprint_create(user=world.editor, issue=issue, fiscal_year=2548)
    assert one[1] == 1
    assert queries() == (one[0], 6)
    assert one[0] <= 16
