"""Named reviewers: a submitted Blueprint is assigned to OPDC reviewers on its review
page, the dashboard's "mine" filter shows a reviewer their own, and the scores and
decisions of every submitted version export to CSV and XLSX across provinces."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from proposals.review import services as review_services
from proposals.review.models import Criterion, ReviewerAssignment
from strategies.models import Role
from tests import factories
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("proposals:review:dashboard")


@pytest.fixture
def colleague(world):
    user = factories.UserFactory(username="reviewer2", first_name="สมศรี", last_name="ตรวจดี")
    factories.MembershipFactory(user=user, organisation=world.opdc, role=Role.REVIEWER)
    return user


def add(client, blueprint, reviewer):
    return client.post(
        reverse("proposals:review:reviewer_add", args=[blueprint.pk]), {"reviewer": reviewer}
    )


def test_a_reviewer_assigns_a_colleague_and_themselves(world, round_, colleague, client_for):
    client = client_for(world.reviewer)
    response = add(client, round_.chumphon, colleague.pk)
    assert response.status_code == 302
    assert response["Location"].endswith("#reviewers")
    add(client, round_.chumphon, "me")
    add(client, round_.chumphon, colleague.pk)  # again: nothing changes
    assigned = ReviewerAssignment.objects.filter(blueprint=round_.chumphon)
    assert sorted(a.reviewer.username for a in assigned) == ["reviewer", "reviewer2"]
    assert {a.assigned_by for a in assigned} == {world.reviewer}
    page = client.get(reverse("proposals:review:review", args=[round_.chumphon.pk]))
    assert "สมศรี ตรวจดี" in page.content.decode()


def test_only_an_opdc_reviewer_can_be_assigned(world, round_, client_for):
    client = client_for(world.reviewer)
    for who in (world.editor.pk, world.viewer.pk, 999999, "nobody", ""):
        response = add(client, round_.chumphon, who)
        assert response.status_code == 302
    assert not ReviewerAssignment.objects.exists()
    page = client.get(response["Location"])
    assert "Choose a reviewer of OPDC." in page.content.decode()


def test_taking_a_reviewer_off_leaves_the_others(world, round_, colleague, client_for):
    client = client_for(world.reviewer)
    add(client, round_.chumphon, colleague.pk)
    add(client, round_.chumphon, "me")
    url = reverse("proposals:review:reviewer_remove", args=[round_.chumphon.pk, colleague.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # already off: said so, nothing breaks
    assert list(
        ReviewerAssignment.objects.filter(blueprint=round_.chumphon).values_list(
            "reviewer__username", flat=True
        )
    ) == ["reviewer"]


# Chumphon's Blueprint; the "stranger" edits Surat Thani.
ASSIGN = {
    "anonymous": 302,
    "editor": 403,
    "contributor": 403,
    "viewer": 403,
    "reviewer": 302,
    "stranger": 404,
    "admin": 302,
}


@pytest.mark.parametrize("actor", list(ASSIGN))
@pytest.mark.parametrize("name", ["reviewer_add", "reviewer_remove"])
def test_access_matrix(actor, name, world, round_, colleague, client_for):
    ReviewerAssignment.objects.create(
        blueprint=round_.chumphon, reviewer=colleague, assigned_by=world.reviewer
    )
    args = [round_.chumphon.pk] + ([colleague.pk] if name == "reviewer_remove" else [])
    url = reverse(f"proposals:review:{name}", args=args)
    client = client_for(world.actor(actor))
    assert client.get(url).status_code == (302 if actor == "anonymous" else 405)
    response = client.post(url, {"reviewer": colleague.pk})
    assert response.status_code == ASSIGN[actor]
    if actor == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    changed = actor in {"reviewer", "admin"} and name == "reviewer_remove"
    assert ReviewerAssignment.objects.filter(reviewer=colleague).exists() is not changed


def test_never_submitted_is_404_even_for_opdc(world, round_, client_for):
    response = add(client_for(world.reviewer), round_.draft, world.reviewer.pk)
    assert response.status_code == 404
    assert not ReviewerAssignment.objects.exists()


def test_mine_shows_what_is_assigned_to_me(world, round_, colleague, client_for):
    ReviewerAssignment.objects.create(
        blueprint=round_.surat, reviewer=world.reviewer, assigned_by=colleague
    )
    ReviewerAssignment.objects.create(
        blueprint=round_.chumphon, reviewer=colleague, assigned_by=colleague
    )
    client = client_for(world.reviewer)
    everything = client.get(DASHBOARD, {"fy": 2548})
    assert {row.bp_id for row in everything.context["page"].object_list} >= {
        round_.surat.pk,
        round_.chumphon.pk,
    }
    mine = client.get(DASHBOARD, {"fy": 2548, "mine": "on"})
    assert [row.bp_id for row in mine.context["page"].object_list] == [round_.surat.pk]
    assert mine.context["page"].paginator.count == 1
    theirs = client_for(colleague).get(DASHBOARD, {"fy": 2548, "mine": "on"})
    assert [row.bp_id for row in theirs.context["page"].object_list] == [round_.chumphon.pk]
    # Each row names its reviewers.
    assert "สมศรี ตรวจดี" in everything.content.decode()


def test_mine_with_nothing_assigned_is_empty(world, round_, client_for):
    response = client_for(world.reviewer).get(DASHBOARD, {"fy": 2548, "mine": "on"})
    assert list(response.context["page"].object_list) == []


def score_all(snapshot, user, level):
    criteria = Criterion.objects.filter(rubric__is_active=True)
    review_services.review_scores_save(
        user=user,
        snapshot=snapshot,
        levels={criterion.pk: level for criterion in criteria},
        comments={},
    )


def export(client, fmt, **params):
    url = reverse("proposals:review:data_export", args=["scores", fmt])
    response = client.get(url, {"fy": 2548, **params})
    assert response.status_code == 200
    return response


def test_scores_and_decisions_of_every_version(world, round_, colleague, client_for):
    chumphon = round_.chumphon
    score_all(chumphon.snapshots.get(edition=1), world.reviewer, 3)
    advance(chumphon, world.reviewer, "return")
    advance(chumphon, world.editor, "revise", "consult", "review", "approve", "submit")
    score_all(chumphon.snapshots.get(edition=2), world.reviewer, 5)
    ReviewerAssignment.objects.create(
        blueprint=chumphon, reviewer=colleague, assigned_by=world.reviewer
    )
    response = export(client_for(world.reviewer), "csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    chumphon_rows = [row for row in rows if row["จังหวัด"] == "ชุมพร"]
    assert [row["ฉบับที่"] for row in chumphon_rows] == ["1", "2"]
    first, second = chumphon_rows
    assert first["ผลการพิจารณา"] == "ส่งกลับให้ปรับปรุง"
    assert first["เหตุผล"] == "ขอให้ปรับปรุงตัวชี้วัด"
    assert first["คะแนนรวม (เต็ม 100)"] == "60"
    assert first["วันที่พิจารณา"].split()[2].startswith("25")  # a Buddhist-Era year
    assert second["ผลการพิจารณา"] == "รอการพิจารณา"
    assert second["คะแนนรวม (เต็ม 100)"] == "100"
    assert second["ผู้พิจารณาที่รับผิดชอบ"] == "สมศรี ตรวจดี"
    criterion = Criterion.objects.filter(rubric__is_active=True).order_by("position").first()
    assert second[f"{criterion.title} (น้ำหนัก {criterion.weight})"] == "5"
    surat = next(row for row in rows if row["จังหวัด"] == "สุราษฎร์ธานี")
    assert surat["คะแนนรวม (เต็ม 100)"] == "" and surat["ผลการพิจารณา"] == "รอการพิจารณา"
    assert not any(row["จังหวัด"] == "ชุมพร" and row["ฉบับที่"] == "" for row in rows)


def test_scores_xlsx_has_numbers_and_follows_the_mine_filter(world, round_, colleague, client_for):
    score_all(round_.surat.snapshots.get(edition=1), world.reviewer, 4)
    ReviewerAssignment.objects.create(
        blueprint=round_.surat, reviewer=world.reviewer, assigned_by=world.reviewer
    )
    response = export(client_for(world.reviewer), "xlsx", mine="on")
    sheet = load_workbook(io.BytesIO(response.content))["คะแนนและผลการพิจารณา"]
    headers = [cell.value for cell in sheet[1]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == ["สุราษฎร์ธานี"]
    assert rows[0][headers.index("คะแนนรวม (เต็ม 100)")] == 80  # a number, not text


def test_a_decision_reason_that_looks_like_a_formula_stays_text(world, round_, client_for):
    chumphon = round_.chumphon
    from proposals import workflow

    workflow.blueprint_return(
        user=world.reviewer, blueprint=chumphon, reason='=HYPERLINK("http://evil","x")'
    )
    response = export(client_for(world.reviewer), "xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["คะแนนและผลการพิจารณา"]
    headers = [cell.value for cell in sheet[1]]
    reason = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "ชุมพร")[
        headers.index("เหตุผล")
    ]
    assert reason.data_type == "s"  # text as typed, never a formula
    assert reason.quotePrefix
    rows = list(csv.reader(io.StringIO(export(client_for(world.reviewer), "csv").content.decode())))
    reasons = [row[rows[0].index("เหตุผล")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil","x")' in reasons


def test_drafts_never_appear_in_the_scores_export(world, round_, client_for):
    text = export(client_for(world.reviewer), "csv").content.decode("utf-8")
    assert "การพัฒนาการท่องเที่ยวเชิงคุณภาพ" not in text  # Chumphon's issue 2, a draft


def test_the_reviewer_put_in_charge_is_told_in_the_app_and_by_e_mail(
    world, round_, colleague, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    from proposals.participation.models import Notification, NotificationKind

    colleague.email = "somsri@opdc.example"
    colleague.save()
    with django_capture_on_commit_callbacks(execute=True):
        add(client_for(world.reviewer), round_.chumphon, colleague.pk)
    told = Notification.objects.get(recipient=colleague)
    assert told.kind == NotificationKind.ASSIGNED and told.blueprint == round_.chumphon
    assert told.url == reverse("proposals:review:review", args=[round_.chumphon.pk])
    page = client_for(colleague).get(reverse("proposals:participation:notifications"))
    assert "put you in charge of reviewing" in page.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["somsri@opdc.example"]
    assert "/review/" in mailoutbox[0].body
    # Assigning again, or assigning oneself, tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        add(client_for(world.reviewer), round_.chumphon, colleague.pk)
        add(client_for(world.reviewer), round_.chumphon, "me")
    assert Notification.objects.filter(kind=NotificationKind.ASSIGNED).count() == 1
    assert len(mailoutbox) == 1


def test_a_reviewer_who_turned_assignments_off_is_not_e_mailed(
    world, round_, colleague, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    from proposals.participation import notifications
    from proposals.participation.models import EmailMode, Notification, NotificationKind

    colleague.email = "somsri@opdc.example"
    colleague.save()
    notifications.preference_set(
        user=colleague,
        email_mode=EmailMode.IMMEDIATE,
        kind_modes={NotificationKind.ASSIGNED: EmailMode.OFF},
    )
    with django_capture_on_commit_callbacks(execute=True):
        add(client_for(world.reviewer), round_.chumphon, colleague.pk)
    told = Notification.objects.get(recipient=colleague)
    assert told.read_at is not None  # kept in the list, already read
    assert mailoutbox == []
