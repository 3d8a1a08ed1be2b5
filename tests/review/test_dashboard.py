"""The national dashboard: every province's issues, filters, counts, sorting, pages — and
a constant number of queries per page whether there are 3 provinces or 76."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Blueprint, BlueprintStatus, Section, Snapshot
from proposals.review import dashboard
from proposals.review.models import BlueprintDigest, SubmissionDeadline
from strategies.models import (
    ActionPlan,
    ClusterMembership,
    NationalStrategy,
    Organisation,
    OrganisationKind,
    Region,
    StrategicIssue,
)
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("proposals:review:dashboard")
TABLE = re.compile(r'(?:FROM|JOIN) "(\w+)"')


def get(client, **params):
    response = client.get(URL, {"fy": 2548, **params})
    assert response.status_code == 200
    return response


def found(response):
    return {row.pk for row in response.context["page"].object_list}


@pytest.fixture
def ranong(world):
    """A third province, in the north for the test's sake, outside the cluster, no Blueprint."""
    province = factories.ProvinceFactory(code="ranong", name="ระนอง", region=Region.NORTH)
    plan = factories.ActionPlanFactory(organisation=province, administration_plan=world.admin_plan)
    return factories.StrategicIssueFactory(plan=plan, number=1, title="การประมงยั่งยืน")


def test_rows_are_every_province_issue_with_its_blueprint(world, round_, ranong, client_for):
    response = get(client_for(world.reviewer))
    rows = {row.pk: row for row in response.context["page"].object_list}
    assert set(rows) == {
        round_.chumphon.issue_id,
        round_.surat.issue_id,
        round_.draft.issue_id,
        ranong.pk,
    }
    chumphon = rows[round_.chumphon.issue_id]
    assert chumphon.bp_status == BlueprintStatus.SUBMITTED
    assert chumphon.bp_completeness == 100
    assert chumphon.cluster_name == round_.cluster.name
    assert rows[ranong.pk].bp_status == dashboard.NONE
    assert rows[round_.draft.issue_id].bp_completeness < 100
    # Reviewers get a link to review submitted Blueprints, not to drafts.
    body = response.content.decode()
    assert reverse("proposals:review:review", args=[round_.chumphon.pk]) in body
    assert reverse("proposals:review:review", args=[round_.draft.pk]) not in body
    assert reverse("proposals:detail", args=[round_.draft.pk]) not in body


def test_the_query_built_once_never_holds_rows(world, round_, ranong, client_for):
    """The rows query is built once per year and day; every page gets its own copy and
    sees the data as it is now."""
    today = datetime.date(2004, 11, 1)
    first = dashboard.rows(fiscal_year=2548, today=today)
    second = dashboard.rows(fiscal_year=2548, today=today)
    assert first is not second and first.query is not second.query
    assert {row.pk for row in first.filter(pk=ranong.pk)} == {ranong.pk}
    assert second.count() == 4  # the filter on the first left the second whole

    def statuses():
        rows = dashboard.rows(fiscal_year=2548, today=today)
        return dict(rows.values_list("pk", F("bp_status")))

    assert statuses()[ranong.pk] == dashboard.NONE
    services.blueprint_create(user=world.admin, issue=ranong, fiscal_year=2548)
    assert statuses()[ranong.pk] == BlueprintStatus.DRAFT


# What the rows query filters and sorts on, as add_details reads it for display too.
DETAILS = [
    "bp_id", "bp_status", "bp_submitted_at", "bp_completeness", "bp_changed",
    "sections_overdue",
]  # fmt: skip


