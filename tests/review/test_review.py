"""Reviewing a submission: the submitted version (never the working copy), the comparison
with the previous one, review comments the province sees, scores, and the decision."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proposals import services, workflow
from proposals.models import BlueprintStatus, Transition
from proposals.review.models import Criterion, ReviewNote, Score
from proposals.rows import KINDS
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db


def review_url(blueprint, edition=None):
    if edition is None:
        return reverse("proposals:review:review", args=[blueprint.pk])
    return reverse("proposals:review:review_edition", args=[blueprint.pk, edition])


def test_review_page_reads_the_submission_never_the_working_copy(world, round_, client_for):
    blueprint = round_.chumphon
    advance(blueprint, world.reviewer, "return")
    advance(blueprint, world.editor, "revise")
    diagnosis = blueprint.diagnosis
    diagnosis.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["diagnosis"], obj=diagnosis,
        values={"current_situation": "ร่างใหม่ที่ยังไม่ส่ง"}, version=diagnosis.version,
    )  # fmt: skip
    # Not submitted again: OPDC's review page still shows version 1 as submitted.
    body = client_for(world.reviewer).get(review_url(blueprint, 1)).content.decode()
    assert "ไม่มีตลาดกลางผลไม้ในจังหวัด" in body
    assert "ร่างใหม่ที่ยังไม่ส่ง" not in body


def test_second_submission_is_compared_with_the_first(world, resubmitted, client_for):
    response = client_for(world.reviewer).get(review_url(resubmitted))
    assert response.status_code == 200
    assert response.context["snapshot"].edition == 2
    assert response.context["previous"].edition == 1
    sections = {item["view"].key: item["view"] for item in response.context["sections"]}
    changes = sections["changes"]
    changed = [row for row in changes.rows if row.status == "changed"]
    assert changed and any(field.diff for field in changed[0].fields)
    assert "<ins>" in str(next(f.diff for f in changed[0].fields if f.diff))
    added = [row for row in sections["risks"].rows if row.status == "added"]
    assert [row.title for row in added] == ["ผลผลิตล้นตลาดช่วงกลางปี"]
    assert sections["diagnosis"].changes == 0
    body = response.content.decode()
    assert "New in this version" in body
    assert "30" in body


def test_the_comparison_is_in_the_readers_language(world, resubmitted, client_for):
    """The comparison's labels are in the reader's language, on every view."""
    client = client_for(world.reviewer)
    english = client.get(review_url(resubmitted)).content.decode()
    assert client.get(review_url(resubmitted)).content.decode().count("New in this version") == (
        english.count("New in this version")
    )
    thai = client.get(review_url(resubmitted), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "New in this version" in english and "New in this version" not in thai
    assert "เพิ่มใหม่ในฉบับนี้" in thai
    # The earlier version, compared with nothing, is its own entry.
    first = client.get(review_url(resubmitted, 1)).content.decode()
    assert "New in this version" not in first


def test_first_submission_has_nothing_to_compare(world, round_, client_for):
    response = client_for(world.reviewer).get(review_url(round_.chumphon))
    assert response.context["previous"] is None
    assert "first submission" in response.content.decode()


def test_review_comments_per_section_reach_the_province(world, round_, client_for):
    blueprint = round_.chumphon
    url = reverse("proposals:review:note_add", args=[blueprint.pk, 1])
    client = client_for(world.reviewer)
    response = client.post(url, {"section": "changes", "text": "ขอให้ระบุตัวชี้วัดให้ครบ"})
    assert response.status_code == 302
    note = ReviewNote.objects.get()
    assert (note.section, note.author, note.snapshot.edition) == ("changes", world.reviewer, 1)
    # An empty comment is refused with a message, nothing saved.
    response = client.post(url, {"section": "risks", "text": "   "})
    assert response.status_code == 200
    assert ReviewNote.objects.count() == 1
    # The province reads it in its review history.
    history = reverse("proposals:review:history", args=[blueprint.pk])
    for member in (world.editor, world.contributor, world.viewer):
        body = client_for(member).get(history).content.decode()
        assert "ขอให้ระบุตัวชี้วัดให้ครบ" in body
        assert "Change proposals" in body


def test_comments_close_with_the_decision(world, round_, client_for):
    blueprint = round_.chumphon
    advance(blueprint, world.reviewer, "accept")
    client = client_for(world.reviewer)
    url = reverse("proposals:review:note_add", args=[blueprint.pk, 1])
    response = client.post(url, {"section": "changes", "text": "สายไปแล้ว"})
    assert response.status_code == 302
    assert not ReviewNote.objects.exists()
    body = client.get(review_url(blueprint)).content.decode()
    assert "Record the decision" not in body


def test_a_reviewer_withdraws_only_their_own_comment(world, round_, client_for):
    from strategies.models import Role
    from tests import factories

    snapshot = round_.chumphon.snapshots.get()
    note = ReviewNote.objects.create(
        snapshot=snapshot, section="general", text="ทดสอบ", author=world.reviewer
    )
    colleague = factories.UserFactory(username="colleague")
    factories.MembershipFactory(user=colleague, organisation=world.opdc, role=Role.REVIEWER)
    url = reverse("proposals:review:note_delete", args=[round_.chumphon.pk, note.pk])
    assert client_for(colleague).post(url).status_code == 403
    assert client_for(world.reviewer).post(url).status_code == 302
    assert not ReviewNote.objects.exists()


def test_scores_are_saved_and_computed(world, round_, client_for):
    blueprint = round_.chumphon
    criteria = list(Criterion.objects.filter(rubric__is_active=True).order_by("position"))
    data = {f"level_{c.pk}": 3 for c in criteria}
    data[f"level_{criteria[0].pk}"] = 5  # weight 20
    data[f"comment_{criteria[0].pk}"] = "ดีมาก"
    client = client_for(world.reviewer)
    url = reverse("proposals:review:scores_save", args=[blueprint.pk, 1])
    response = client.post(url, data, follow=True)
    assert Score.objects.count() == 8
    # (20·5 + 80·3) / 100 × 20 = 68
    assert "68.00" in response.content.decode()
    assert response.context["result"].score == 68
    # Clearing one makes the result provisional again.
    data[f"level_{criteria[1].pk}"] = ""
    response = client.post(url, data, follow=True)
    assert Score.objects.count() == 7
    assert response.context["result"].score is None
    assert response.context["result"].provisional is not None
    # A level outside 1–5 is refused.
    data[f"level_{criteria[1].pk}"] = 7
    response = client.post(url, data)
    assert response.status_code == 200
    assert Score.objects.count() == 7


def test_return_without_reasons_is_refused(world, round_, client_for):
    blueprint = round_.chumphon
    url = reverse("proposals:review:decide", args=[blueprint.pk])
    response = client_for(world.reviewer).post(url, {"action": "return", "reason": "  "})
    assert response.status_code == 200
    assert "Give the reasons" in response.content.decode()
    blueprint.refresh_from_db()
    assert blueprint.status == BlueprintStatus.SUBMITTED
    assert not Transition.objects.filter(blueprint=blueprint, action="return").exists()
    # The service refuses too, whatever the form does.
    with pytest.raises(ValidationError):
        workflow.blueprint_return(user=world.reviewer, blueprint=blueprint, reason="")


def test_return_with_reasons_and_the_province_sees_the_decision(world, round_, client_for):
    blueprint = round_.chumphon
    url = reverse("proposals:review:decide", args=[blueprint.pk])
    reason = "ขอให้เพิ่มข้อมูลเชิงปริมาณในการวิเคราะห์ช่องว่าง"
    response = client_for(world.reviewer).post(url, {"action": "return", "reason": reason})
    assert response.status_code == 302
    blueprint.refresh_from_db()
    assert blueprint.status == BlueprintStatus.RETURNED
    step = Transition.objects.get(blueprint=blueprint, action="return")
    assert (step.reason, step.actor) == (reason, world.reviewer)
    body = (
        client_for(world.editor)
        .get(reverse("proposals:review:history", args=[blueprint.pk]))
        .content.decode()
    )
    assert reason in body and "Returned for revision" in body


def test_accept(world, round_, client_for):
    blueprint = round_.surat
    url = reverse("proposals:review:decide", args=[blueprint.pk])
    assert client_for(world.reviewer).post(url, {"action": "accept"}).status_code == 302
    blueprint.refresh_from_db()
    assert blueprint.status == BlueprintStatus.ACCEPTED


def test_province_sees_scores_only_once_decided(world, round_, client_for):
    blueprint = round_.chumphon
    snapshot = blueprint.snapshots.get()
    criterion = Criterion.objects.filter(rubric__is_active=True).first()
    Score.objects.create(
        snapshot=snapshot, criterion=criterion, level=4, weight=criterion.weight,
        comment="ความเห็นระหว่างพิจารณา", scored_by=world.reviewer,
    )  # fmt: skip
    history = reverse("proposals:review:history", args=[blueprint.pk])
    assert "ความเห็นระหว่างพิจารณา" not in client_for(world.editor).get(history).content.decode()
    assert "ความเห็นระหว่างพิจารณา" in client_for(world.reviewer).get(history).content.decode()
    advance(blueprint, world.reviewer, "return")
    assert "ความเห็นระหว่างพิจารณา" in client_for(world.editor).get(history).content.decode()


def test_old_version_is_read_only(world, resubmitted, client_for):
    body = client_for(world.reviewer).get(review_url(resubmitted, 1)).content.decode()
    assert "A newer version (2) exists" in body
    response = client_for(world.reviewer).post(
        reverse("proposals:review:note_add", args=[resubmitted.pk, 1]),
        {"section": "general", "text": "ข้อความ"},
    )
    assert response.status_code == 302
    assert not ReviewNote.objects.exists()


def test_a_too_long_score_comment_is_explained_and_kept(world, round_, client_for):
    """Found by a new-user walkthrough: the scores were dropped without a word."""
    criteria = list(Criterion.objects.filter(rubric__is_active=True).order_by("position"))
    data = {f"level_{c.pk}": 3 for c in criteria}
    data[f"comment_{criteria[0].pk}"] = "ยาว" * 3000  # 9,000 characters
    url = reverse("proposals:review:scores_save", args=[round_.chumphon.pk, 1])
    response = client_for(world.reviewer).post(url, data)
    assert response.status_code == 200
    assert not Score.objects.exists()
    page = response.content.decode()
    top = page[: page.index('id="rubric"')]
    assert 'class="alert alert-danger"' in top and 'href="#rubric"' in top
    assert 'class="invalid-feedback"' in page
    assert "ยาว" * 3000 in page  # what the reviewer typed is still there
    assert 'maxlength="5000"' in page
