"""Attachments: files checked by their first bytes and size, kept with their SHA-256,
listed in the submission (snapshot, PDF appendix, batch ZIP) and never given to someone
who may not read them — OPDC only once submitted, and only what was submitted."""

import hashlib
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from proposals import edition
from proposals.attachments import services
from proposals.attachments.models import Attachment
from proposals.models import Snapshot
from proposals.pdf import archive
from tests.attachments.conftest import PDF, held_workshop, jpeg_bytes, png_bytes
from tests.conftest import ACTORS
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

ANON = 302


def attach(blueprint, user, *, kind="minutes", title="รายงานการประชุม", name="minutes.pdf",
           content=PDF, workshop=None):  # fmt: skip
    return services.attachment_upload(
        user=user, blueprint=blueprint, kind=kind, title=title, filename=name,
        content=content, workshop=workshop,
    )  # fmt: skip


def post_file(client, blueprint, *, name, content, title="ภาพการประชุม", kind="photo", **extra):
    return client.post(
        reverse("proposals:attachment_upload", args=[blueprint.pk]),
        {"kind": kind, "title": title, "file": SimpleUploadedFile(name, content), **extra},
    )


def tamper(attachment, content=b"%PDF-1.4 altered"):
    """Change the stored bytes behind the application's back (the trigger is dropped for
    this test's transaction only: DDL rolls back with it on both engines)."""
    name, table = "proposals_attachment_file_immutable", "proposals_attachment"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER {name}")
        else:
            cursor.execute(f"DROP TRIGGER {name} ON {table}")
    Attachment.objects.filter(pk=attachment.pk).update(content=content)


