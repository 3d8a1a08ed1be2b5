"""The province's answers to OPDC's comments on a returned version: who may write them,
only while the Blueprint is back in the province, resubmission blocked until every
comment is answered, and the answers carried by the resubmitted version (snapshot, PDF,
OPDC's review page)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from proposals import services
from proposals.completeness import find_blockers
from proposals.models import BlueprintStatus, Revision
from proposals.review import answers
from proposals.review import services as review_services
from proposals.review.models import NoteAnswer, ReviewNote
from proposals.rows import KINDS
from proposals.selectors import load_document
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

SUBMIT = ("consult", "review", "approve", "submit")


@pytest.fixture
def returned(submitted_blueprint, world):
    """Submitted, commented on by OPDC (changes; the whole Blueprint), returned."""
    bp = submitted_blueprint
    snapshot = bp.snapshots.get()
    notes = [
        review_services.review_note_add(
            user=world.reviewer, snapshot=snapshot, section="changes",
            text="ขอให้ระบุตัวชี้วัดที่เชื่อมโยงให้ครบทุกประเด็น",
        ),
        review_services.review_note_add(
            user=world.reviewer, snapshot=snapshot, section="general",
            text="ควรทบทวนความเชื่อมโยงกับยุทธศาสตร์ของแผนการบริหารราชการแผ่นดิน",
        ),
    ]  # fmt: skip
    advance(bp, world.reviewer, "return")
    bp.notes = notes
    return bp


@pytest.fixture
def revised(returned, world):
    advance(returned, world.editor, "revise")
    returned.refresh_from_db()
    return returned


def answer(bp, user, note, text="เพิ่มตัวชี้วัดที่ 1.2 ให้ประเด็นการเปลี่ยนแปลงทุกข้อ", section="changes"):
    return answers.note_answer_save(
        user=user, blueprint=bp, note=note, section=section, text=text, version=0
    )


def test_the_office_answers_while_returned_and_while_revising(returned, world):
    saved = answer(returned, world.editor, returned.notes[0])
    assert (saved.edition, saved.section, saved.version) == (1, "changes", 1)
    advance(returned, world.editor, "revise")
    again = answers.note_answer_save(
        user=world.editor, blueprint=returned, note=returned.notes[0], section="goals",
        text="ย้ายตัวชี้วัดไปส่วนเป้าประสงค์", version=1,
    )  # fmt: skip
    assert (again.section, again.version, again.edition) == ("goals", 2, 1)


@pytest.mark.parametrize("who", ["contributor", "viewer", "reviewer", "stranger"])
def test_only_the_strategy_office_answers(returned, world, who):
    with pytest.raises(PermissionDenied):
        answer(returned, world.actor(who), returned.notes[0])
    assert not NoteAnswer.objects.exists()


def test_no_answer_once_submitted_again_or_approved(revised, world):
    for note in revised.notes:
        answer(revised, world.editor, note)
    advance(revised, world.editor, "consult", "review", "approve")
    with pytest.raises(answers.AnswerRefused) as refused, translation.override("th"):
        answers.note_answer_save(
            user=world.editor, blueprint=revised, note=revised.notes[0], section="changes",
            text="แก้ไขอีกครั้ง", version=1,
        )  # fmt: skip
    assert "ก่อนผู้ว่าราชการจังหวัดให้ความเห็นชอบ" in _thai(refused.value.message)
    assert NoteAnswer.objects.get(note=revised.notes[0]).version == 1


def test_no_answer_while_opdc_reviews(submitted_blueprint, world):
    note = review_services.review_note_add(
        user=world.reviewer, snapshot=submitted_blueprint.snapshots.get(), section="risks",
        text="ความเสี่ยงควรมีหน่วยงานรับผิดชอบ",
    )  # fmt: skip
    with pytest.raises(answers.AnswerRefused):
        answer(submitted_blueprint, world.editor, note)


def test_bad_input_is_refused_and_nothing_saved(returned, world):
    with pytest.raises(ValidationError) as error:
        answer(returned, world.editor, returned.notes[0], text="   ", section="nowhere")
    assert set(error.value.message_dict) == {"text", "section"}
    assert not NoteAnswer.objects.exists()


def test_a_stale_save_is_refused(returned, world):
    answer(returned, world.editor, returned.notes[0], text="ของคนแรก")
    with pytest.raises(answers.AnswerConflict) as conflict:
        answer(returned, world.editor, returned.notes[0], text="ของคนที่สอง")  # from version 0
    assert conflict.value.current.text == "ของคนแรก"
    assert NoteAnswer.objects.get().text == "ของคนแรก"


def test_a_stale_change_is_refused(returned, world):
    note = returned.notes[0]
    answer(returned, world.editor, note, text="ฉบับแรก")
    save = answers.note_answer_save
    save(
        user=world.editor,
        blueprint=returned,
        note=note,
        section="changes",
        text="ฉบับสอง",
        version=1,
    )
    with pytest.raises(answers.AnswerConflict) as conflict:
        save(
            user=world.editor,
            blueprint=returned,
            note=note,
            section="risks",
            text="ฉบับสาม",
            version=1,
        )
    assert (conflict.value.current.text, conflict.value.current.version) == ("ฉบับสอง", 2)
    assert NoteAnswer.objects.get().section == "changes"


def _thai(message):
    return str(message)


def test_resubmission_is_blocked_until_every_comment_is_answered(revised, world, client_for):
    advance(revised, world.editor, "consult", "review")
    with translation.override("th"):
        blockers = find_blockers(load_document(revised))
    unanswered = [b for b in blockers if "ยังไม่ได้ตอบข้อสังเกตของสำนักงาน ก.พ.ร." in b.message]
    assert len(unanswered) == 2
    page = reverse("proposals:answers", args=[revised.pk])
    assert {b.url for b in unanswered} == {f"{page}#note-{note.pk}" for note in revised.notes}
    # The readiness checklist on the Blueprint page links to the answers page.
    html = client_for(world.editor).get(revised.get_absolute_url()).content.decode()
    assert f"{page}#note-{revised.notes[0].pk}" in html
    with pytest.raises(services.Refused) as refused, translation.override("th"):
        advance(revised, world.editor, "approve")
    assert "ต้องตอบข้อสังเกตของสำนักงาน ก.พ.ร." in refused.value.message
    with pytest.raises(services.Refused) as refused, translation.override("en"):
        advance(revised, world.editor, "approve")
    count = len(refused.value.blockers)
    assert str(refused.value.message) == (  # the unanswered comments first, one sentence each
        "Answer every comment OPDC made on the returned version first (2 not answered yet). "
        f"{count} item(s) must be completed first."
    )
    answer(revised, world.editor, revised.notes[0])
    with pytest.raises(services.Refused) as refused, translation.override("th"):
        advance(revised, world.editor, "approve")
    assert "ยังไม่ได้ตอบ 1 ข้อ" in refused.value.message
    answer(revised, world.editor, revised.notes[1], section="general", text="ทบทวนแล้ว")
    advance(revised, world.editor, "approve", "submit")
    assert revised.status == BlueprintStatus.SUBMITTED


def test_the_answers_the_governor_approved_are_the_ones_submitted(revised, world):
    """Approval freezes the edition, answers included (proposals.edition): an answer row
    removed after the approval does not take it out of what OPDC receives."""
    for note in revised.notes:
        answer(revised, world.editor, note)
    advance(revised, world.editor, "consult", "review", "approve")
    NoteAnswer.objects.filter(note=revised.notes[1]).delete()
    advance(revised, world.editor, "submit")
    submitted = revised.snapshots.order_by("-edition").first().data
    assert len(submitted["answers_to_review"]) == len(revised.notes) == 2


@pytest.fixture
def resubmitted_with_answers(revised, world):
    answer(revised, world.editor, revised.notes[0])
    answer(
        revised, world.editor, revised.notes[1], section="header",
        text="ปรับความเชื่อมโยงกับยุทธศาสตร์ของแผนการบริหารราชการแผ่นดิน ด้านการสร้างความสามารถในการแข่งขัน",
    )  # fmt: skip
    advance(revised, world.editor, "consult", "review", "approve", "submit")
    return revised


def test_the_resubmitted_snapshot_carries_the_answers(resubmitted_with_answers):
    bp = resubmitted_with_answers
    data = bp.snapshots.get(edition=2).data
    entries = data["answers_to_review"]
    assert [(e["edition"], e["section"]["code"], e["where"]["code"]) for e in entries] == [
        (1, "changes", "changes"),
        (1, "general", "header"),
    ]
    assert entries[0]["note"] == "ขอให้ระบุตัวชี้วัดที่เชื่อมโยงให้ครบทุกประเด็น"
    assert entries[0]["answer"] == "เพิ่มตัวชี้วัดที่ 1.2 ให้ประเด็นการเปลี่ยนแปลงทุกข้อ"
    assert entries[1]["where"]["label"] == "ส่วนหัว" or entries[1]["where"]["label"]
    assert bp.snapshots.get(edition=1).data["answers_to_review"] == []


def test_the_submission_pdf_prints_the_answers_in_an_appendix(resubmitted_with_answers, tmp_path):
    import subprocess

    from proposals.pdf import typeset
    from proposals.pdf.render import render_html, render_pdf

    data = resubmitted_with_answers.snapshots.get(edition=2).data
    pdf = render_pdf(data, draft=False)
    path = tmp_path / "v2.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    appendix = flat[flat.rfind("ภาคผนวก การดำเนินการตามข้อสังเกตของสำนักงาน ก.พ.ร.") :]
    assert "ภาคผนวก การดำเนินการตามข้อสังเกตของสำนักงาน ก.พ.ร. ...." in flat  # in the contents
    # The table's rows (cells wrap, so each is found by a piece on one line).
    for piece in ["ขอให้ระบุตัวชี้วัดที่", "เพิ่มตัวชี้วัดที่ 1.2 ให้", "ควรทบทวนความ",
                  "ปรับความเชื่อมโยงกับ", "ข้อมูลทั่วไป", "ส่วนที่แก้ไข"]:  # fmt: skip
        assert piece in appendix, piece
    # Whole cells, in the rendered HTML the PDF was made from.
    html = typeset.untypeset(render_html(data, draft=False, thai_numerals=False))
    assert '<td class="keep-lines">เพิ่มตัวชี้วัดที่ 1.2 ให้ประเด็นการเปลี่ยนแปลงทุกข้อ</td>' in html


def test_a_first_submission_has_no_appendix(submitted_blueprint):
    from proposals.pdf.render import render_html

    html = render_html(submitted_blueprint.snapshots.get().data, draft=False, thai_numerals=True)
    assert "การดำเนินการตามข้อสังเกต" not in html


def test_opdc_sees_the_answers_next_to_its_notes(resubmitted_with_answers, world, client_for):
    bp = resubmitted_with_answers
    url = reverse("proposals:review:review", args=[bp.pk])
    html = client_for(world.reviewer).get(url).content.decode()
    assert 'id="review-answers"' in html
    assert "เพิ่มตัวชี้วัดที่ 1.2 ให้ประเด็นการเปลี่ยนแปลงทุกข้อ" in html
    assert f'id="answer-{bp.notes[0].pk}"' in html  # under the note, in its section
    assert 'href="#review-changes"' in html and 'href="#review-header"' in html


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------

PAGE_GET = {"anonymous": 302, "editor": 200, "contributor": 200, "viewer": 200,
            "reviewer": 403, "stranger": 404, "admin": 200}  # fmt: skip
PAGE_POST = {"anonymous": 302, "editor": 302, "contributor": 403, "viewer": 403,
             "reviewer": 403, "stranger": 404, "admin": 302}  # fmt: skip


@pytest.mark.parametrize("actor", list(PAGE_GET))
def test_access_matrix(revised, world, client_for, actor):
    client = client_for(world.actor(actor))
    page = reverse("proposals:answers", args=[revised.pk])
    save = reverse("proposals:answer_save", args=[revised.pk, revised.notes[0].pk])
    assert client.get(page).status_code == PAGE_GET[actor]
    response = client.post(
        save, {f"note-{revised.notes[0].pk}-section": "changes",
               f"note-{revised.notes[0].pk}-text": "แก้ไขแล้ว",
               f"note-{revised.notes[0].pk}-version": "0"},
    )  # fmt: skip
    assert response.status_code == PAGE_POST[actor]
    assert NoteAnswer.objects.exists() == (PAGE_POST[actor] == 302 and actor != "anonymous")
    assert client.get(save).status_code in {302, 405}  # POST only
    # A comment of another Blueprint is not found through this one.
    if actor == "editor":
        assert (
            client.post(reverse("proposals:answer_save", args=[revised.pk, 10**6]), {}).status_code
            == 404
        )


def _post(client, bp, note, **values):
    prefix = f"note-{note.pk}"
    data = {f"{prefix}-{key}": value for key, value in values.items()}
    return client.post(
        reverse("proposals:answer_save", args=[bp.pk, note.pk]), data, HTTP_ACCEPT_LANGUAGE="th"
    )


def test_the_page_lists_each_comment_with_a_form_and_a_diff_link(revised, world, client):
    change = revised.change_proposals.get()
    before = Revision.objects.filter(blueprint=revised).aggregate(n=Max("number"))["n"] or 0
    services.row_update(
        user=world.editor, blueprint=revised, kind=KINDS["change"], obj=change,
        values={"title": "ลดขั้นตอนการรับรอง GAP และเชื่อมโยงตัวชี้วัด"}, version=change.version,
    )  # fmt: skip
    head = Revision.objects.filter(blueprint=revised).aggregate(n=Max("number"))["n"]
    assert head > before
    client.force_login(world.editor)
    html = client.get(
        reverse("proposals:answers", args=[revised.pk]), HTTP_ACCEPT_LANGUAGE="th"
    ).content.decode()
    assert "ตอบข้อสังเกตของสำนักงาน ก.พ.ร." in html
    for note in revised.notes:
        assert f'id="note-{note.pk}"' in html and note.text in html
    assert "ยังไม่ได้ตอบข้อสังเกต 2 ข้อ" in html
    diff = reverse("proposals:section_diff", args=[revised.pk, "changes"])
    assert f'href="{diff}"' in html  # nothing of it was saved before the submission


def test_bad_input_keeps_what_was_typed_with_thai_errors(revised, world, client):
    client.force_login(world.editor)
    response = _post(
        client, revised, revised.notes[0], section="nowhere", text="ข้อความที่พิมพ์ไว้", version=0
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ข้อความที่พิมพ์ไว้</textarea>" in html
    response = _post(client, revised, revised.notes[0], section="changes", text="  ", version=0)
    assert response.status_code == 400
    assert "กรุณาระบุว่าได้แก้ไขอะไรตามข้อสังเกตนี้" in response.content.decode()
    assert not NoteAnswer.objects.exists()


def test_a_concurrent_save_is_shown_not_overwritten(revised, world, client):
    note = revised.notes[0]
    answer(revised, world.editor, note, text="ข้อความของอีกคน")  # saved meanwhile
    client.force_login(world.editor)
    response = _post(client, revised, note, section="changes", text="ข้อความของฉัน", version=0)
    assert response.status_code == 409
    html = response.content.decode()
    assert "ข้อความของอีกคน" in html and "ข้อความของฉัน</textarea>" in html
    assert NoteAnswer.objects.get().text == "ข้อความของอีกคน"
    # Saving again (now from the version shown) is a deliberate replacement.
    assert f'name="note-{note.pk}-version" value="1"' in html
    assert (
        _post(client, revised, note, section="changes", text="ข้อความของฉัน", version=1).status_code
        == 302
    )
    assert NoteAnswer.objects.get().text == "ข้อความของฉัน"


def test_after_approval_the_office_reads_but_cannot_save(revised, world, client):
    for note in revised.notes:
        answer(revised, world.editor, note)
    advance(revised, world.editor, "consult", "review", "approve")
    client.force_login(world.editor)
    html = client.get(reverse("proposals:answers", args=[revised.pk])).content.decode()
    assert "answer_save" not in html and "<textarea" not in html
    response = _post(client, revised, revised.notes[0], section="changes", text="ใหม่", version=1)
    assert response.status_code == 409
    assert NoteAnswer.objects.get(note=revised.notes[0]).text != "ใหม่"


# --------------------------------------------------------------------------
# The demo
# --------------------------------------------------------------------------


def test_the_demo_resubmission_answers_each_of_opdcs_comments(client, tmp_path):
    from django.core.management import call_command

    from proposals.models import Blueprint
    from proposals.review.models import ReviewNote

    call_command("load_demo", "--force", verbosity=0)
    bp = Blueprint.objects.get(province__code="chumphon", fiscal_year=2549)
    first, second = bp.snapshots.get(edition=1), bp.snapshots.get(edition=2)
    notes = list(ReviewNote.objects.filter(snapshot=first))
    assert len(notes) == 2
    entries = second.data["answers_to_review"]
    assert [entry["note_id"] for entry in entries] == [note.pk for note in notes]
    assert all(entry["answer"] and entry["where"]["code"] for entry in entries)
    assert "ตัวชี้วัดที่ 1.2" in entries[0]["answer"]
    # The province's link compares the section as returned with the working copy.
    link = answers.diff_url(bp, first, "changes")
    assert "?a=" in link and "&b=" in link
    client.force_login(bp.created_by)
    html = client.get(reverse("proposals:answers", args=[bp.pk])).content.decode()
    assert entries[0]["answer"] in html and link.replace("&", "&amp;") in html
    # OPDC reads them on its review page of version 2.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="opdc.reviewer"))
    html = client.get(reverse("proposals:review:review", args=[bp.pk])).content.decode()
    assert 'id="review-answers"' in html
    for entry in entries:
        assert entry["answer"] in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stamps read PostgreSQL's xmin")
def test_the_blueprints_document_is_kept_under_a_stamp_of_opdcs_comments_too(revised, world):
    """A revised Blueprint's document reads OPDC's comments on the returned version (the
    checklist's blockers): the document's stamp covers those tables, and a comment changed
    in plain SQL moves it."""
    from proposals import page_cache
    from tests.proposals.test_page_cache import document_tables

    read, stamped = document_tables(revised)
    assert "proposals_reviewnote" in read
    assert read - stamped == set()
    before = page_cache.document_stamp(revised).document
    with transaction.atomic():
        ReviewNote.objects.filter(pk=revised.notes[0].pk).update(text="ข้อสังเกตที่แก้นอกระบบ")
    assert page_cache.document_stamp(revised).document != before
