"""Comments: threads on sections and rows, replies, mentions of people and agencies,
edits shown, resolve and reopen, and comments that outlive the row version they spoke to."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.participation import comments
from proposals.participation.models import (
    Comment,
    CommentMention,
    Notification,
    NotificationKind,
)
from proposals.rows import KINDS
from strategies.models import Role
from tests import factories
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"proposals:participation:{name}", args=args)


@pytest.fixture
def risk(blueprint):
    return bp_factories.RiskFactory(blueprint=blueprint, description="ราคาผลไม้ตกต่ำ")


def thread_url(blueprint, section):
    return url("comments", blueprint.pk) + f"?section={section}"


def test_comment_on_a_row_survives_the_row_changing_and_going(world, blueprint, risk, client_for):
    client = client_for(world.viewer)  # everyone on the Blueprint may comment
    response = client.post(
        thread_url(blueprint, "risks"),
        {"body": "ควรมีมาตรการรองรับ", "row": f"risk:{risk.pk}", "section": "risks"},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
    assert (comment.row_kind, comment.row_id, comment.row_version) == ("risk", risk.pk, 1)
    assert comment.row_label == "ราคาผลไม้ตกต่ำ"
    page = client.get(thread_url(blueprint, "risks")).content.decode()
    assert "on version 1 of the row" in page

    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["risk"], obj=risk,
        values={"mitigation": "ทำสัญญาล่วงหน้า"}, version=risk.version,
    )  # fmt: skip
    page = client.get(thread_url(blueprint, "risks")).content.decode()
    assert "on version 1 of the row (now version 2)" in page

    risk.refresh_from_db()
    services.row_delete(
        user=world.editor, blueprint=blueprint, kind=KINDS["risk"], obj=risk, version=risk.version
    )
    page = client.get(thread_url(blueprint, "risks")).content.decode()
    assert "ควรมีมาตรการรองรับ" in page and "since removed" in page
    assert "ราคาผลไม้ตกต่ำ" in page  # it still says which row it was about


def test_threads_replies_and_htmx(world, blueprint, client_for):
    thread = comments.comment_post(
        user=world.contributor, blueprint=blueprint, section="diagnosis", body="ตัวเลขไม่ตรงกัน"
    )
    client = client_for(world.editor)
    reply = url("comment_reply", blueprint.pk, thread.pk)
    response = client.post(reply, {"body": "จะตรวจสอบให้"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<article class="card mb-3 bp-thread" id="thread-{thread.pk}"')
    assert "จะตรวจสอบให้" in body
    # The thread's author hears of the reply.
    assert Notification.objects.filter(
        recipient=world.contributor, kind=NotificationKind.REPLY
    ).exists()
    # A new thread posted with HTMX: the threads come back with an empty form out of band.
    response = client.post(
        thread_url(blueprint, "diagnosis"),
        {"body": "ขอแหล่งข้อมูล", "section": "diagnosis"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<div id="threads">')
    assert "ขอแหล่งข้อมูล" in body and 'id="comment-form"' in body
    assert Comment.objects.filter(parent__isnull=True).count() == 2
    # A reply to a reply joins the thread.
    first_reply = Comment.objects.get(body="จะตรวจสอบให้")
    comments.comment_post(user=world.viewer, blueprint=blueprint, body="ขอบคุณ", parent=first_reply)
    assert thread.replies.count() == 2


def test_resolve_and_reopen(world, blueprint, client_for):
    thread = comments.comment_post(
        user=world.contributor, blueprint=blueprint, section="changes", body="ยังไม่ชัด"
    )
    target = url("comment_resolve", blueprint.pk, thread.pk)
    assert client_for(world.viewer).post(target).status_code == 403  # not theirs
    response = client_for(world.editor).post(target, {"resolved": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Reopen" in response.content.decode()
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == world.editor
    # Its author may reopen it (without JavaScript: a redirect).
    response = client_for(world.contributor).post(target, {"resolved": "0"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert not thread.is_resolved
    # Hidden when asked.
    comments.comment_set_resolved(user=world.editor, comment=thread, resolved=True)
    page = client_for(world.editor).get(thread_url(blueprint, "changes") + "&resolved=0")
    assert "ยังไม่ชัด" not in page.content.decode()


def test_edit_within_the_window_is_shown(world, blueprint, client_for):
    comment = comments.comment_post(
        user=world.contributor, blueprint=blueprint, section="goals", body="เป้าหมายต่ำไป"
    )
    client = client_for(world.contributor)
    target = url("comment_edit", blueprint.pk, comment.pk)
    assert client.get(target, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(target, {"body": "เป้าหมายปี 2549 ต่ำไป"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "เป้าหมายปี 2549 ต่ำไป" and comment.edited_at is not None
    assert list(comment.edits.values_list("body", flat=True)) == ["เป้าหมายต่ำไป"]
    page = client.get(thread_url(blueprint, "goals")).content.decode()
    assert "edited" in page and "<del>เป้าหมายต่ำไป</del>" in page
    # Others cannot; nor can the author once the window has passed.
    assert client_for(world.editor).post(target, {"body": "x"}).status_code == 403
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - comments.EDIT_WINDOW - datetime.timedelta(minutes=1)
    )
    comment.refresh_from_db()
    with pytest.raises(services.Refused):
        comments.comment_edit(user=world.contributor, comment=comment, body="ช้าไป")
    response = client_for(world.contributor).post(target, {"body": "ช้าไป"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "เป้าหมายปี 2549 ต่ำไป"


def test_mentions_of_people_and_agencies(
    world, blueprint, commerce, django_capture_on_commit_callbacks, mailoutbox
):
    agency, commerce_user = commerce
    with django_capture_on_commit_callbacks(execute=True):
        comment = comments.comment_post(
            user=world.editor,
            blueprint=blueprint,
            section="diagnosis",
            body=(
                "@contributor ช่วยดูตัวเลข และ @chumphon-commerce ด้วย "
                "(@stranger จากจังหวัดอื่นไม่ควรรู้ @nobody)"
            ),
        )
    told = set(
        Notification.objects.filter(kind=NotificationKind.MENTIONED).values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"contributor", "commerce"}
    agency_note = Notification.objects.get(recipient=commerce_user)
    assert agency_note.data["agency"] == agency.name
    assert set(CommentMention.objects.values_list("token", flat=True)) == {
        "contributor",
        "chumphon-commerce",
    }
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.contributor.email, commerce_user.email]
    )
    html = comments.render_body(Comment.objects.prefetch_related("mentions__user").get())
    assert '<span class="bp-mention"' in html and "@stranger" in html
    assert html.count("bp-mention") == 2  # strangers and unknown names stay plain text
    assert comment.pk


def test_comment_text_is_escaped(world, blueprint, client_for):
    comments.comment_post(
        user=world.editor, blueprint=blueprint, section="goals", body="<script>alert(1)</script>"
    )
    page = client_for(world.viewer).get(thread_url(blueprint, "goals")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_row_of_another_section_or_blueprint_is_refused(world, blueprint, risk, client_for):
    client = client_for(world.editor)
    response = client.post(
        thread_url(blueprint, "changes"),
        {"body": "x", "row": f"risk:{risk.pk}", "section": "changes"},
    )
    assert response.status_code in {400, 404}
    assert not Comment.objects.exists()


def test_the_page_opens_on_the_first_section_with_an_open_thread(world, blueprint, client_for):
    client = client_for(world.viewer)
    assert client.get(url("comments", blueprint.pk)).context["section"] == "goals"
    resolved = comments.comment_post(
        user=world.editor, blueprint=blueprint, section="diagnosis", body="ตอบแล้ว"
    )
    comments.comment_set_resolved(user=world.editor, comment=resolved, resolved=True)
    comments.comment_post(user=world.editor, blueprint=blueprint, section="risks", body="ค้าง")
    comments.comment_post(user=world.editor, blueprint=blueprint, section="changes", body="ค้าง")
    assert client.get(url("comments", blueprint.pk)).context["section"] == "changes"
    page = client.get(url("comments", blueprint.pk) + "?section=goals")
    assert page.context["section"] == "goals"  # asked for, kept


def test_threads_come_a_page_at_a_time_open_ones_first(world, blueprint, client_for):
    """Years of comments: ten threads a page, the open ones (newest first) before the
    resolved ones on every database, and a comment's link opens the page its thread is on."""
    client = client_for(world.editor)
    started = timezone.now() - datetime.timedelta(days=30)
    roots = []
    for i in range(23):
        root = comments.comment_post(
            user=world.contributor, blueprint=blueprint, section="risks", body=f"เรื่องที่ {i}"
        )
        Comment.objects.filter(pk=root.pk).update(created_at=started + datetime.timedelta(hours=i))
        roots.append(root)
    for root in roots[:5]:  # the five oldest are settled
        comments.comment_set_resolved(user=world.editor, comment=root, resolved=True)

    def shown(query):
        page = client.get(thread_url(blueprint, "risks") + query).content.decode()
        return [int(pk) for pk in re.findall(r'id="thread-(\d+)"', page)], page

    newest_open = [root.pk for root in reversed(roots[5:])]
    first, page = shown("")
    assert first == newest_open[:10]
    assert "23 threads" in page and "page 1 of 3" in page
    assert 'aria-current="page">1<' in page and "page=3" in page
    second, _ = shown("&page=2")
    assert second[:8] == newest_open[10:]
    third, _ = shown("&page=3")
    assert set(second[8:] + third) == {root.pk for root in roots[:5]}
    assert shown("&page=99")[0] == third  # past the end: the last page, not an error
    assert shown("&page=x")[0] == first

    # A reply to an old resolved thread links to the page that thread is on.
    reply = Comment(blueprint=blueprint, parent=roots[0], section="risks")
    reply.pk = 0
    link = reply.get_absolute_url()
    assert f"thread={roots[0].pk}" in link and link.endswith(f"#comment-{roots[0].pk}")
    landed, _ = shown(link.split("?section=risks")[1].split("#")[0])
    assert roots[0].pk in landed
    # Resolved threads hidden: 18 open threads, two pages, the filter kept in the links.
    hidden, page = shown("&resolved=0&page=2")
    assert hidden == newest_open[10:] and "resolved=0&amp;page=1" in page


