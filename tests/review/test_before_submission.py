"""OPDC before submission (issue 23): a Blueprint the governor has approved but the
province has not yet submitted is still the province's own. OPDC's lists, search,
dashboard, data exports, cluster pages, notifications, mentions and e-mails never
include it nor excerpt it — tested with a distinctive title, diagnosis and change.

Approved is the state closest to submission, frozen and complete, with an approved
edition already taken: the one a rule written as "approved or later" would leak.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proposals.models import BlueprintStatus
from proposals.participation import comments
from proposals.participation.models import CommentMention, Notification
from proposals.review import exports
from tests.proposals.conftest import advance
from tests.review.conftest import make_chain, new_blueprint, refresh

pytestmark = pytest.mark.django_db

TITLE = "ข้อเสนอท่าเรือน้ำลึกปากน้ำหลังสวน"
ISSUE = "การพัฒนาโลจิสติกส์ทางทะเลฝั่งอ่าวไทย"
SECRET = "มังคุดคัดเกรดส่งออกทางเรือสำราญ"
CHANGE = "ศูนย์รวบรวมผลไม้ห้องเย็นแหลมยาง"
NEEDLES = [TITLE, SECRET, CHANGE]


@pytest.fixture
def approved(world, round_, django_capture_on_commit_callbacks, mailoutbox):
    """Chumphon's issue 3: complete, approved by the governor, not submitted; its
    on-commit work (e-mails, the dashboard digest) run as in production."""
    cascade = make_chain(
        world.plan, world.agency, number=3, title=ISSUE, national=world.national_strategy
    )
    with django_capture_on_commit_callbacks(execute=True):
        blueprint = new_blueprint(world, cascade, world.editor, world.agency)
        blueprint.title = TITLE
        blueprint.save(update_fields=["title"])
        blueprint.diagnosis.current_situation = SECRET
        blueprint.diagnosis.save()
        blueprint.change_proposals.update(title=CHANGE)
        advance(blueprint, world.editor, "consult", "review", "approve")
    refresh()
    assert blueprint.status == BlueprintStatus.APPROVED and blueprint.submitted_at is None
    return blueprint


def leaks(body: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in body]


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return " ".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")
        )


def test_the_provinces_own_people_see_it(world, approved, client_for):
    """The needles are where the province looks (so their absence below means something)."""
    client = client_for(world.editor)
    assert TITLE in client.get(reverse("proposals:list")).content.decode()
    page = client.get(approved.get_absolute_url()).content.decode()
    assert SECRET in page and CHANGE in page


def test_opdcs_lists_dashboard_and_search_leave_it_out(world, round_, approved, client_for):
    client = client_for(world.reviewer)
    pages = {
        "home": reverse("home"),
        "list": reverse("proposals:list"),
        "dashboard": reverse("proposals:review:dashboard") + "?fy=2548",
        "issue-2548-all": reverse("proposals:review:dashboard") + "?fy=2548&status=approved",
        "clusters": reverse("proposals:review:clusters"),
        "cluster": reverse("proposals:review:cluster", args=[round_.cluster.pk]) + "?fy=2548",
        "inbox": reverse("proposals:participation:inbox"),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert not leaks(response.content.decode()), name
    # Search: its title, its diagnosis, its change — none finds it (the issue's own title,
    # which is the province's register, does; and shows no Blueprint's words).
    dashboard = reverse("proposals:review:dashboard")
    for query in ["ท่าเรือน้ำลึกปากน้ำหลังสวน", "มังคุดคัดเกรด", "ห้องเย็นแหลมยาง"]:
        response = client.get(dashboard, {"fy": 2548, "q": query})
        found = {row.pk for row in response.context["page"].object_list}
        assert approved.issue_id not in found, query
        assert not leaks(response.content.decode()), query
    response = client.get(dashboard, {"fy": 2548, "q": "โลจิสติกส์ทางทะเล"})
    assert approved.issue_id in {row.pk for row in response.context["page"].object_list}
    assert not leaks(response.content.decode())


def test_opdcs_data_exports_leave_it_out(world, approved, client_for):
    client = client_for(world.reviewer)
    for kind, fmt in [
        ("indicators", "csv"),
        ("projects", "csv"),
        ("changes", "csv"),
        ("all", "xlsx"),
    ]:
        url = reverse("proposals:review:data_export", args=[kind, fmt]) + "?fy=2548"
        response = client.get(url)
        assert response.status_code == 200, (kind, fmt)
        body = response.content
        text = xlsx_text(body) if fmt == "xlsx" else body.decode("utf-8-sig")
        assert not leaks(text), (kind, fmt)
    with pytest.raises(ValidationError):  # the batch PDF export has nothing of it to take
        exports.export_job_create(user=world.reviewer, blueprints=[approved.pk])


def test_opdc_cannot_open_any_of_it(world, approved, client_for):
    client = client_for(world.reviewer)
    pk = approved.pk
    for url in [
        reverse("proposals:detail", args=[pk]),
        reverse("proposals:pdf", args=[pk]),
        reverse("proposals:snapshot", args=[pk, 1]),
        reverse("proposals:review:review", args=[pk]),
        reverse("proposals:review:history", args=[pk]),
        reverse("proposals:review:blueprint_json", args=[pk]),
        reverse("strategies:issue_detail", args=[approved.issue_id]),
    ]:
        assert client.get(url).status_code == 404, url


def test_opdc_is_neither_notified_nor_mentioned_nor_mailed(
    world, approved, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    # The approval told the province's people, and nobody at OPDC.
    assert Notification.objects.filter(blueprint=approved).exists()
    assert not Notification.objects.filter(recipient=world.reviewer, blueprint=approved).exists()
    # A province editor @mentions the reviewer on it: no mention, no notification, no mail.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_post(
            user=world.editor, blueprint=approved, section="diagnosis",
            body=f"@reviewer ช่วยดู {SECRET} ก่อนส่งด้วย",
        )  # fmt: skip
    assert not CommentMention.objects.filter(user=world.reviewer).exists()
    assert CommentMention.objects.count() == 0
    assert not Notification.objects.filter(recipient=world.reviewer, blueprint=approved).exists()
    assert all(world.reviewer.email not in m.to for m in mailoutbox)
    client = client_for(world.reviewer)
    for name in ("notifications", "bell", "inbox"):
        body = client.get(reverse(f"proposals:participation:{name}")).content.decode()
        assert not leaks(body), name


def test_submission_is_what_opens_it_to_opdc(
    world, approved, client_for, django_capture_on_commit_callbacks
):
    """The same Blueprint, once submitted, is in OPDC's list and notifications: the
    tests above fail for the right reason when a rule lets it through early."""
    with django_capture_on_commit_callbacks(execute=True):
        advance(approved, world.editor, "submit")
    refresh()
    client = client_for(world.reviewer)
    assert TITLE in client.get(reverse("proposals:list")).content.decode()
    assert Notification.objects.filter(recipient=world.reviewer, blueprint=approved).exists()
    response = client.get(reverse("proposals:review:dashboard"), {"fy": 2548, "q": "มังคุดคัดเกรด"})
    assert approved.issue_id in {row.pk for row in response.context["page"].object_list}