def test_a_row_shows_the_values_its_filters_and_sorts_use(world, round_, ranong):
    """What a page's rows show of their Blueprints is read apart from the rows query,
    which filters and sorts on the same values: the two agree row by row, for the
    latest of two Blueprints of an issue and for an overdue section."""
    from tests.proposals.conftest import advance

    today = datetime.date(2004, 11, 1)
    Section.objects.filter(blueprint=round_.draft, key="risks").update(
        assignee=world.agency, due_date=today - datetime.timedelta(days=1)
    )
    services.blueprint_create(user=world.admin, issue=ranong, fiscal_year=2548)
    advance(round_.chumphon, world.reviewer, "accept")
    services.blueprint_create(user=world.admin, issue=round_.chumphon.issue, fiscal_year=2548)
    queried = {
        values[0]: values[1:]
        for values in dashboard.rows(fiscal_year=2548, today=today).values_list(
            "pk", *[F(name) for name in DETAILS]
        )
    }
    rows = list(dashboard.rows(fiscal_year=2548, today=today))
    dashboard.add_details(rows, today=today)
    shown = {row.pk: tuple(getattr(row, name) for name in DETAILS) for row in rows}
    assert shown == queried
    assert len(shown) == 4
    assert shown[round_.draft.issue_id][-1] == 1  # one section overdue
    assert shown[round_.chumphon.issue_id][1] == BlueprintStatus.DRAFT  # the newer Blueprint
    # Shown only (no filter uses them): the version and the items missing, of that Blueprint.
    for row in rows:
        if row.bp_id is None:
            assert (row.bp_edition, row.bp_blockers) == (None, None)
            continue
        blueprint = Blueprint.objects.select_related("review_digest").get(pk=row.bp_id)
        digest = getattr(blueprint, "review_digest", None)
        assert row.bp_edition == blueprint.edition
        assert row.bp_blockers == (digest.blockers if digest else None)