# --------------------------------------------------------------------------
# Rate limits per person (issue 18, finding 9)
# --------------------------------------------------------------------------


def written(user, blueprint, count, *, ago=datetime.timedelta(seconds=5)):
    """``count`` comments of ``user``, written ``ago``."""
    at = timezone.now() - ago
    return Comment.objects.bulk_create(
        [
            Comment(blueprint=blueprint, author=user, section="diagnosis", body=f"เดิม {n}",
                    created_at=at)
            for n in range(count)
        ]
    )  # fmt: skip


def test_a_person_commenting_too_fast_is_refused_their_text_kept(world, blueprint, client_for):
    most, _window = comments.COMMENT_LIMITS[0]
    written(world.viewer, blueprint, most)
    client = client_for(world.viewer)
    response = client.post(
        thread_url(blueprint, "diagnosis"), {"body": "ข้อความที่พิมพ์ไว้", "section": "diagnosis"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert f"You have posted {most} comments in the last 1 minute(s)" in page
    assert "ข้อความที่พิมพ์ไว้</textarea>" in page
    assert Comment.objects.filter(author=world.viewer).count() == most
    # With HTMX: the form again with the message and the text (swapped, so 200).
    response = client.post(
        thread_url(blueprint, "diagnosis"),
        {"body": "ข้อความที่พิมพ์ไว้", "section": "diagnosis"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "You have posted" in response.content.decode()
    assert "ข้อความที่พิมพ์ไว้</textarea>" in response.content.decode()
    # Someone else is not held back; and a minute later the person may post again.
    assert (
        client_for(world.editor)
        .post(thread_url(blueprint, "diagnosis"), {"body": "อีกคน", "section": "diagnosis"})
        .status_code
        == 302
    )
    Comment.objects.filter(author=world.viewer).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert (
        client_for(world.viewer)
        .post(thread_url(blueprint, "diagnosis"), {"body": "ข้อความที่พิมพ์ไว้", "section": "diagnosis"})
        .status_code
        == 302
    )


def test_the_hourly_limit_holds_for_comments_spread_over_the_hour(world, blueprint):
    most, _window = comments.COMMENT_LIMITS[1]
    written(world.viewer, blueprint, most, ago=datetime.timedelta(minutes=30))
    with pytest.raises(comments.RateLimited, match="in the last 60 minute"):
        comments.comment_post(user=world.viewer, blueprint=blueprint, section="diagnosis",
                              body="อีกหนึ่ง")  # fmt: skip


def test_a_refused_reply_keeps_its_text_with_and_without_htmx(world, blueprint, client_for):
    thread = comments.comment_post(
        user=world.editor, blueprint=blueprint, section="diagnosis", body="เริ่มหัวข้อ"
    )
    written(world.viewer, blueprint, comments.COMMENT_LIMITS[0][0])
    client = client_for(world.viewer)
    reply = url("comment_reply", blueprint.pk, thread.pk)
    response = client.post(reply, {"body": "คำตอบที่พิมพ์ไว้"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and f'id="thread-{thread.pk}"' in body
    assert "คำตอบที่พิมพ์ไว้</textarea>" in body and "You have posted" in body
    response = client.post(reply, {"body": "คำตอบที่พิมพ์ไว้"})
    assert response.status_code == 429
    assert "คำตอบที่พิมพ์ไว้</textarea>" in response.content.decode()
    assert not thread.replies.exists()


@pytest.fixture
def readers(world):
    """Eleven more people of the province, who may be mentioned."""
    people = []
    for index in range(11):
        person = factories.UserFactory(username=f"reader{index}")
        factories.MembershipFactory(user=person, organisation=world.province, role=Role.VIEWER)
        people.append(person)
    return people


def test_one_comment_mentions_at_most_ten_people(world, blueprint, readers, client_for):
    body = "ช่วยดู " + " ".join(f"@{person.username}" for person in readers)
    response = client_for(world.editor).post(
        thread_url(blueprint, "diagnosis"), {"body": body, "section": "diagnosis"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "A comment can mention at most 10 people or agencies; this one mentions 11." in page
    assert "@reader10</textarea>" in page
    assert not Comment.objects.exists() and not Notification.objects.exists()
    # Ten is fine.
    comments.comment_post(user=world.editor, blueprint=blueprint, section="diagnosis",
                          body=body.replace(" @reader10", ""))  # fmt: skip
    assert CommentMention.objects.count() == 10


def test_mentions_per_hour_are_limited_and_an_edit_cannot_add_more(
    world, blueprint, readers, client_for
):
    most, _window = comments.MENTION_LIMIT
    earlier = written(world.editor, blueprint, most // 10, ago=datetime.timedelta(minutes=20))
    CommentMention.objects.bulk_create(
        [
            CommentMention(comment=comment, token=person.username, user=person)
            for comment in earlier
            for person in readers[:10]
        ]
    )
    client = client_for(world.editor)
    response = client.post(
        thread_url(blueprint, "diagnosis"),
        {"body": "@reader0 ดูอีกครั้ง", "section": "diagnosis"},
    )
    assert response.status_code == 429
    assert f"You have mentioned {most} people or agencies in the last 60 minutes" in (
        response.content.decode()
    )
    # Without a mention the comment goes through; an edit adding one is refused, kept.
    comment = comments.comment_post(
        user=world.editor, blueprint=blueprint, section="diagnosis", body="ดูอีกครั้ง"
    )
    response = client.post(
        url("comment_edit", blueprint.pk, comment.pk),
        {"body": "@reader0 ดูอีกครั้ง"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Retarget"] == f"#comment-{comment.pk}"
    assert "@reader0 ดูอีกครั้ง</textarea>" in response.content.decode()
    assert "You have mentioned" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "ดูอีกครั้ง" and not comment.mentions.exists()


def test_the_refusal_speaks_thai_to_a_thai_reader(world, blueprint):
    written(world.viewer, blueprint, comments.COMMENT_LIMITS[0][0])
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.viewer)
    response = client.post(
        thread_url(blueprint, "diagnosis"), {"body": "ข้อความ", "section": "diagnosis"}
    )
    assert response.status_code == 429
    assert "คุณแสดงความคิดเห็นครบ 20 รายการใน 1 นาทีที่ผ่านมาแล้ว" in response.content.decode()


# --------------------------------------------------------------------------
# Hostile names inside @mentions come out as text (issue 23): the people's and the
# agencies' names are shown in the comment (the mention's title), the notifications
# and the e-mail — none of which the commenter typed.
# --------------------------------------------------------------------------

EVIL_PERSON = '"><img src=x onerror=alert(1)>'
EVIL_SURNAME = "<script>alert(2)</script>"
EVIL_AGENCY = "สำนักงาน<svg/onload=alert(3)>{{ 7*7 }}&lt;i&gt;"
RAW = ["<img src=x onerror", "<script>alert(2)", "<svg/onload", "<i>"]


def test_hostile_names_in_mentions_come_out_as_text(
    world, blueprint, commerce, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    agency, commerce_user = commerce
    agency.name = EVIL_AGENCY
    agency.save()
    for person in (world.editor, world.contributor):
        person.first_name, person.last_name = EVIL_PERSON, EVIL_SURNAME
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_post(
            user=world.editor, blueprint=blueprint, section="diagnosis",
            body="@contributor และ @chumphon-commerce ช่วยดูด้วย",
        )  # fmt: skip
    assert Notification.objects.filter(kind=NotificationKind.MENTIONED).count() == 2

    # The comment: both mentions highlighted, their names escaped in the title.
    page = client_for(world.viewer).get(thread_url(blueprint, "diagnosis")).content.decode()
    assert page.count('class="bp-mention"') == 2
    for raw in RAW:
        assert raw not in page, raw
    assert 'title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;' in page
    assert "สำนักงาน&lt;svg/onload=alert(3)&gt;{{ 7*7 }}&amp;lt;i&amp;gt;" in page

    # The notifications, on their page and in the bell, name the actor and the agency.
    for reader in (world.contributor, commerce_user):
        client = client_for(reader)
        for name in ("notifications", "bell", "inbox"):
            body = client.get(url(name)).content.decode()
            for raw in RAW:
                assert raw not in body, (reader, name, raw)
        listed = client.get(url("notifications")).content.decode()
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in listed  # the actor's name
    listed = client_for(commerce_user).get(url("notifications")).content.decode()
    assert "สำนักงาน&lt;svg/onload=alert(3)&gt;{{ 7*7 }}&amp;lt;i&amp;gt;" in listed

    # The e-mails are plain text: the names exactly as stored, not HTML.
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert f"{EVIL_PERSON} {EVIL_SURNAME}" in message.body
        assert "&lt;" not in message.body.replace("&lt;i&gt;", "")
    (agency_mail,) = [m for m in mailoutbox if m.to == [commerce_user.email]]
    assert EVIL_AGENCY in agency_mail.body
