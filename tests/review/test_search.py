"""Thai search: the stored text and the query are cut into words the same way, so a
query typed without spaces finds words wherever they are; short words match whole words."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from proposals.review import search
from tests.review.conftest import refresh

pytestmark = pytest.mark.django_db


def test_segment_splits_thai_into_spaced_words():
    text = search.segment("โครงการตลาดกลางผลไม้จังหวัดชุมพร")
    assert text.startswith(" ") and text.endswith(" ")
    assert " ผลไม้ " in text and " ชุมพร " in text
    assert "  " not in text


def test_query_words_are_distinct_and_ignore_punctuation():
    assert search.query_words("ตลาดกลาง, ผลไม้ ผลไม้!") == ["ตลาด", "กลาง", "ผลไม้"]
    assert search.query_words("   ") == []


def dashboard(client, **params):
    response = client.get(reverse("proposals:review:dashboard"), {"fy": 2548, **params})
    assert response.status_code == 200
    return response


def issues_found(response):
    return {row.pk for row in response.context["page"].object_list}


def test_thai_query_without_spaces_finds_words_anywhere(world, round_, client_for):
    client = client_for(world.reviewer)
    # «ผลไม้ตลาดกลาง»: the words are in Chumphon's diagnosis in another order.
    found = issues_found(dashboard(client, q="ผลไม้ตลาดกลาง"))
    assert found == {round_.chumphon.issue_id}
    found = issues_found(dashboard(client, q="นักท่องเที่ยวพำนัก"))
    assert found == {round_.surat.issue_id}


def test_every_word_must_match(world, round_, client_for):
    found = issues_found(dashboard(client_for(world.reviewer), q="ตลาดกลาง นักท่องเที่ยว"))
    assert found == set()


def test_province_and_issue_titles_are_searched(world, round_, client_for):
    client = client_for(world.reviewer)
    assert issues_found(dashboard(client, q="สุราษฎร์ธานี")) == {round_.surat.issue_id}
    # Chumphon's issue 2 has no submitted Blueprint: found by its issue title only.
    assert round_.draft.issue_id in issues_found(dashboard(client, q="ท่องเที่ยวเชิงคุณภาพ"))


def test_short_word_matches_whole_words_only(world, round_, client_for):
    surat = round_.surat
    surat_snapshot = surat.snapshots.get()
    from proposals.review.models import BlueprintDigest

    # A reviewer looking for «ยา» (medicine) must not get «พยาบาล» (nursing).
    # Written as the app writes digests: with a new ``refreshed_at`` (the search cache's
    # key elsewhere), in a transaction of its own (PostgreSQL's stamp reads the writer's).
    with transaction.atomic():
        BlueprintDigest.objects.filter(blueprint=surat).update(
            search_text=search.segment("โรงพยาบาลชุมชน"), refreshed_at=timezone.now()
        )
    client = client_for(world.reviewer)
    assert surat.issue_id not in issues_found(dashboard(client, q="ยา"))
    with transaction.atomic():
        BlueprintDigest.objects.filter(blueprint=surat).update(
            search_text=search.segment("ขาดแคลนยา และเวชภัณฑ์"), refreshed_at=timezone.now()
        )
    assert surat.issue_id in issues_found(dashboard(client, q="ยา"))
    assert surat_snapshot.pk


def test_draft_text_is_never_searchable_by_opdc(world, round_, client_for):
    """The draft's diagnosis mentions «โรงพยาบาล»; OPDC may not read drafts, so no hit."""
    found = issues_found(dashboard(client_for(world.reviewer), q="โรงพยาบาลส่งเสริมสุขภาพ"))
    assert round_.draft.issue_id not in found


def test_the_plan_rows_of_an_unsubmitted_issue_are_never_searchable_by_opdc(
    world, round_, client_for
):
    """The dashboard lists issue 2 (its title: the register) but nothing under it."""
    goal = round_.draft.issue.goals.get()
    goal.title = "ร่างเป้าประสงค์ลับ ท่าเรือน้ำลึกปากน้ำชุมพร"
    goal.save()
    refresh()
    client = client_for(world.reviewer)
    assert round_.draft.issue_id not in issues_found(dashboard(client, q="ท่าเรือน้ำลึก"))
    assert round_.draft.issue_id in issues_found(dashboard(client, q="ท่องเที่ยวเชิงคุณภาพ"))
    issue_page = reverse("strategies:issue_detail", args=[round_.draft.issue_id])
    assert client.get(issue_page).status_code == 404


def test_search_text_is_the_submitted_version_not_the_working_copy(world, round_, client_for):
    from proposals import services
    from proposals.rows import KINDS
    from tests.proposals.conftest import advance

    blueprint = round_.chumphon
    advance(blueprint, world.reviewer, "return")
    advance(blueprint, world.editor, "revise")
    diagnosis = blueprint.diagnosis
    diagnosis.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["diagnosis"], obj=diagnosis,
        values={"current_situation": "ข้อความใหม่เรื่องท่าเรือน้ำลึก"}, version=diagnosis.version,
    )  # fmt: skip
    refresh()
    client = client_for(world.reviewer)
    assert blueprint.issue_id not in issues_found(dashboard(client, q="ท่าเรือน้ำลึก"))
    assert blueprint.issue_id in issues_found(dashboard(client, q="ตลาดกลางผลไม้"))


def test_a_repeated_search_sees_a_digest_changed_since(world, round_, client_for):
    """Search results are cached between pages of a search, never past a digest change."""
    from proposals.review.models import BlueprintDigest

    client = client_for(world.reviewer)
    assert round_.chumphon.issue_id not in issues_found(dashboard(client, q="ท่าเรือน้ำลึก"))
    digest = BlueprintDigest.objects.get(blueprint=round_.chumphon)
    digest.search_text += search.segment("ท่าเรือน้ำลึก")
    digest.save()
    assert round_.chumphon.issue_id in issues_found(dashboard(client, q="ท่าเรือน้ำลึก"))
    digest.delete()
    assert round_.chumphon.issue_id not in issues_found(dashboard(client, q="ท่าเรือน้ำลึก"))


def test_a_row_is_found_by_the_blueprint_it_shows(world, round_, client_for):
    """A row shows its issue's latest Blueprint of the year: an earlier, accepted one
    that matches no longer finds the row once a new Blueprint follows it."""
    from proposals import services
    from tests.proposals.conftest import advance

    client = client_for(world.reviewer)
    issue = round_.chumphon.issue_id
    assert issue in issues_found(dashboard(client, q="ผลไม้ตลาดกลาง"))
    advance(round_.chumphon, world.reviewer, "accept")
    assert issue in issues_found(dashboard(client, q="ผลไม้ตลาดกลาง"))
    services.blueprint_create(user=world.editor, issue=round_.chumphon.issue, fiscal_year=2548)
    refresh()
    rows = {row.pk: row for row in dashboard(client).context["page"].object_list}
    assert rows[issue].bp_status == "draft"
    assert issue not in issues_found(dashboard(client, q="ผลไม้ตลาดกลาง"))
