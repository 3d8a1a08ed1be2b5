"""Downloading PDFs and verifying them: who gets what, the draft cache, the verify page.

WeasyPrint is replaced by ``fake_render`` here: what is tested is access, caching and
the archive's bytes, not the layout (see test_document.py for that).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from proposals import services, workflow
from proposals.models import SubmissionPDF
from proposals.pdf import archive
from proposals.rows import KINDS
from strategies.models import Profile
from tests.conftest import ACTORS
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db

DRAFT = {"anonymous": 302, "editor": 200, "contributor": 200, "viewer": 200, "admin": 200}
SUBMITTED = {**DRAFT, "reviewer": 200}


@pytest.mark.parametrize("actor", ACTORS)
def test_draft_pdf_access(actor, world, blueprint, client_for, fake_render):
    response = client_for(world.actor(actor)).get(reverse("proposals:pdf", args=[blueprint.pk]))
    assert response.status_code == DRAFT.get(actor, 404)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert fake_render.calls[-1]["draft"] is True


@pytest.mark.parametrize("actor", ACTORS)
def test_submitted_pdf_access(actor, world, submitted_blueprint, client_for, fake_render):
    url = reverse("proposals:snapshot_pdf", args=[submitted_blueprint.pk, 1])
    response = client_for(world.actor(actor)).get(url)
    assert response.status_code == SUBMITTED.get(actor, 404)
    if response.status_code == 200:
        archived = SubmissionPDF.objects.get()
        assert response.content == bytes(archived.content)
        assert response["X-Content-SHA256"] == archived.sha256
        assert fake_render.calls[-1]["draft"] is False


@pytest.mark.parametrize("name", ["pdf", "snapshot_pdf"])
def test_pdf_downloads_refuse_post(name, world, submitted_blueprint, client_for, fake_render):
    args = [submitted_blueprint.pk] + ([1] if name == "snapshot_pdf" else [])
    response = client_for(world.editor).post(reverse(f"proposals:{name}", args=args))
    assert response.status_code == 405


def test_a_submitted_blueprint_downloads_its_archived_pdf(
    world, submitted_blueprint, client_for, fake_render
):
    """The province's copy and the reviewer's copy are the same bytes, rendered once."""
    url = reverse("proposals:pdf", args=[submitted_blueprint.pk])
    editor = client_for(world.editor).get(url, follow=True)
    province_copy = editor.content
    reviewer = client_for(world.reviewer).get(url, follow=True)
    assert editor.redirect_chain[-1][0].endswith("/submitted/1/pdf/")
    assert reviewer.redirect_chain[-1][0].endswith("/submitted/1/pdf/")
    assert reviewer.content == province_copy
    assert len(fake_render.calls) == 1


def test_a_reviewer_never_gets_the_working_copy_of_a_returned_blueprint(
    world, submitted_blueprint, client_for, fake_render
):
    workflow.blueprint_return(user=world.reviewer, blueprint=submitted_blueprint, reason="ปรับตัวชี้วัด")
    workflow.blueprint_revise(user=world.editor, blueprint=submitted_blueprint)
    url = reverse("proposals:pdf", args=[submitted_blueprint.pk])
    response = client_for(world.reviewer).get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("/submitted/1/pdf/")
    # The province, revising, gets a draft of the new edition.
    response = client_for(world.editor).get(url)
    assert response.status_code == 200
    number, year = submitted_blueprint.issue.number, submitted_blueprint.fiscal_year
    assert f"-issue{number}-{year}-v2-draft.pdf" in response["Content-Disposition"]


def test_an_unchanged_draft_is_served_from_the_cache(world, blueprint, client_for, fake_render):
    client = client_for(world.editor)
    url = reverse("proposals:pdf", args=[blueprint.pk])
    first = client.get(url)
    second = client.get(url)
    assert (first["X-PDF-Cache"], second["X-PDF-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert len(fake_render.calls) == 1

    risk = bp_factories.RiskFactory(blueprint=blueprint)
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["risk"], obj=risk,
        values={"description": "ความเสี่ยงใหม่"}, version=risk.version,
    )  # fmt: skip
    third = client.get(url)
    assert third["X-PDF-Cache"] == "miss"
    assert len(fake_render.calls) == 2
    # The same content read by someone else is the same cached file.
    assert client_for(world.viewer).get(url)["X-PDF-Cache"] == "hit"


def test_a_draft_follows_the_readers_numeral_preference(world, blueprint, client_for, fake_render):
    Profile.objects.update_or_create(user=world.viewer, defaults={"thai_numerals": True})
    client_for(world.viewer).get(reverse("proposals:pdf", args=[blueprint.pk]))
    client_for(world.editor).get(reverse("proposals:pdf", args=[blueprint.pk]))
    assert [call["thai_numerals"] for call in fake_render.calls] == [True, False]


def test_the_blueprint_pages_offer_the_pdf(world, submitted_blueprint, client_for):
    editor = client_for(world.editor)
    page = editor.get(reverse("proposals:detail", args=[submitted_blueprint.pk]))
    assert reverse("proposals:pdf", args=[submitted_blueprint.pk]) in page.content.decode()
    page = editor.get(reverse("proposals:snapshot", args=[submitted_blueprint.pk, 1]))
    assert reverse("proposals:snapshot_pdf", args=[submitted_blueprint.pk, 1]) in (
        page.content.decode()
    )


# --------------------------------------------------------------------------
# Verify
# --------------------------------------------------------------------------


def upload(client, content: bytes, name="copy.pdf"):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("proposals:pdf_verify"), {"file": file})


@pytest.fixture
def archived(submitted_blueprint, fake_render):
    return archive.archive_for(submitted_blueprint.snapshots.get())


def test_verify_needs_a_login(client_for):
    response = client_for(None).get(reverse("proposals:pdf_verify"))
    assert response.status_code == 302


def test_verify_names_the_submission_to_someone_who_may_read_it(world, archived, client_for):
    response = upload(client_for(world.reviewer), bytes(archived.content))
    assert response.status_code == 200
    assert response.context["result"]["match"] is True
    assert response.context["result"]["details"] is True
    page = response.content.decode()
    assert archived.snapshot.blueprint.title in page
    assert reverse("proposals:snapshot", args=[archived.snapshot.blueprint_id, 1]) in page
    assert archived.sha256 in page


def test_verify_only_confirms_the_match_to_a_stranger(world, archived, client_for):
    response = upload(client_for(world.stranger), bytes(archived.content))
    assert response.context["result"] == {
        "match": True,
        "details": False,
        "sha256": archived.sha256,
    }
    page = response.content.decode()
    assert archived.snapshot.blueprint.title not in page
    assert f"/blueprints/{archived.snapshot.blueprint_id}/" not in page


def test_a_changed_copy_does_not_match(world, archived, client_for):
    changed = bytes(archived.content).replace(b"%%EOF", b"%%EOF\n% edited")
    response = upload(client_for(world.editor), changed)
    assert response.context["result"]["match"] is False


def test_verify_refuses_what_is_not_a_pdf(world, client_for):
    response = upload(client_for(world.editor), b"<html>not a pdf</html>", name="x.pdf")
    assert response.context["result"] is None
    assert "This is not a PDF file." in response.content.decode()


@override_settings(PDF_VERIFY_MAX_BYTES=1024)
def test_verify_refuses_a_file_that_is_too_large(world, client_for):
    response = upload(client_for(world.editor), b"%PDF-1.7\n" + b"0" * 4096)
    assert response.context["result"] is None
    assert "The file is too large" in response.content.decode()


def test_verify_checks_csrf(world):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.editor)
    response = upload(client, b"%PDF-1.7\n%%EOF")
    assert response.status_code == 403


# --------------------------------------------------------------------------
# A damaged archive is never served (issue 23): the SHA-256 re-check proven through the
# download people use, with the stored bytes changed behind the application's back.
# --------------------------------------------------------------------------


def tamper_archive(archived, content=b"%PDF-1.7\n% forged copy of the submission"):
    """Change the archived bytes with a raw UPDATE (the trigger that forbids it is dropped
    for this test's transaction only: DDL rolls back with it on both engines)."""
    from django.db import connection

    name, table = "proposals_submissionpdf_immutable", "proposals_submissionpdf"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER {name}")
        else:
            cursor.execute(f"DROP TRIGGER {name} ON {table}")
        cursor.execute(f"UPDATE {table} SET content = %s WHERE id = %s", [content, archived.pk])
    archived.refresh_from_db()
    assert bytes(archived.content) == content  # the bytes really changed


@pytest.mark.parametrize("actor", ["editor", "reviewer"])
def test_a_tampered_archive_is_refused_with_a_thai_message(
    actor, world, submitted_blueprint, fake_render
):
    from strategies.models import AuditAction, AuditEvent

    archived = archive.archive_for(submitted_blueprint.snapshots.get())
    tamper_archive(archived)
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.actor(actor))
    url = reverse("proposals:snapshot_pdf", args=[submitted_blueprint.pk, 1])
    response = client.get(url)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "%PDF" not in body and "forged" not in body
    assert "ไม่ตรงกับค่า SHA-256" in body  # said in Thai, what happened and what to do
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()  # nothing went out
    # The Blueprint's own PDF link leads to the same refusal.
    followed = client.get(reverse("proposals:pdf", args=[submitted_blueprint.pk]), follow=True)
    assert followed.status_code == 500 and b"%PDF" not in followed.content