# --------------------------------------------------------------------------
# The file: type by its first bytes, size, Thai messages, nothing saved half-way
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("a.pdf", PDF, "application/pdf"), ("a.PNG", png_bytes(), "image/png"),
     ("a.jpeg", jpeg_bytes(), "image/jpeg"), ("a.jpg", jpeg_bytes(), "image/jpeg")],
)  # fmt: skip
def test_pdf_png_and_jpeg_are_taken_with_their_sha256(
    world, blueprint, client, name, content, content_type
):
    client.force_login(world.editor)
    response = post_file(client, blueprint, name=name, content=content, kind="supporting")
    assert response.status_code == 302
    stored = Attachment.objects.get()
    assert (stored.content_type, stored.size, stored.filename) == (content_type, len(content), name)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert bytes(stored.content) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"just some text, not a PDF", "Only PDF, PNG and JPEG"),
        ("photo.png", b"GIF89a" + b"\0" * 40, "Only PDF, PNG and JPEG"),
        ("photo.pdf", png_bytes(), "does not match its content"),
        ("scan.png", PDF, "does not match its content"),
        ("macro.docx", b"PK\x03\x04" + b"\0" * 40, "Only PDF, PNG and JPEG"),
    ],
)
def test_a_file_is_judged_by_its_first_bytes_and_refused_whole(
    world, blueprint, client, name, content, message
):
    client.force_login(world.editor)
    response = post_file(client, blueprint, name=name, content=content, title="ชื่อที่พิมพ์ไว้")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="ชื่อที่พิมพ์ไว้"' in page  # the form keeps what was typed
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_and_not_read_past_it(world, blueprint, client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    client.force_login(world.editor)
    big = png_bytes() + b"\0" * (1024 * 1024 + 10)
    response = post_file(client, blueprint, name="big.png", content=big, title="ภาพใหญ่")
    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()
    assert 'value="ภาพใหญ่"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_empty_file_and_a_missing_title_are_refused(world, blueprint, client):
    client.force_login(world.editor)
    response = post_file(client, blueprint, name="a.pdf", content=PDF, title="")
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    with pytest.raises(Exception, match="empty"):
        attach(blueprint, world.editor, content=b"")


def test_messages_are_thai_for_a_thai_reader(world, blueprint, client):
    client.force_login(world.editor)
    response = client.post(
        reverse("proposals:attachment_upload", args=[blueprint.pk]),
        {"kind": "photo", "title": "ภาพ", "file": SimpleUploadedFile("a.pdf", b"text")},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert response.status_code == 400
    assert "แนบได้เฉพาะไฟล์ PDF, PNG และ JPEG" in response.content.decode()


def test_the_database_refuses_to_replace_a_file(world, blueprint):
    stored = attach(blueprint, world.editor)
    with pytest.raises(DatabaseError), transaction.atomic():
        Attachment.objects.filter(pk=stored.pk).update(content=b"%PDF-other", sha256="0" * 64)
    Attachment.objects.filter(pk=stored.pk).update(title="ชื่อใหม่")  # metadata may change


# --------------------------------------------------------------------------
# Access: every view × every actor, before and after submission
# --------------------------------------------------------------------------


def expect(**codes):
    default = codes.pop("default", 404)
    table = {actor: codes.get(actor, default) for actor in ACTORS}
    table["anonymous"] = ANON
    return table


BEFORE = {
    "list": expect(editor=200, contributor=200, viewer=200, admin=200),
    "form": expect(editor=200, contributor=200, viewer=403, admin=200),
    "upload": expect(editor=302, contributor=302, viewer=403, admin=302),
    "download": expect(editor=200, contributor=200, viewer=200, admin=200),
    "remove": expect(editor=302, contributor=403, viewer=403, admin=302),
    "remove_own": expect(editor=302, contributor=302, viewer=403, admin=302),
}
AFTER = {
    "list": expect(editor=200, contributor=200, viewer=200, reviewer=200, admin=200),
    # Closed: the office is sent back to the list; the others are told no as before.
    "form": expect(editor=302, contributor=302, viewer=403, reviewer=403, admin=302),
    "upload": expect(editor=302, contributor=302, viewer=403, reviewer=403, admin=302),
    "download": expect(editor=200, contributor=200, viewer=200, reviewer=200, admin=200),
    "remove": expect(editor=302, contributor=403, viewer=403, reviewer=403, admin=302),
    "remove_own": expect(editor=302, contributor=302, viewer=403, reviewer=403, admin=302),
}


def _request(client, world, blueprint, workshop, view):
    office = attach(blueprint, world.editor, kind="supporting", title="เอกสารประกอบ")
    own = attach(blueprint, world.contributor, workshop=workshop, title="รายงานของหน่วยงาน")
    return office, own


@pytest.mark.parametrize("submitted", [False, True], ids=["before", "after"])
@pytest.mark.parametrize("view", list(BEFORE))
@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(world, complete_blueprint, client, actor, view, submitted):
    blueprint = complete_blueprint
    workshop = held_workshop(blueprint, world)
    office, own = _request(client, world, blueprint, workshop, view)
    if submitted:
        advance(blueprint, world.editor, "consult", "review", "approve", "submit")
    before = Attachment.objects.count()
    user = world.actor(actor)
    if user is not None:
        client.force_login(user)
    pk = blueprint.pk
    if view == "list":
        response = client.get(reverse("proposals:attachments", args=[pk]))
    elif view == "form":
        response = client.get(reverse("proposals:attachment_upload", args=[pk]))
    elif view == "upload":
        response = post_file(client, blueprint, name="p.png", content=png_bytes(),
                             workshop=workshop.pk)  # fmt: skip
    elif view == "download":
        response = client.get(reverse("proposals:attachment", args=[pk, office.pk]))
    else:
        target = office if view == "remove" else own
        response = client.post(reverse("proposals:attachment_remove", args=[pk, target.pk]))
    expected = (AFTER if submitted else BEFORE)[view][actor]
    assert response.status_code == expected
    after = Attachment.objects.count()
    changed = expected == 302 and user is not None and not submitted
    if view == "upload":
        assert after == before + changed
    elif view.startswith("remove"):
        assert after == before - changed
    else:
        assert after == before
    if view == "download" and expected == 200:
        assert response.content == PDF
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_contributor_attaches_only_minutes_and_photos_to_a_workshop_they_take_part_in(
    world, blueprint, client
):
    joined = held_workshop(blueprint, world)
    other = held_workshop(blueprint, world, invite_agency=False)
    client.force_login(world.contributor)
    png = png_bytes()
    refused = post_file(client, blueprint, name="p.png", content=png, workshop=other.pk)
    assert refused.status_code == 400  # not a choice they have
    itself = post_file(client, blueprint, name="p.png", content=png)
    assert itself.status_code == 400  # the Blueprint itself is the office's
    approval = post_file(client, blueprint, name="p.png", content=png, workshop=joined.pk,
                         kind="signed_approval")  # fmt: skip
    assert approval.status_code == 400
    assert not Attachment.objects.exists()
    with pytest.raises(Exception) as refused_service:
        attach(blueprint, world.contributor, workshop=other)
    assert type(refused_service.value).__name__ == "PermissionDenied"
    done = post_file(client, blueprint, name="p.png", content=png, workshop=joined.pk)
    assert done.status_code == 302
    assert Attachment.objects.get().workshop == joined


def test_a_workshop_page_lists_its_files_with_the_upload_link(world, blueprint, client):
    workshop = held_workshop(blueprint, world)
    attach(blueprint, world.editor, workshop=workshop, title="รายงานการประชุมครั้งที่ 1")
    client.force_login(world.contributor)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "รายงานการประชุมครั้งที่ 1" in page
    assert f"?workshop={workshop.pk}" in page


def test_opdc_reads_only_what_was_submitted(world, complete_blueprint, client):
    blueprint = complete_blueprint
    first = attach(blueprint, world.editor, title="ส่งไปแล้ว")
    advance(blueprint, world.editor, "consult", "review", "approve", "submit")
    advance(blueprint, world.reviewer, "return")
    advance(blueprint, world.editor, "revise")
    later = attach(blueprint, world.editor, title="แนบภายหลัง", name="later.pdf")
    client.force_login(world.reviewer)
    assert (
        client.get(reverse("proposals:attachment", args=[blueprint.pk, first.pk])).status_code
        == 200
    )  # noqa: E501
    assert (
        client.get(reverse("proposals:attachment", args=[blueprint.pk, later.pk])).status_code
        == 404
    )  # noqa: E501
    listing = client.get(reverse("proposals:attachments", args=[blueprint.pk])).content.decode()
    assert "ส่งไปแล้ว" in listing and "แนบภายหลัง" not in listing
    # The submitted edition's file stays, even in the new draft.
    client.force_login(world.editor)
    client.post(reverse("proposals:attachment_remove", args=[blueprint.pk, first.pk]))
    assert Attachment.objects.filter(pk=first.pk).exists()
    client.post(reverse("proposals:attachment_remove", args=[blueprint.pk, later.pk]))
    assert not Attachment.objects.filter(pk=later.pk).exists()


# --------------------------------------------------------------------------
# A damaged file is never given out
# --------------------------------------------------------------------------


def test_a_tampered_file_is_refused_by_the_download(world, blueprint, client):
    stored = attach(blueprint, world.editor)
    tamper(stored)
    client.force_login(world.editor)
    response = client.get(
        reverse("proposals:attachment", args=[blueprint.pk, stored.pk]), HTTP_ACCEPT_LANGUAGE="th"
    )
    assert response.status_code == 500
    assert b"%PDF" not in response.content
    assert "ไม่ตรงกับค่า SHA-256" in response.content.decode()


# --------------------------------------------------------------------------
# The submission: snapshot, PDF appendix, the signed approval on the checklist
# --------------------------------------------------------------------------


def test_the_snapshot_lists_the_attachments_as_submitted(world, complete_blueprint):
    workshop = held_workshop(complete_blueprint, world)
    minutes = attach(complete_blueprint, world.editor, workshop=workshop)
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    scan = attach(complete_blueprint, world.editor, kind="signed_approval", title="หน้าลงนาม",
                  name="approval.png", content=png_bytes())  # fmt: skip
    advance(complete_blueprint, world.editor, "submit")
    data = Snapshot.objects.get(blueprint=complete_blueprint).data
    listed = data["attachments"]
    # The scan came after the approval: the evidence is listed when the submission is sent,
    # and the document is still, byte for byte, the edition the governor approved.
    assert [item["id"] for item in listed] == [minutes.pk, scan.pk]
    assert edition.verify(data) is True
    assert listed[0] == {
        "id": minutes.pk,
        "kind": {"code": "minutes", "label": "รายงานการประชุม"},
        "title": "รายงานการประชุม",
        "filename": "minutes.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "workshop": {"id": workshop.pk, "title": workshop.title},
    }
    assert listed[1]["kind"]["code"] == "signed_approval"


def test_the_submission_pdf_has_the_appendix(world, complete_blueprint, tmp_path):
    attach(complete_blueprint, world.editor, title="รายงานการประชุมระดมสมอง")
    advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")
    snapshot = Snapshot.objects.get(blueprint=complete_blueprint)
    path = tmp_path / "submission.pdf"
    path.write_bytes(archive.render_submission(snapshot).content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    unbroken = "".join(text.split())  # a table cell wraps the title over lines
    assert "ภาคผนวก เอกสารแนบ" in text
    assert "รายงานการประชุมระดมสมอง" in unbroken
    assert "หน้าความเห็นชอบ" not in unbroken.split("ภาคผนวกเอกสารแนบ")[-1]
    assert hashlib.sha256(PDF).hexdigest()[:16] in text


def test_the_checklist_asks_for_the_signed_approval_page_once_approved(
    world, complete_blueprint, client
):
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    client.force_login(world.editor)
    page = client.get(complete_blueprint.get_absolute_url()).content.decode()
    assert "The signed approval page is not attached yet" in page
    assert services.signed_approval_for(complete_blueprint) is None
    scan = attach(complete_blueprint, world.editor, kind="signed_approval", title="หน้าลงนาม",
                  name="approval.png", content=png_bytes())  # fmt: skip
    assert services.signed_approval_for(complete_blueprint) == scan
    page = client.get(complete_blueprint.get_absolute_url()).content.decode()
    assert "The signed approval page is not attached yet" not in page
    assert "หน้าลงนาม" in page


def test_opdc_finds_the_submitted_files_on_the_submitted_version(world, complete_blueprint, client):
    stored = attach(complete_blueprint, world.editor, title="รายงานที่ส่ง")
    advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")
    client.force_login(world.reviewer)
    page = client.get(reverse("proposals:snapshot", args=[complete_blueprint.pk, 1]))
    link = reverse("proposals:attachment", args=[complete_blueprint.pk, stored.pk])
    assert "รายงานที่ส่ง" in page.content.decode() and link in page.content.decode()
    assert client.get(link).content == PDF


def test_the_blueprint_page_lists_files_in_a_fixed_number_of_queries(
    world, blueprint, client, django_assert_max_num_queries
):
    workshop = held_workshop(blueprint, world)
    client.force_login(world.contributor)
    url = blueprint.get_absolute_url()
    attach(blueprint, world.contributor, workshop=workshop)
    with django_assert_max_num_queries(200) as one:
        client.get(url)
    for number in range(20):
        attach(blueprint, world.contributor, workshop=workshop, title=f"ไฟล์ {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "ไฟล์ 19" in page
