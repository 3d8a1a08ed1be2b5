"""The inbox, a workshop page and a comment thread keep the same number of queries as they
grow from 2 to 20 rows (pinned: a change that adds a query per row fails here)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Section
from proposals.participation import comments, inputs, workshops
from proposals.participation.models import Attendance, PointKind, PromotedTo
from proposals.rows import KINDS
from tests import factories
from tests.participation.conftest import assign
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db

# Pinned counts (same at 2 and at 20 rows).
INBOX_CONTRIBUTOR = 8
INBOX_EDITOR = 7
WORKSHOP_PAGE = 12  # +1: the workshop's attachments
THREAD_PAGE = 12
HUB_PAGE = 11


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow_inbox(world, n, start):
    """``n`` more Blueprints, each with a section of the agency, a submitted input and a
    workshop to come that the contributor is invited to."""
    for i in range(start, start + n):
        issue = factories.StrategicIssueFactory(plan=world.plan, number=10 + i)
        blueprint = services.blueprint_create(user=world.editor, issue=issue, fiscal_year=2548)
        assign(blueprint, world, due_date=datetime.date(2005, 1, 1) + datetime.timedelta(days=i))
        section = Section.objects.get(blueprint=blueprint, key="changes")
        draft = inputs.input_start(user=world.contributor, section=section)
        inputs.input_item_add(
            user=world.contributor, agency_input=draft, kind=KINDS["change"],
            data={"category": "quality", "title": f"ข้อ {i}"}, display={"title": f"ข้อ {i}"},
        )  # fmt: skip
        inputs.input_submit(user=world.contributor, agency_input=draft)
        starts = timezone.now() + datetime.timedelta(days=i + 1)
        workshop = workshops.workshop_create(
            user=world.editor,
            blueprint=blueprint,
            values={"title": f"ประชุม {i}", "starts_at": starts},
        )
        workshops.workshop_invite(user=world.editor, workshop=workshop, person=world.contributor)


@pytest.mark.parametrize(
    ("actor", "pinned"), [("contributor", INBOX_CONTRIBUTOR), ("editor", INBOX_EDITOR)]
)
def test_inbox_constant(actor, pinned, world, client_for, django_assert_num_queries):
    client = client_for(world.actor(actor))
    url = reverse("proposals:participation:inbox")
    grow_inbox(world, 2, start=0)
    with django_assert_num_queries(pinned):
        client.get(url)
    grow_inbox(world, 18, start=2)
    with django_assert_num_queries(pinned):
        page = client.get(url).content.decode()
    if actor == "contributor":
        assert page.count("bp-input-submitted") == 20
    else:
        assert page.count("/inputs/") >= 20


def grow_workshop(world, blueprint, workshop, n, start):
    for i in range(start, start + n):
        agency = factories.LineAgencyFactory(province=world.province, name=f"หน่วยงาน {i:02d}")
        invitee = workshops.workshop_invite(
            user=world.editor, workshop=workshop, organisation=agency, name=f"ผู้แทน {i}"
        )
        workshops.invitee_set_attendance(
            user=world.editor, invitee=invitee, attendance=[*Attendance][i % 4]
        )
        point = workshops.point_add(
            user=world.editor, workshop=workshop, kind=PointKind.IDEA, text=f"แนวคิด {i}",
            section="changes",
        )  # fmt: skip
        if i % 2:
            workshops.point_promote(
                user=world.editor, point=point, to=[PromotedTo.CHANGE, PromotedTo.RISK][i % 4 // 2]
            )


@pytest.mark.parametrize("actor", ["editor", "viewer"])
def test_workshop_page_constant(actor, world, blueprint, client_for, django_assert_num_queries):
    workshop = workshops.workshop_create(
        user=world.editor, blueprint=blueprint,
        values={"title": "ประชุม", "starts_at": timezone.now()},
    )  # fmt: skip
    client = client_for(world.actor(actor))
    url = workshop.get_absolute_url()
    grow_workshop(world, blueprint, workshop, 2, start=0)
    small = count(client, url)
    grow_workshop(world, blueprint, workshop, 18, start=2)
    with django_assert_num_queries(small):
        page = client.get(url).content.decode()
    assert page.count('id="invitee-') == 20 and page.count('id="point-') == 20
    if actor == "editor":
        assert small == WORKSHOP_PAGE
    # The log of the Blueprint too.
    log_url = reverse("proposals:participation:workshops", args=[blueprint.pk])
    before = count(client, log_url)
    workshops.workshop_create(
        user=world.editor, blueprint=blueprint,
        values={"title": "ประชุม 2", "starts_at": timezone.now()},
    )  # fmt: skip
    assert count(client, log_url) == before


def grow_threads(world, blueprint, n, start):
    for i in range(start, start + n):
        risk = bp_factories.RiskFactory(blueprint=blueprint, description=f"ความเสี่ยง {i}")
        thread = comments.comment_post(
            user=world.contributor, blueprint=blueprint, section="risks", row_kind="risk",
            row=risk, body=f"@editor @chumphon-agri ความเห็น {i}",
        )  # fmt: skip
        reply = comments.comment_post(
            user=world.editor, blueprint=blueprint, parent=thread, body=f"ตอบ @contributor {i}"
        )
        comments.comment_edit(user=world.editor, comment=reply, body=f"ตอบแก้ไข {i}")
        if i % 3 == 0:
            comments.comment_set_resolved(user=world.editor, comment=thread, resolved=True)
        if i % 4 == 0:
            risk.refresh_from_db()
            services.row_update(
                user=world.editor, blueprint=blueprint, kind=KINDS["risk"], obj=risk,
                values={"mitigation": "มาตรการ"}, version=risk.version,
            )  # fmt: skip


@pytest.mark.parametrize("actor", ["editor", "contributor", "viewer"])
def test_comment_thread_page_constant(
    actor, world, blueprint, client_for, django_assert_num_queries
):
    client = client_for(world.actor(actor))
    url = reverse("proposals:participation:comments", args=[blueprint.pk]) + "?section=risks"
    grow_threads(world, blueprint, 2, start=0)
    with django_assert_num_queries(THREAD_PAGE):
        client.get(url)
    grow_threads(world, blueprint, 18, start=2)
    with django_assert_num_queries(THREAD_PAGE):
        page = client.get(url).content.decode()
    # A page of threads, whatever their number; the second page has the rest.
    assert page.count('id="thread-') == 10 and page.count('bp-reply"') == 10
    with django_assert_num_queries(THREAD_PAGE):
        page = client.get(url + "&page=2").content.decode()
    assert page.count('id="thread-') == 10 and page.count('bp-reply"') == 10


def test_participation_page_constant(world, blueprint, client_for, django_assert_num_queries):
    client = client_for(world.editor)
    url = reverse("proposals:participation:hub", args=[blueprint.pk])

    def grow(n, start):
        for i in range(start, start + n):
            agency = factories.LineAgencyFactory(province=world.province)
            inputs.participant_add(user=world.editor, blueprint=blueprint, organisation=agency)
            workshop = workshops.workshop_create(
                user=world.editor, blueprint=blueprint,
                values={"title": f"ประชุม {i}", "starts_at": timezone.now()},
            )  # fmt: skip
            workshops.workshop_invite(user=world.editor, workshop=workshop, organisation=agency)

    grow(2, 0)
    with django_assert_num_queries(HUB_PAGE):
        client.get(url)
    grow(18, 2)
    with django_assert_num_queries(HUB_PAGE):
        client.get(url)
