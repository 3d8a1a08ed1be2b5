"""PAdES signatures: the province's certificate signs the archived submission PDF, and the
verify page checks the signature against the configured trust roots.

The PKI is made in the test (:mod:`tests.pdf.pki`); the PDFs are real WeasyPrint renders
signed and validated by pyHanko — nothing here is a stand-in.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from proposals.models import SubmissionPDF
from proposals.pdf import archive, attach, signing
from proposals.pdf.models import SigningCertificate
from strategies.models import AuditEvent
from tests.pdf import pki
from tests.pdf.conftest import fake_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ca():
    return pki.authority("Test Root CA")


@pytest.fixture(scope="module")
def province_cert(ca):
    return ca.issue("จังหวัดชุมพร (Chumphon Province)")


@pytest.fixture
def trust_ca(ca, tmp_path, settings):
    root = tmp_path / "root.pem"
    root.write_bytes(ca.pem)
    settings.PDF_SIGNATURE_TRUST_ROOTS = [str(root)]
    return root


@pytest.fixture
def installed(world, province_cert):
    return signing.certificate_install(
        user=world.admin,
        province=world.province,
        pkcs12_data=province_cert.pkcs12(),
        passphrase=pki.PASSPHRASE,
    )


@pytest.fixture
def signed(installed, submitted_blueprint):
    """A real submission archived with the province's certificate installed."""
    return archive.archive_for(submitted_blueprint.snapshots.get())


def upload(client, content: bytes):
    file = SimpleUploadedFile("copy.pdf", content, content_type="application/pdf")
    return client.post(reverse("proposals:pdf_verify"), {"file": file})


def flip_signed_byte(content: bytes) -> bytes:
    """``content`` with one byte changed inside the signed range, where the file stays
    readable: one letter of the producer's name in the document information."""
    position = content.find(b"WeasyPrint")
    assert 0 < position < content.find(b"/ByteRange")
    changed = bytearray(content)
    changed[position] = ord("w")
    return bytes(changed)


@pytest.fixture
def real_render(monkeypatch, submission_sample):
    """The archive renders the session's real WeasyPrint submission (PDF/A-3b), so each
    test signs a real PDF without a render of its own."""
    from proposals.pdf import render

    rendered = submission_sample[1]
    monkeypatch.setattr(render, "render_pdf", lambda data, **kwargs: rendered)
    return rendered


@pytest.fixture
def signed_sample(installed, submitted_blueprint, real_render):
    return archive.archive_for(submitted_blueprint.snapshots.get())


def test_a_signed_submission_verifies_on_the_verify_page(world, signed, trust_ca, client_for):
    """End to end with a real render: submit → archive signed → download → verify page."""
    content = bytes(signed.content)
    assert signed.sha256 == archive.sha256_of(content)
    assert archive.verified_content(signed) == content
    # Still the Blueprint's PDF: its data travels inside, unchanged.
    assert attach.read_attachment(content) == signed.snapshot.data

    response = upload(client_for(world.reviewer), content)
    result = response.context["result"]
    assert result["match"] is True and result["sha256"] == signed.sha256
    [check] = response.context["signatures"]
    assert check.ok and check.intact and check.whole_file and check.trusted, check
    assert check.signer == "จังหวัดชุมพร (Chumphon Province)"
    assert check.signed_at is not None
    page = response.content.decode()
    assert "Signed by จังหวัดชุมพร (Chumphon Province)" in page
    assert "The document has not been changed since it was signed." in page
    assert "issued by a trusted certification authority" in page


def test_the_signed_file_stays_pdf_a(signed_sample, real_render):
    """PDF/A-3b as far as pyHanko allows: an incremental update after the rendered bytes,
    the PDF/A identification kept, one invisible signature widget with the Print flag."""
    content = bytes(signed_sample.content)
    assert content.startswith(real_render.content)  # the rendered file untouched, then more
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp
    [field] = [f.get_object() for f in root["/AcroForm"]["/Fields"]]
    assert field["/FT"] == "/Sig" and field["/T"] == signing.FIELD_NAME
    assert int(field["/F"]) & 4  # Print
    assert [float(x) for x in field["/Rect"]] == [0, 0, 0, 0]
    assert field["/V"]["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_a_byte_changed_after_signing_fails_in_thai(world, signed_sample, trust_ca):
    altered = flip_signed_byte(bytes(signed_sample.content))
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.editor)
    response = upload(client, altered)
    result = response.context["result"]
    assert result["match"] is False
    [check] = response.context["signatures"]
    assert not check.intact and not check.ok
    page = response.content.decode()
    assert "เอกสารถูกแก้ไขหลังจากลงนาม ลายมือชื่ออิเล็กทรอนิกส์ไม่ถูกต้อง" in page
    assert "เอกสารไม่ถูกแก้ไขหลังลงนาม" not in page


