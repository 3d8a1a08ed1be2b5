"""The archive: submission renders the PDF from the snapshot, once, and keeps its bytes."""

import hashlib
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from proposals.models import Blueprint, Snapshot, SubmissionPDF
from proposals.pdf import archive, attach, render, thai
from tests.pdf.conftest import advance, fake_pdf, pages_text, squash

pytestmark = pytest.mark.django_db


def own_content(data: dict) -> dict:
    """The parts of a snapshot a Blueprint owns, without ids and positions."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in {"id", "position"}}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    projects = [
        {"number": p["number"], "activities": p["activities"], "milestones": p["milestones"]}
        for p in data["action_plan"]["projects"]
    ]
    return strip(
        {
            key: data[key]
            for key in ("diagnosis", "change_proposals", "readiness", "risks", "success_factors")
        }
        | {"projects": projects, "goals": data["goals"], "title": data["blueprint"]["title"]}
    )


def test_submitting_archives_the_pdf_that_every_download_then_serves(
    world, complete_blueprint, client_for, django_capture_on_commit_callbacks, tmp_path
):
    """One real render, end to end: submit → archived PDF → downloads → read back → import."""
    with django_capture_on_commit_callbacks(execute=True):
        advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")
    snapshot = Snapshot.objects.get(blueprint=complete_blueprint)
    archived = SubmissionPDF.objects.get(snapshot=snapshot)
    content = bytes(archived.content)

    # Stored with its hash; the same bytes for the province and for OPDC.
    assert archived.sha256 == hashlib.sha256(content).hexdigest()
    assert archived.size == len(content) and archived.pages >= 3
    url = reverse("proposals:snapshot_pdf", args=[complete_blueprint.pk, snapshot.edition])
    assert client_for(world.editor).get(url).content == content
    assert client_for(world.reviewer).get(url).content == content
    assert archive.archive_for(snapshot).pk == archived.pk  # no second render

    # It is the submission: no watermark, the submitted data attached.
    texts = pages_text(content)
    assert not any("ฉบับร่าง" in squash(text) for text in texts)
    assert squash(complete_blueprint.title) in squash("".join(texts))
    assert attach.read_attachment(content) == snapshot.data

    # And it reads back into a Blueprint (a new draft, next fiscal year).
    path = tmp_path / "submitted.pdf"
    path.write_bytes(content)
    out = io.StringIO()
    call_command(
        "import_blueprint", str(path), "--user", "editor", "--fiscal-year", "2549", stdout=out
    )
    imported = Blueprint.objects.exclude(pk=complete_blueprint.pk).get()
    assert imported.fiscal_year == 2549 and imported.status == "draft"
    assert own_content(render.draft_data(imported)) == own_content(snapshot.data)
    assert "Imported as Blueprint" in out.getvalue()


def test_archive_for_renders_once(world, submitted_blueprint, fake_render, settings):
    settings.PDF_THAI_NUMERALS = True
    snapshot = submitted_blueprint.snapshots.get()
    first = archive.archive_for(snapshot)
    second = archive.archive_for(snapshot)
    assert first.pk == second.pk
    assert len(fake_render.calls) == 1
    assert fake_render.calls[0]["data"] == snapshot.data
    assert fake_render.calls[0]["draft"] is False
    # The file says when it was submitted, not when it happened to be rendered.
    assert fake_render.calls[0]["created"] == snapshot.created_at
    assert fake_render.calls[0]["printed_on"] == thai.parse_date(snapshot.created_at)
    assert fake_render.calls[0]["printed_on"] is not None
    assert fake_render.calls[0]["thai_numerals"] is True


def test_find_by_hash_finds_the_archive_whatever_the_case_of_the_digest(
    submitted_blueprint, fake_render
):
    stored = archive.archive_for(submitted_blueprint.snapshots.get())
    assert archive.find_by_hash(stored.sha256.upper()) == stored
    assert archive.find_by_hash("0" * 64) is None


def test_archive_for_under_a_race_returns_the_stored_pdf(
    world, submitted_blueprint, fake_render, monkeypatch
):
    """Someone else stores the PDF while this caller renders: both get the stored one."""
    snapshot = submitted_blueprint.snapshots.get()
    theirs = fake_pdf({"someone": "else"}, draft=False)

    def render_while_another_stores(snapshot):
        SubmissionPDF.objects.create(
            snapshot=snapshot,
            sha256=hashlib.sha256(theirs).hexdigest(),
            size=len(theirs),
            pages=1,
            content=theirs,
        )
        return render.RenderedPDF(
            content=b"%PDF-1.7 mine", pages=1, template_seconds=0, weasyprint_seconds=0
        )

    monkeypatch.setattr(archive, "render_submission", render_while_another_stores)
    stored = archive.archive_for(snapshot)
    assert bytes(stored.content) == theirs
    assert SubmissionPDF.objects.count() == 1


def test_a_rendering_failure_does_not_lose_the_submission(
    world, complete_blueprint, client_for, fake_render, caplog, django_capture_on_commit_callbacks
):
    fake_render.error = RuntimeError("WeasyPrint crashed")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")
    assert complete_blueprint.status == "submitted"
    assert Snapshot.objects.filter(blueprint=complete_blueprint).exists()
    assert not SubmissionPDF.objects.exists()
    snapshot = Snapshot.objects.get(blueprint=complete_blueprint)
    assert (
        f"Could not archive the PDF of snapshot {snapshot.pk}; "
        "it will be rendered on first download" in caplog.messages
    )

    # The first download renders and archives it.
    fake_render.error = None
    url = reverse("proposals:snapshot_pdf", args=[complete_blueprint.pk, 1])
    response = client_for(world.reviewer).get(url)
    assert response.status_code == 200
    assert response.content == bytes(SubmissionPDF.objects.get().content)


def test_an_archived_pdf_cannot_be_changed(world, submitted_blueprint, fake_render):
    archived = archive.archive_for(submitted_blueprint.snapshots.get())
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        SubmissionPDF.objects.filter(pk=archived.pk).update(content=b"%PDF-1.7 forged")
    archived.refresh_from_db()
    assert archive.verified_content(archived).startswith(b"%PDF-1.7\n% fake submission")


def test_bytes_that_no_longer_match_their_hash_are_not_served(caplog):
    tampered = SubmissionPDF(pk=1, snapshot_id=2, sha256="0" * 64, size=5, content=b"%PDF-")
    with caplog.at_level(logging.ERROR), pytest.raises(archive.ArchiveCorrupted) as refused:
        archive.verified_content(tampered)
    # What the operator reads: which archive and which submission.
    assert str(refused.value) == "archived PDF 1 does not match its SHA-256"
    assert caplog.messages == ["Archived PDF 1 of snapshot 2 does not match its SHA-256"]


def test_archive_soon_serves_a_stored_pdf_however_large(settings, submitted_blueprint, fake_render):
    snapshot = submitted_blueprint.snapshots.get()
    stored = archive.archive_for(snapshot)
    settings.PDF_INLINE_MAX_PAGES = 0
    assert archive.archive_soon(snapshot) == stored
    assert len(fake_render.calls) == 1


def test_archive_soon_renders_up_to_the_inline_limit_and_queues_the_rest(
    settings, submitted_blueprint, fake_render
):
    from django_tasks_db.models import DBTaskResult

    from proposals.pdf import drafts

    snapshot = submitted_blueprint.snapshots.get()
    pages = drafts.estimated_pages(snapshot.data)
    assert pages >= 2

    settings.PDF_INLINE_MAX_PAGES = pages - 1
    assert archive.archive_soon(snapshot) is None
    assert fake_render.calls == [] and not SubmissionPDF.objects.exists()
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("archive_submission_pdf")
    assert queued.args_kwargs["kwargs"] == {"snapshot_id": snapshot.pk}
    assert archive.archive_soon(snapshot) is None
    assert DBTaskResult.objects.count() == 1  # asked once, however often a page asks

    settings.PDF_INLINE_MAX_PAGES = pages
    assert archive.archive_soon(snapshot) == SubmissionPDF.objects.get(snapshot=snapshot)
    assert len(fake_render.calls) == 1


def test_the_attached_json_of_a_submission_is_exactly_its_snapshot(submitted_blueprint):
    """The renderer attaches the dict it renders, encoded as documented."""
    snapshot = submitted_blueprint.snapshots.get()
    assert json.loads(attach.encode(snapshot.data)) == snapshot.data


def test_each_submission_is_queued_for_the_worker_once(submitted_blueprint):
    from django_tasks_db.models import DBTaskResult

    snapshot = submitted_blueprint.snapshots.get()
    for snapshot_id in (snapshot.pk, snapshot.pk + 1000, snapshot.pk, snapshot.pk + 1000):
        archive._enqueue_archive(snapshot_id)
    queued = sorted(
        result.args_kwargs["kwargs"]["snapshot_id"] for result in DBTaskResult.objects.all()
    )
    assert queued == [snapshot.pk, snapshot.pk + 1000]
