"""The covering letter: what it prints and in which order, frozen and archived with the
submission, entered on the submission page (bad input kept, in Thai), the emblem upload.

Letters are really rendered by WeasyPrint and read back with poppler's pdftotext."""

import hashlib
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from proposals.letters import archive, services
from proposals.letters.models import CoveringLetter, SubmissionLetter
from proposals.models import BlueprintStatus, Snapshot
from strategies.models import Organisation
from tests.letters.conftest import LETTER, OFFICE
from tests.pdf.conftest import assert_in_order
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db


def pdftotext(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")


def png(width=60, height=60) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (160, 20, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def archived_letter(blueprint) -> SubmissionLetter:
    snapshot = Snapshot.objects.get(blueprint=blueprint, edition=blueprint.edition)
    return archive.letter_archive_for(SubmissionLetter.objects.get(snapshot=snapshot))


def test_the_letter_has_every_part_in_the_regulations_order(submitted_with_letter, settings):
    settings.PDF_THAI_NUMERALS = True
    letter = archived_letter(submitted_with_letter)
    content = bytes(letter.content)
    assert content.startswith(b"%PDF-") and letter.pages == 1
    assert hashlib.sha256(content).hexdigest() == letter.sha256 and letter.size == len(content)
    submitted_on = letter.snapshot.created_at.date()
    year_be = "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(submitted_on.year + 543))
    text = pdftotext(content)
    assert_in_order(
        text,
        [
            "ที่ ชพ ๐๐๑๗/๑๒๓๔",
            OFFICE["office_name"],
            "ถนนไชยราช ตำบลท่าตะเภา",
            "๘๖๐๐๐",
            year_be,  # the date, in the Buddhist Era and Thai digits
            "เรื่อง ขอส่งข้อเสนอการเปลี่ยนแปลง",
            "เรียน เลขาธิการ ก.พ.ร.",
            "อ้างถึง " + LETTER["reference"],
            "สิ่งที่ส่งมาด้วย",
            "ข้อเสนอการเปลี่ยนแปลง (Blueprint for Change)",
            LETTER["enclosures"],
            "จึงเรียนมาเพื่อโปรดพิจารณา",
            "ขอแสดงความนับถือ",
            "(นายวีระ ศรีวัฒนตระกูล)",
            "ผู้ว่าราชการจังหวัดชุมพร",
            OFFICE["office_unit"],
            "โทร. ๐ ๗๗๕๑ ๑๒๓๔",
        ],
    )
    # One kind of numeral: no Arabic digit anywhere in the letter.
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


def test_without_a_reference_the_letter_has_no_reference_line(approved, world):
    services.letter_save(user=world.editor, blueprint=approved, values={**LETTER, "reference": ""})
    advance(approved, world.editor, "submit")
    text = pdftotext(bytes(archived_letter(approved).content))
    assert "อ้างถึง" not in text
    assert "สิ่งที่ส่งมาด้วย" in text


def test_the_letter_is_frozen_with_the_submission(submitted_with_letter, world):
    frozen = SubmissionLetter.objects.get(snapshot__blueprint=submitted_with_letter)
    assert frozen.data["document_number"] == LETTER["document_number"]
    assert frozen.data["office_address"] == OFFICE["office_address"]
    assert frozen.data["blueprint"]["edition"] == 1
    assert not frozen.archived  # the commit hook (or the first download) renders it
    # The office moving later does not change the letter that was sent.
    Organisation.objects.filter(pk=world.province.pk).update(office_address="ที่อยู่ใหม่")
    text = pdftotext(bytes(archive.letter_archive_for(frozen).content))
    assert "ถนนไชยราช" in text and "ที่อยู่ใหม่" not in text
    # Once with OPDC, the details cannot change.
    with pytest.raises(services.LetterRefused):
        services.letter_save(user=world.editor, blueprint=submitted_with_letter, values=LETTER)


def test_archived_after_the_submission_commits(lettered, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        advance(lettered, world.editor, "submit")
    letter = SubmissionLetter.objects.get(snapshot__blueprint=lettered)
    assert letter.archived and letter.size > 0


def test_download_serves_the_archived_bytes(submitted_with_letter, world, client_for):
    url = reverse("proposals:snapshot_letter", args=[submitted_with_letter.pk, 1])
    first = client_for(world.reviewer).get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    stored = SubmissionLetter.objects.get(snapshot__blueprint=submitted_with_letter)
    assert first.content == bytes(stored.content)
    assert first["X-Content-SHA256"] == stored.sha256 == hashlib.sha256(first.content).hexdigest()
    again = client_for(world.editor).get(url)
    assert again.content == first.content


def test_a_submission_without_letter_details_has_no_letter(approved, world, client_for):
    advance(approved, world.editor, "submit")
    assert not SubmissionLetter.objects.exists()
    url = reverse("proposals:snapshot_letter", args=[approved.pk, 1])
    assert client_for(world.editor).get(url).status_code == 404


# --------------------------------------------------------------------------
# The submission page
# --------------------------------------------------------------------------


def submit_url(blueprint):
    return reverse("proposals:transition", args=[blueprint.pk, "submit"])


def test_submit_page_offers_the_governor_as_signer(approved, world, client_for):
    body = client_for(world.editor).get(submit_url(approved)).content.decode()
    assert 'name="letter-document_number"' in body
    assert 'value="นายวีระ ศรีวัฒนตระกูล"' in body  # the approving governor by default


def test_empty_document_number_is_refused_in_thai_and_keeps_what_was_typed(approved, world):
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.editor)
    response = client.post(
        submit_url(approved),
        {
            "letter-document_number": "   ",
            "letter-reference": "หนังสือที่พิมพ์ไว้",
            "letter-signer_name": "นายทดสอบ ลงนาม",
            "letter-signer_position": "รองผู้ว่าราชการจังหวัด",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "กรอกเลขที่หนังสือ (ที่)" in body
    assert "หนังสือที่พิมพ์ไว้" in body and "นายทดสอบ ลงนาม" in body
    approved.refresh_from_db()
    assert approved.status == BlueprintStatus.APPROVED
    assert not Snapshot.objects.exists() and not CoveringLetter.objects.exists()


def test_submitting_saves_the_letter_and_freezes_it(approved, world, client_for):
    response = client_for(world.editor).post(
        submit_url(approved),
        {f"letter-{name}": value for name, value in LETTER.items()},
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == BlueprintStatus.SUBMITTED
    assert CoveringLetter.objects.get(blueprint=approved).document_number == "ชพ ๐๐๑๗/๑๒๓๔"
    assert (
        SubmissionLetter.objects.get(snapshot__blueprint=approved).data["signer_name"]
        == (LETTER["signer_name"])
    )


def test_a_refused_submission_keeps_no_letter_details(complete_blueprint, world, client_for):
    advance(complete_blueprint, world.editor, "consult")  # not approved: submit is refused
    client_for(world.editor).post(
        submit_url(complete_blueprint), {f"letter-{k}": v for k, v in LETTER.items()}
    )
    assert not CoveringLetter.objects.exists()


def test_letter_page_keeps_bad_input(approved, world, client_for):
    url = reverse("proposals:letter", args=[approved.pk])
    response = client_for(world.editor).post(
        url, {"document_number": "", "reference": "ตามที่พิมพ์", "signer_name": "นาย ก"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the letter&#x27;s document number" in body
    assert "ตามที่พิมพ์" in body
    assert not CoveringLetter.objects.exists()


# --------------------------------------------------------------------------
# The office's emblem
# --------------------------------------------------------------------------


def office_post(client, blueprint, **files):
    return client.post(reverse("proposals:letter_office", args=[blueprint.pk]), {**OFFICE, **files})


def test_a_png_emblem_is_stored_and_printed(lettered, world, client_for):
    image = png()
    response = office_post(
        client_for(world.editor), lettered, emblem=SimpleUploadedFile("garuda.png", image)
    )
    assert response.status_code == 302
    world.province.refresh_from_db()
    assert bytes(world.province.emblem) == image and world.province.emblem_type == "png"
    advance(lettered, world.editor, "submit")
    letter = SubmissionLetter.objects.get(snapshot__blueprint=lettered)
    assert letter.data["emblem"].startswith("data:image/png;base64,")
    from proposals.letters import render

    rendered = render.render_pdf(letter.data)
    assert rendered.refused == []
    listing = subprocess.run(
        ["pdfimages", "-list", "-"], input=rendered.content, capture_output=True, check=True
    ).stdout.decode()
    assert "image" in listing.splitlines()[-1]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("garuda.png", b"not an image at all", "PNG or JPEG"),
        ("garuda.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "PNG or JPEG"),
        ("garuda.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (600 * 1024), "too large"),
    ],
)
def test_bad_emblems_are_refused_and_nothing_is_stored(
    approved, world, client_for, name, content, message
):
    response = office_post(
        client_for(world.editor), approved, emblem=SimpleUploadedFile(name, content)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    world.province.refresh_from_db()
    assert bytes(world.province.emblem) == b"" and world.province.emblem_type == ""


def test_a_letter_from_a_forged_emblem_uri_loads_nothing_else(submitted_with_letter):
    """The renderer serves only the exact emblem URI of the letter; any other data: or
    file: URL in the data is refused, never fetched."""
    from proposals.letters import render

    letter = SubmissionLetter.objects.get(snapshot__blueprint=submitted_with_letter)
    data = {**letter.data, "emblem": "file:///etc/passwd"}
    rendered = render.render_pdf(data)
    assert rendered.refused == ["file:///etc/passwd"]


def test_a_sent_letter_never_changes(submitted_with_letter):
    """The database refuses: new data for a frozen letter, or new bytes for an archived one."""
    from django.db import DatabaseError, transaction

    letter = SubmissionLetter.objects.get(snapshot__blueprint=submitted_with_letter)
    with pytest.raises(DatabaseError), transaction.atomic():
        SubmissionLetter.objects.filter(pk=letter.pk).update(
            data={**letter.data, "document_number": "ชพ ๙๙๙๙/๙"}
        )
    letter = archive.letter_archive_for(letter)
    with pytest.raises(DatabaseError), transaction.atomic():
        SubmissionLetter.objects.filter(pk=letter.pk).update(content=b"%PDF-forged", size=11)
    letter.refresh_from_db()
    assert archive.verified_letter(letter) == bytes(letter.content)
