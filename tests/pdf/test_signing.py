"""PAdES signatures: the province's certificate signs the archived submission PDF, and the
verify page checks the signature against the configured trust roots.

The PKI is made in the test (:mod:`tests.pdf.pki`); the PDFs are real WeasyPrint renders
signed and validated by pyHanko — nothing here is a stand-in.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from proposals.pdf import archive, attach, signing
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
    """``content`` with one byte changed inside the signed range, in a place that keeps the
    file readable: a letter of the document's title in the info dictionary."""
    reader = PdfReader(io.BytesIO(content))
    title = reader.metadata.get("/Producer") or "WeasyPrint"
    position = content.find(b"WeasyPrint")
    assert position > 0, title
    changed = bytearray(content)
    changed[position] = ord("w")
    return bytes(changed)


def test_a_submission_of_a_province_with_a_certificate_is_archived_signed(signed, trust_ca):
    content = bytes(signed.content)
    assert signed.sha256 == archive.sha256_of(content)
    assert archive.verified_content(signed) == content
    [check] = signing.verify_signatures(content)
    assert check.ok, check
    assert check.signer == "จังหวัดชุมพร (Chumphon Province)"
    assert check.signed_at is not None
    # Still the Blueprint's PDF: its data travels inside, unchanged.
    assert attach.read_attachment(content) == signed.snapshot.data


def test_without_a_certificate_nothing_changes(submitted_blueprint, fake_render):
    snapshot = submitted_blueprint.snapshots.get()
    archived = archive.archive_for(snapshot)
    assert bytes(archived.content) == fake_pdf(snapshot.data, draft=False)