def test_a_rendered_row_follows_what_it_shows(world, round_, ranong, client_for):
    """Rows are rendered once for their values: a row whose Blueprint moves on, a
    reader in another language, a superuser (drafts link to the working copy) each get
    their own markup, never another's."""
    from tests.proposals.conftest import advance
    from tests.review.conftest import refresh

    client = client_for(world.reviewer)

    def chumphon_row(response):
        body = response.content.decode()
        start = body.index(
            f'<a href="{reverse("proposals:review:review", args=[round_.chumphon.pk])}'
        )
        return body[body.rindex("<tr>", 0, start) : body.index("</tr>", start)]

    before = chumphon_row(get(client))
    assert str(BlueprintStatus.SUBMITTED.label) in before
    advance(round_.chumphon, world.reviewer, "return")
    refresh()
    returned = get(client)
    assert str(BlueprintStatus.RETURNED.label) in chumphon_row(returned)
    assert chumphon_row(returned) != before
    thai = client.get(URL, {"fy": 2548}, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ส่งกลับให้ปรับปรุง" in thai
    draft_link = reverse("proposals:detail", args=[round_.draft.pk])
    assert draft_link not in get(client).content.decode()
    assert draft_link in get(client_for(world.admin)).content.decode()


def test_counts_per_status_ignore_the_status_filter(world, round_, ranong, client_for):
    response = get(client_for(world.reviewer), status="submitted")
    counts = {code: count for code, _label, count in response.context["counts"]}
    assert counts["submitted"] == 2
    assert counts["draft"] == 1
    assert counts[dashboard.NONE] == 1
    assert response.context["total"] == 4
    assert found(response) == {round_.chumphon.issue_id, round_.surat.issue_id}


def test_filter_by_status_none_draft_and_returned(world, round_, ranong, client_for):
    from tests.proposals.conftest import advance

    client = client_for(world.reviewer)
    assert found(get(client, status=dashboard.NONE)) == {ranong.pk}
    assert found(get(client, status="draft")) == {round_.draft.issue_id}
    advance(round_.surat, world.reviewer, "return")
    assert found(get(client, status="returned")) == {round_.surat.issue_id}


def test_filter_by_cluster_follows_membership_dates(world, round_, ranong, client_for):
    client = client_for(world.reviewer)
    cluster = round_.cluster.pk
    assert found(get(client, cluster=cluster)) == {
        round_.chumphon.issue_id,
        round_.surat.issue_id,
        round_.draft.issue_id,
    }
    # Surat Thani left the cluster before fiscal year 2548 began (1 Oct 2004).
    ClusterMembership.objects.filter(province=world.other_province).update(
        start_date=datetime.date(2001, 10, 1), end_date=datetime.date(2004, 9, 30)
    )
    assert round_.surat.issue_id not in found(get(client, cluster=cluster))


def test_filter_by_region_and_national_strategy(world, round_, ranong, client_for):
    client = client_for(world.reviewer)
    assert found(get(client, region=Region.NORTH)) == {ranong.pk}
    other = factories.NationalStrategyFactory(plan=world.admin_plan)
    ranong.national_strategies.add(other)
    assert found(get(client, strategy=other.pk)) == {ranong.pk}
    assert found(get(client, strategy=world.national_strategy.pk)) == {
        round_.chumphon.issue_id,
        round_.surat.issue_id,
    }


def test_the_filters_offer_what_there_is_now(world, round_, client_for):
    """The fiscal years, deadlines, clusters and national strategies the dashboard offers
    are cached on PostgreSQL (``dashboard.reference``): a change to any shows at once.
    Each is made in a transaction of its own, as a request's is (the stamp reads which
    transaction wrote a row)."""
    client = client_for(world.reviewer)
    assert get(client).context["deadline"] is None
    with transaction.atomic():
        SubmissionDeadline.objects.create(fiscal_year=2548, submit_by=datetime.date(2005, 1, 31))
    assert get(client).context["deadline"].submit_by == datetime.date(2005, 1, 31)
    with transaction.atomic():
        cluster = factories.OrganisationFactory(kind=OrganisationKind.CLUSTER, name="กลุ่มใหม่")
    assert (cluster.pk, "กลุ่มใหม่") in get(client).context["cluster_options"]
    with transaction.atomic():
        NationalStrategy.objects.filter(pk=world.national_strategy.pk).update(title="ชื่อใหม่")
    labels = [label for _pk, label in get(client).context["strategy_options"]]
    assert f"{world.national_strategy.number}. ชื่อใหม่" in labels
    with transaction.atomic():
        factories.ActionPlanFactory(
            organisation=factories.ProvinceFactory(code="trang", name="ตรัง"),
            administration_plan=world.admin_plan,
            start_year=2552,
            end_year=2555,
        )
    assert (2555, 2555) in get(client).context["form"].fields["fy"].choices


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stamp reads PostgreSQL's xmin")
def test_the_reference_is_read_again_only_when_its_tables_change(world, round_, client_for):
    """Read on a miss, the reference reads only the tables its stamp covers; then one
    stamp query serves it, however many Blueprints change in between."""
    from tests.proposals.conftest import advance

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        dashboard.reference()
    read = {table for query in ctx.captured_queries for table in TABLE.findall(query["sql"])}
    stamped = {model._meta.db_table for model in dashboard.REFERENCE_TABLES}
    assert read <= stamped and SubmissionDeadline._meta.db_table in read
    advance(round_.surat, world.reviewer, "return")
    with CaptureQueriesContext(connection) as ctx:
        reference = dashboard.reference()
    assert len(ctx.captured_queries) == 1 and reference.blueprints_stamp
    assert reference.years == dashboard.fiscal_years()


def test_filter_by_fiscal_year(world, round_, client_for):
    response = get(client_for(world.reviewer), fy=2550)
    statuses = {row.bp_status for row in response.context["page"].object_list}
    assert statuses == {dashboard.NONE}  # the Blueprints are for 2548


def test_overdue_after_the_deadline(world, round_, ranong, client_for):
    client = client_for(world.reviewer)
    SubmissionDeadline.objects.create(fiscal_year=2548, submit_by=datetime.date(2005, 1, 31))
    response = get(client, overdue="on")
    assert found(response) == {round_.draft.issue_id, ranong.pk}
    assert response.context["overdue_count"] == 2
    assert "Overdue" in response.content.decode()


def test_overdue_sections_before_the_deadline(world, round_, client_for):
    Section.objects.filter(blueprint=round_.draft, key="risks").update(
        assignee=world.agency, due_date=datetime.date(2005, 1, 15)
    )
    response = get(client_for(world.reviewer), overdue="on")
    assert found(response) == {round_.draft.issue_id}
    assert "1 section overdue" in response.content.decode()


def test_sorting(world, round_, ranong, client_for):
    client = client_for(world.reviewer)
    rows = list(get(client, sort="completeness").context["page"].object_list)
    assert rows[0].pk == ranong.pk  # no Blueprint: least complete
    assert rows[-1].bp_completeness == 100
    rows = list(get(client, sort="-status").context["page"].object_list)
    assert rows[0].bp_status == BlueprintStatus.SUBMITTED
    assert rows[-1].bp_status == dashboard.NONE
    names = [row.plan.organisation.name for row in get(client, sort="-province").context["page"]]
    assert names == sorted(names, reverse=True)


def test_pages(world, round_, ranong, client_for, monkeypatch):
    monkeypatch.setattr(dashboard, "PAGE_SIZE", 3)
    client = client_for(world.reviewer)
    first = get(client)
    second = get(client, page=2)
    assert len(first.context["page"].object_list) == 3
    assert len(second.context["page"].object_list) == 1
    assert found(first) | found(second) == {
        round_.chumphon.issue_id,
        round_.surat.issue_id,
        round_.draft.issue_id,
        ranong.pk,
    }


def test_the_page_count_follows_the_filters(world, round_, ranong, client_for, monkeypatch):
    """The number of rows is taken from the counts per status: with a status filter it
    is that status's, with a search only what matches."""
    monkeypatch.setattr(dashboard, "PAGE_SIZE", 1)
    client = client_for(world.reviewer)
    every = get(client).context["page"].paginator
    assert (every.count, every.num_pages) == (4, 4)
    submitted = get(client, status="submitted").context["page"]
    assert (submitted.paginator.count, submitted.paginator.num_pages) == (2, 2)
    first, second = (
        found(get(client, status="submitted")),
        found(get(client, status="submitted", page=2)),
    )
    assert len(first | second) == 2
    assert "2 strategic issues" in get(client, status="submitted").content.decode()
    searched = get(client, q="ระนอง", status=dashboard.NONE).context["page"].paginator
    assert searched.count == 1
    assert get(client, status="accepted").context["page"].paginator.count == 0


# --------------------------------------------------------------------------
# A constant number of queries per page, 3 provinces or 76
# --------------------------------------------------------------------------

# A search adds two: the scan for the words and the issues whose latest Blueprint is
# among those found (on SQLite on every view: its matches are cached only under
# PostgreSQL's stamp — the stamp SQLite had, counts and dates of the digests, was a
# hand-made key an SQL write could miss, and its query is gone with it).
# The names of the reviewers in charge of the page's Blueprints: one more.
PINNED_QUERIES = {"plain": 13, "filtered": 15}
# On PostgreSQL the fiscal years, deadlines, clusters and strategies (and a search's
# matches) are cached under one stamp query (dashboard.reference): a first view reads
# the stamp and them; the next view only the stamp.
PINNED_POSTGRESQL = {"plain": 14, "filtered": 16}
PINNED_POSTGRESQL_AGAIN = {"plain": 10, "filtered": 10}


def grid(world, indexes) -> None:
    """Provinces numbered ``indexes`` (bulk-created: fast) in 19 clusters, each with a
    4-year plan and three strategic issues; two of them with a 2548 Blueprint (one
    submitted, one draft with an overdue section assignment)."""
    clusters = list(Organisation.objects.filter(code__startswith="grid-c").order_by("pk"))
    if not clusters:
        clusters = Organisation.objects.bulk_create(
            Organisation(kind=OrganisationKind.CLUSTER, code=f"grid-c{i}", name=f"กลุ่มที่ {i}")
            for i in range(19)
        )
    regions = list(Region.values)
    orgs = Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.PROVINCE,
            code=f"grid-p{i}",
            name=f"จังหวัดทดสอบลำดับ {i:02d}",
            region=regions[i % len(regions)],
        )
        for i in indexes
    )
    ClusterMembership.objects.bulk_create(
        ClusterMembership(cluster=clusters[i % 19], province=org, start_date=START)
        for i, org in zip(indexes, orgs, strict=True)
    )
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            organisation=org,
            administration_plan=world.admin_plan,
            title=f"แผน {org.name}",
            start_year=2548,
            end_year=2551,
        )  # fmt: skip
        for org in orgs
    )
    issues = StrategicIssue.objects.bulk_create(
        StrategicIssue(plan=plan, number=n, title=f"ประเด็นยุทธศาสตร์ที่ {n} ด้านการเกษตร")
        for plan in plans
        for n in (1, 2, 3)
    )
    Through = StrategicIssue.national_strategies.through
    Through.objects.bulk_create(
        Through(strategicissue_id=issue.pk, nationalstrategy_id=world.national_strategy.pk)
        for issue in issues
    )
    blueprints = Blueprint.objects.bulk_create(
        Blueprint(
            issue=issue,
            province_id=issue.plan.organisation_id,
            fiscal_year=2548,
            title=f"ข้อเสนอการเปลี่ยนแปลง {issue.title}",
            status=BlueprintStatus.SUBMITTED if issue.number == 1 else BlueprintStatus.DRAFT,
            submitted_at=SUBMITTED if issue.number == 1 else None,
            created_by=world.editor,
        )
        for issue in issues
        if issue.number < 3
    )
    Snapshot.objects.bulk_create(
        Snapshot(blueprint=bp, edition=1, schema_version=1, data={}, created_by=world.editor)
        for bp in blueprints
        if bp.submitted_at
    )
    BlueprintDigest.objects.bulk_create(
        BlueprintDigest(
            blueprint=bp,
            completeness=50 + bp.pk % 50,
            parts_complete=4,
            search_text=" การ เกษตร ผลไม้ ",
            changed_at=SUBMITTED,
        )  # fmt: skip
        for bp in blueprints
    )
    Section.objects.bulk_create(
        Section(blueprint=bp, key="risks", assignee=world.agency, due_date=START)
        for bp in blueprints
        if not bp.submitted_at
    )