def test_a_byte_changed_after_signing_fails_in_english(world, signed_sample, trust_ca, client_for):
    response = upload(client_for(world.editor), flip_signed_byte(bytes(signed_sample.content)))
    page = response.content.decode()
    assert (
        "The document was changed after it was signed: the electronic signature is not valid."
        in page
    )
    assert "has not been changed since it was signed" not in page


def test_content_added_after_signing_is_reported(world, signed_sample, trust_ca, client_for):
    """An incremental update after the signature that changes the document (its
    language): the signed bytes are intact, but the file is no longer what was signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(bytes(signed_sample.content)))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    appended = output.getvalue()
    [check] = signing.verify_signatures(appended)
    assert check.intact and not check.whole_file and not check.ok
    page = upload(client_for(world.editor), appended).content.decode()
    assert "Content was added to the document after it was signed" in page


def test_a_signer_from_another_ca_is_untrusted(world, submitted_blueprint, real_render, trust_ca):
    other = pki.authority("Some Other CA").issue("จังหวัดชุมพร (Chumphon Province)")
    signing.certificate_install(
        user=world.admin,
        province=world.province,
        pkcs12_data=other.pkcs12(),
        passphrase=pki.PASSPHRASE,
    )
    archived = archive.archive_for(submitted_blueprint.snapshots.get())
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.editor)
    response = upload(client, bytes(archived.content))
    [check] = response.context["signatures"]
    assert check.intact and check.whole_file and not check.trusted and not check.ok
    page = response.content.decode()
    assert "เอกสารไม่ถูกแก้ไขหลังลงนาม" in page
    assert "ใบรับรองของผู้ลงนามไม่ได้ออกโดยผู้ให้บริการออกใบรับรองที่เชื่อถือได้" in page


def test_no_trust_roots_configured_trusts_no_one(world, signed_sample, settings):
    settings.PDF_SIGNATURE_TRUST_ROOTS = []
    [check] = signing.verify_signatures(bytes(signed_sample.content))
    assert check.intact and not check.trusted


def test_an_unsigned_pdf_says_it_carries_no_signature(world, submission_sample, client_for):
    page = upload(client_for(world.editor), submission_sample[1].content).content.decode()
    assert "This PDF carries no electronic signature." in page


def test_without_a_certificate_nothing_changes(submitted_blueprint, fake_render):
    snapshot = submitted_blueprint.snapshots.get()
    archived = archive.archive_for(snapshot)
    assert bytes(archived.content) == fake_pdf(snapshot.data, draft=False)


# --------------------------------------------------------------------------
# Installing a certificate; the key at rest
# --------------------------------------------------------------------------


def test_the_key_is_stored_encrypted_and_the_passphrase_not_at_all(installed, province_cert):
    from cryptography.hazmat.primitives import serialization

    key_der = province_cert.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    stored = SigningCertificate.objects.get(pk=installed.pk)
    assert key_der not in bytes(stored.encrypted_key)
    assert pki.PASSPHRASE.encode() not in bytes(stored.encrypted_key)
    assert installed.subject.startswith("CN=จังหวัดชุมพร")
    assert installed.not_before < installed.not_after
    assert AuditEvent.objects.filter(action="signing_certificate").count() == 1


def test_a_wrong_passphrase_is_refused(world, province_cert):
    with pytest.raises(ValidationError, match="passphrase is wrong"):
        signing.certificate_install(
            user=world.admin,
            province=world.province,
            pkcs12_data=province_cert.pkcs12(),
            passphrase="wrong",
        )
    assert not SigningCertificate.objects.exists()


def test_a_certificate_that_may_not_sign_is_refused(world, ca):
    encrypting = ca.issue("Encryption only", digital_signature=False)
    with pytest.raises(ValidationError, match="digital signatures"):
        signing.read_pkcs12(encrypting.pkcs12(), pki.PASSPHRASE)


def test_an_undecryptable_key_archives_nothing_and_the_submission_stands(
    installed, submitted_blueprint, real_render, settings, caplog
):
    """A certificate is configured but unusable: no unsigned file is archived for good."""
    settings.PDF_SIGNING_SECRET = "another secret"
    snapshot = submitted_blueprint.snapshots.get()
    with pytest.raises(signing.SigningFailed):
        archive.archive_for(snapshot)
    archive.archive_after_commit(snapshot.pk)  # the submission hook never raises
    assert not SubmissionPDF.objects.exists()
    assert "could not archive" in caplog.text.lower()


def test_a_download_that_cannot_be_signed_says_so(
    world, installed, submitted_blueprint, real_render, settings
):
    settings.PDF_SIGNING_SECRET = "another secret"
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.reviewer)
    response = client.get(reverse("proposals:snapshot_pdf", args=[submitted_blueprint.pk, 1]))
    assert response.status_code == 503
    assert "ระบบจึงไม่ให้ดาวน์โหลดฉบับที่ไม่ได้ลงนาม" in response.content.decode()
    assert not SubmissionPDF.objects.exists()


# --------------------------------------------------------------------------
# Admin: system administrators only
# --------------------------------------------------------------------------

ADMIN_PAGES = ["changelist", "add"]


@pytest.fixture
def staff(world):
    """Support staff with every model permission on certificates — still not allowed."""
    from django.contrib.auth.models import Permission

    from tests import factories

    user = factories.UserFactory(username="support", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__endswith="signingcertificate"))
    return user


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize(
    "actor, status",
    [
        ("anonymous", 302),
        ("editor", 302),
        ("contributor", 302),
        ("viewer", 302),
        ("reviewer", 302),
        ("stranger", 302),
        ("staff", 403),
        ("admin", 200),
    ],
)
def test_only_admins_manage_certificates(actor, status, page, world, staff, client_for):
    user = staff if actor == "staff" else world.actor(actor)
    url = reverse(f"admin:proposals_signingcertificate_{page}")
    assert client_for(user).get(url).status_code == status


@pytest.mark.parametrize("actor", ["editor", "reviewer", "staff"])
def test_only_admins_may_upload_a_certificate(actor, world, staff, province_cert, client_for):
    user = staff if actor == "staff" else world.actor(actor)
    response = client_for(user).post(
        reverse("admin:proposals_signingcertificate_add"),
        {
            "province": world.province.pk,
            "bundle": SimpleUploadedFile("p.p12", province_cert.pkcs12()),
            "passphrase": pki.PASSPHRASE,
        },
    )
    assert response.status_code in (302, 403)
    assert not SigningCertificate.objects.exists()


def test_an_admin_installs_a_certificate_and_sees_its_subject_not_its_key(
    world, province_cert, client_for
):
    client = client_for(world.admin)
    response = client.post(
        reverse("admin:proposals_signingcertificate_add"),
        {
            "province": world.province.pk,
            "bundle": SimpleUploadedFile("p.p12", province_cert.pkcs12()),
            "passphrase": pki.PASSPHRASE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = SigningCertificate.objects.get(province=world.province)
    page = client.get(
        reverse("admin:proposals_signingcertificate_change", args=[stored.pk])
    ).content.decode()
    assert "CN=จังหวัดชุมพร" in page and stored.fingerprint in page
    assert bytes(stored.encrypted_key).decode() not in page and "BEGIN" not in page
    assert pki.PASSPHRASE not in page


def test_a_wrong_passphrase_in_the_admin_keeps_the_form_with_a_message(
    world, province_cert, client_for
):
    response = client_for(world.admin).post(
        reverse("admin:proposals_signingcertificate_add"),
        {
            "province": world.province.pk,
            "bundle": SimpleUploadedFile("p.p12", province_cert.pkcs12()),
            "passphrase": "wrong",
        },
    )
    assert response.status_code == 200
    assert "the passphrase is wrong" in response.content.decode()
    assert not SigningCertificate.objects.exists()


def test_an_admin_removes_a_certificate_and_the_log_says_so(world, installed, client_for):
    url = reverse("admin:proposals_signingcertificate_delete", args=[installed.pk])
    response = client_for(world.admin).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not SigningCertificate.objects.exists()
    removed = AuditEvent.objects.filter(action="signing_certificate").latest("pk")
    assert removed.details["removed"] == installed.fingerprint
