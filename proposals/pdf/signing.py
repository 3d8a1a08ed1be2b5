"""PAdES signatures of submission PDFs with the province's certificate, and their check.

- :func:`certificate_install` reads a PKCS#12 bundle an administrator uploads and keeps
  the province's :class:`~proposals.pdf.models.SigningCertificate` (the key encrypted).
- :func:`sign_for_province` signs a submission PDF as PAdES-B-B (pyHanko): an incremental
  update adding one invisible signature field, so the rendered PDF/A-3b bytes stay as
  they are in front of it. The field's widget has the Print flag and a zero-size box, as
  PDF/A-2/3 asks of an invisible signature; pyHanko keeps the file's PDF/A metadata.
- :func:`verify_signatures` validates every signature of an uploaded PDF against the
  trust roots of ``settings.PDF_SIGNATURE_TRUST_ROOTS`` (no network: no fetching of
  revocation data; a CRL/OCSP check is not attempted).

The key is encrypted at rest with Fernet under a key derived (HKDF-SHA256) from
``settings.PDF_SIGNING_SECRET``, which defaults to ``SECRET_KEY``. A dedicated setting
lets ``SECRET_KEY`` be rotated without losing the signing key; if the secret is lost,
the province's bundle is simply uploaded again.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.pdf.models import SigningCertificate

logger = logging.getLogger(__name__)

FIELD_NAME = "ProvinceSignature"
KEY_USAGE = {"digital_signature"}  # the province's certificate must allow signing
MAX_SIGNATURES = 10  # the verify page checks at most this many (each runs a diff analysis)
_HKDF_INFO = b"blueprint submission PDF signing key v1"


class SigningFailed(Exception):
    """The province has a certificate but the PDF could not be signed with it."""


# --------------------------------------------------------------------------
# The key at rest
# --------------------------------------------------------------------------


def _fernet() -> Fernet:
    secret = settings.PDF_SIGNING_SECRET
    if not secret:
        raise ImproperlyConfigured("PDF_SIGNING_SECRET (or SECRET_KEY) must not be empty.")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _encrypt_key(private_key) -> bytes:
    der = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return _fernet().encrypt(der)


def _decrypt_key(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as error:
        raise SigningFailed(
            "the signing key cannot be decrypted (PDF_SIGNING_SECRET changed?); "
            "upload the province's PKCS#12 bundle again"
        ) from error


# --------------------------------------------------------------------------
# Installing a certificate
# --------------------------------------------------------------------------


def _name(certificate: x509.Certificate, which: str) -> str:
    return getattr(certificate, which).rfc4514_string()[:500]


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def read_pkcs12(data: bytes, passphrase: str):
    """``(key, certificate, other certificates)`` of a PKCS#12 bundle, or a
    :class:`ValidationError` with a message for the administrator."""
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase else None
        )
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("This is not a PKCS#12 file, or the passphrase is wrong."), code="pkcs12"
        ) from error
    if key is None or certificate is None:
        raise ValidationError(
            _("The PKCS#12 file must hold a private key and its certificate."), code="pkcs12"
        )
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise ValidationError(
            _("The private key does not belong to the certificate."), code="pkcs12"
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not usage.digital_signature:
        raise ValidationError(
            _("The certificate does not allow digital signatures (key usage)."), code="pkcs12"
        )
    if certificate.not_valid_after_utc <= timezone.now():
        raise ValidationError(_("The certificate has expired."), code="pkcs12")
    return key, certificate, list(others or [])


@transaction.atomic
def certificate_install(
    *, user, province, pkcs12_data: bytes, passphrase: str
) -> SigningCertificate:
    """Keep (or replace) ``province``'s signing certificate from a PKCS#12 bundle."""
    from strategies.audit import audit_record
    from strategies.models import AuditAction

    key, certificate, others = read_pkcs12(pkcs12_data, passphrase)
    values = {
        "subject": _name(certificate, "subject"),
        "issuer": _name(certificate, "issuer"),
        "serial_number": format(certificate.serial_number, "x")[:100],
        "fingerprint": certificate.fingerprint(hashes.SHA256()).hex(),
        "not_before": certificate.not_valid_before_utc,
        "not_after": certificate.not_valid_after_utc,
        "certificate": _pem(certificate),
        "chain": "".join(_pem(other) for other in others),
        "encrypted_key": _encrypt_key(key),
        "uploaded_by": user,
        "uploaded_at": timezone.now(),
    }
    stored, _created = SigningCertificate.objects.update_or_create(
        province=province, defaults=values
    )
    audit_record(
        actor=user,
        action=AuditAction.SIGNING_CERTIFICATE,
        target=stored,
        details={"signing_certificate": values["fingerprint"], "subject": values["subject"]},
    )
    return stored