START = datetime.date(2004, 10, 1)
SUBMITTED = datetime.datetime(2005, 3, 1, tzinfo=datetime.UTC)


def count_queries(client, params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "name, params",
    [
        ("plain", {"fy": 2548}),
        (
            "filtered",
            {
                "fy": 2548,
                "sort": "-completeness",
                "page": 2,
                "q": "ผลไม้เกษตร",
                "region": "north",
                "strategy": "",
                "cluster": "",
            },
        ),  # fmt: skip
    ],
)
def test_queries_constant_from_3_to_76_provinces(
    name, params, world, client_for, django_assert_num_queries
):
    SubmissionDeadline.objects.create(fiscal_year=2548, submit_by=datetime.date(2005, 1, 31))
    client = client_for(world.reviewer)
    grid(world, range(3))
    small, response = count_queries(client, params)
    if connection.vendor == "postgresql":
        assert small == PINNED_POSTGRESQL[name]
        assert count_queries(client, params)[0] == PINNED_POSTGRESQL_AGAIN[name]
    else:
        assert small == PINNED_QUERIES[name]
    grid(world, range(3, 76))
    assert Organisation.objects.filter(kind=OrganisationKind.PROVINCE).count() == 76 + 2
    with django_assert_num_queries(small):
        response = client.get(URL, params)
    rows = response.context["page"].object_list
    # Filtered: 13 northern provinces × the 2 issues whose Blueprint text has both words.
    assert len(rows) == (dashboard.PAGE_SIZE if name == "plain" else 26 - dashboard.PAGE_SIZE)


def test_opens_on_the_year_of_the_newest_submission(world, round_, client_for):
    """A 2549 Blueprint submitted first must not hide the 2548 one just submitted: the
    dashboard opens on the year of the newest submission."""
    Blueprint.objects.filter(pk=round_.surat.pk).update(
        fiscal_year=2549, submitted_at=datetime.datetime(2005, 3, 1, tzinfo=datetime.UTC)
    )
    Blueprint.objects.filter(pk=round_.chumphon.pk).update(
        submitted_at=datetime.datetime(2005, 3, 20, tzinfo=datetime.UTC)
    )
    ActionPlan.objects.update(start_year=2548, end_year=2551)
    cache.clear()
    response = client_for(world.reviewer).get(URL)
    assert response.context["filters"].fiscal_year == 2548
    rows = {row.pk: row for row in response.context["page"].object_list}
    assert rows[round_.chumphon.issue_id].bp_status == BlueprintStatus.SUBMITTED
    Blueprint.objects.filter(pk=round_.surat.pk).update(
        submitted_at=datetime.datetime(2005, 3, 25, tzinfo=datetime.UTC)
    )
    cache.clear()
    assert client_for(world.reviewer).get(URL).context["filters"].fiscal_year == 2549