@transaction.atomic
def certificate_remove(*, user, stored: SigningCertificate) -> None:
    """Remove a province's certificate: its later submissions are archived unsigned."""
    from strategies.audit import audit_record
    from strategies.models import AuditAction

    audit_record(
        actor=user,
        action=AuditAction.SIGNING_CERTIFICATE,
        target=stored,
        details={"removed": stored.fingerprint, "subject": stored.subject},
    )
    stored.delete()


# --------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------


def _certificates(pem: str) -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in x509.load_pem_x509_certificates(pem.encode("ascii"))
    ]


def sign_pdf(content: bytes, stored: SigningCertificate, *, reason: str, location: str) -> bytes:
    """``content`` signed as PAdES-B-B with ``stored``'s key (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    now = timezone.now()
    if not stored.is_valid_at(now):
        raise SigningFailed(f"the certificate {stored.subject!r} is not valid on {now:%Y-%m-%d}")
    signer = signers.SimpleSigner(
        signing_cert=_certificates(stored.certificate)[0],
        signing_key=asn1_keys.PrivateKeyInfo.load(_decrypt_key(stored.encrypted_key)),
        cert_registry=SimpleCertificateStore.from_certs(
            _certificates(stored.chain) if stored.chain else []
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        signer_key_usage=KEY_USAGE,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        output = signers.sign_pdf(
            writer,
            meta,
            signer=signer,
            new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME),
        )
    except Exception as error:  # pyHanko raises many kinds; the caller only needs one
        raise SigningFailed(f"pyHanko could not sign the PDF: {error}") from error
    return output.getvalue()


def sign_for_province(content: bytes, province) -> bytes:
    """``content`` signed with ``province``'s certificate; unchanged if it has none."""
    stored = SigningCertificate.objects.filter(province=province).first()
    if stored is None:
        return content
    return sign_pdf(
        content,
        stored,
        reason="ข้อเสนอการเปลี่ยนแปลงที่จังหวัดส่งถึงสำนักงาน ก.พ.ร.",
        location=province.name,
    )


# --------------------------------------------------------------------------
# Verifying
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What the verify page says about one signature of a PDF."""

    field: str
    signer: str
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged (digest and signature valid)
    whole_file: bool  # nothing was added after the signature (or only harmless updates)
    trusted: bool  # the signer's certificate chains to a configured trust root
    problem: str  # pyHanko's AdES sub-indication when not trusted, for the log and page

    @property
    def ok(self) -> bool:
        return self.intact and self.whole_file and self.trusted


def trust_roots() -> list[asn1_x509.Certificate]:
    """The CA certificates of ``settings.PDF_SIGNATURE_TRUST_ROOTS`` (PEM or DER files)."""
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder(list(settings.PDF_SIGNATURE_TRUST_ROOTS)))


def _signer_name(certificate: asn1_x509.Certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def verify_signatures(content: bytes) -> list[SignatureCheck] | None:
    """A check of every signature in ``content`` (``[]`` if none; the first
    :data:`MAX_SIGNATURES` of a file that has more), or ``None`` if the file's structure
    cannot be read at all."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)[:MAX_SIGNATURES]
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError):
        return None
    checks = []
    roots = trust_roots()
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(
                signature,
                context,
                key_usage_settings=KeyUsageConstraints(key_usage=KEY_USAGE),
            )
        except Exception as error:  # a malformed signature: report it, never a 500
            logger.warning("Could not validate signature %s: %s", signature.field_name, error)
            checks.append(
                SignatureCheck(
                    field=signature.field_name or "",
                    signer="",
                    signed_at=None,
                    intact=False,
                    whole_file=False,
                    trusted=False,
                    problem=type(error).__name__,
                )
            )
            continue
        coverage = status.coverage
        whole_file = coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            coverage == SignatureCoverageLevel.ENTIRE_REVISION and bool(status.docmdp_ok)
        )
        checks.append(
            SignatureCheck(
                field=signature.field_name or "",
                signer=_signer_name(status.signing_cert),
                signed_at=status.signer_reported_dt,
                intact=status.intact and status.valid,
                whole_file=whole_file,
                trusted=status.trusted,
                problem=(
                    getattr(status.trust_problem_indic, "name", "")
                    if status.trust_problem_indic
                    else ""
                ),
            )
        )
    return checks
