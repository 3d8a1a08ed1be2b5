"""Attachments: who may upload, read and remove them, and the services that do it.

Rules (the views call these; nothing else decides):

- **Read.** Everyone who reads the Blueprint's working copy (the strategy office, the
  province's viewers, line-agency contributors) reads its attachments. OPDC reviewers read
  nothing before the Blueprint is submitted (404, like the Blueprint), and afterwards only
  the attachments a submission listed (``Snapshot.data["attachments"]``) — never one
  uploaded since.
- **Upload.** The strategy office (editors of the province, superusers) attaches any kind to
  the Blueprint or to one of its workshops. A line-agency contributor attaches minutes and
  photos to a workshop they take part in — invited in person or through their agency — and
  nothing else. Uploads are taken until the Blueprint is submitted (the signed approval
  page is scanned after the governor approved, so "approved" still takes uploads); while it
  is submitted or accepted nothing is added.
- **Remove.** The strategy office, or the contributor who uploaded it (still taking part),
  while uploads are taken — and never an attachment a submission listed: the files of a
  submitted edition stay as they were (the database also refuses any change of a file's
  bytes, migration 0010).
- **Files.** PDF, PNG or JPEG, told by their first bytes (the name's extension must agree),
  at most ``ATTACHMENT_MAX_BYTES``; stored with their SHA-256, re-checked on every read
  (:func:`verified_content`).
"""

import hashlib
import logging
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import access
from proposals.attachments.models import WORKSHOP_KINDS, Attachment, AttachmentKind
from proposals.models import BlueprintStatus, Snapshot

logger = logging.getLogger(__name__)

# The types taken: (content type, first bytes, file name extensions).
TYPES = [
    ("application/pdf", b"%PDF-", {".pdf"}),
    ("image/png", b"\x89PNG\r\n\x1a\n", {".png"}),
    ("image/jpeg", b"\xff\xd8\xff", {".jpg", ".jpeg"}),
]
# While the Blueprint is in one of these states, nothing is added or removed.
CLOSED_STATUSES = frozenset({BlueprintStatus.SUBMITTED, BlueprintStatus.ACCEPTED})


class AttachmentCorrupted(Exception):
    """The stored bytes no longer match their recorded SHA-256."""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


# --------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------


def takes_part(user, rights, workshop) -> bool:
    """Whether ``user`` takes part in ``workshop``: invited in person, or their agency is.

    One query (the workshop's invitees)."""
    if workshop is None or not rights.read_live:
        return False
    return workshop.invitees.filter(
        Q(user_id=user.pk) | Q(organisation_id__in=rights.agencies)
    ).exists()


def workshops_joined(user, rights, blueprint) -> frozenset[int]:
    """The ids of ``blueprint``'s workshops ``user`` takes part in (one query)."""
    if not rights.read_live or user.pk is None:
        return frozenset()
    from proposals.participation.models import WorkshopInvitee

    return frozenset(
        WorkshopInvitee.objects.filter(workshop__blueprint=blueprint)
        .filter(Q(user_id=user.pk) | Q(organisation_id__in=rights.agencies))
        .values_list("workshop_id", flat=True)
    )


def uploads_open(blueprint) -> bool:
    return blueprint.status not in CLOSED_STATUSES


def may_upload(user, rights, blueprint, *, workshop=None, kind=None) -> bool:
    """May ``user`` attach a file (of ``kind``, to ``workshop`` or the Blueprint itself)?
    Says nothing of the Blueprint's state (see :func:`uploads_open`)."""
    if rights.edit:
        return True
    if workshop is None or (kind is not None and kind not in WORKSHOP_KINDS):
        return False
    return takes_part(user, rights, workshop)


def may_remove(user, rights, attachment, *, joined: frozenset[int] | None = None) -> bool:
    """``joined``: :func:`workshops_joined`, when known (a list asks once for all rows)."""
    if rights.edit:
        return True
    if attachment.uploaded_by_id != user.pk or attachment.workshop_id is None:
        return False
    if joined is not None:
        return attachment.workshop_id in joined
    return takes_part(user, rights, attachment.workshop)


def submitted_ids(blueprint) -> dict[int, str]:
    """The attachments any submission of ``blueprint`` listed: id → SHA-256 then."""
    listed = {}
    for data in Snapshot.objects.filter(blueprint=blueprint).values_list("data", flat=True):
        for item in data.get("attachments") or []:
            listed[item["id"]] = item["sha256"]
    return listed


def latest_submitted(blueprint) -> list[dict]:
    """What the latest submission listed (``[]`` before the first one)."""
    latest = Snapshot.objects.filter(blueprint=blueprint).order_by("-edition").first()
    return (latest.data.get("attachments") or []) if latest else []


def readable(user, rights, blueprint, pk) -> Attachment:
    """The attachment ``pk`` of ``blueprint`` if ``user`` may read it, else 404."""
    attachment = (
        Attachment.objects.filter(blueprint=blueprint, pk=pk).select_related("workshop").first()
    )
    if attachment is None:
        raise Http404
    if rights.read_live:
        return attachment
    if rights.read_submitted and submitted_ids(blueprint).get(attachment.pk) == attachment.sha256:
        return attachment
    raise Http404


def visible(rights, blueprint, *, workshop=None):
    """The attachments the reader sees: the current ones, or (OPDC) the submitted ones.
    Without their bytes."""
    found = Attachment.objects.filter(blueprint=blueprint).defer("content")
    if workshop is not None:
        found = found.filter(workshop=workshop)
    found = found.select_related("workshop")
    if rights.read_live:
        return list(found)
    if not rights.read_submitted:
        return []
    listed = submitted_ids(blueprint)
    return [item for item in found if listed.get(item.pk) == item.sha256]


def signed_approval_for(blueprint) -> Attachment | None:
    """The latest signed approval page uploaded for ``blueprint`` (without its bytes), or
    ``None``. The approval step's evidence: the readiness checklist names it when missing."""
    return (
        Attachment.objects.filter(blueprint=blueprint, kind=AttachmentKind.SIGNED_APPROVAL)
        .defer("content")
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def signed_approval_in(items) -> Attachment | None:
    """:func:`signed_approval_for` among attachments already loaded (no query)."""
    pages = [item for item in items if item.kind == AttachmentKind.SIGNED_APPROVAL]
    return max(pages, key=lambda item: (item.uploaded_at, item.pk), default=None)


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def check_file(name: str, content: bytes) -> str:
    """The content type of an upload, or :class:`ValidationError` with a message for people."""
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = settings.ATTACHMENT_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": megabytes(limit)},
            code="too_large",
        )
    extension = PurePath(name or "").suffix.lower()
    for content_type, magic, extensions in TYPES:
        if content.startswith(magic):
            if extension not in extensions:
                raise ValidationError(
                    _(
                        "The file's name does not match its content: rename it to end in "
                        "%(extension)s, or choose another file."
                    )
                    % {"extension": sorted(extensions)[-1]},
                    code="extension",
                )
            return content_type
    raise ValidationError(
        _("Only PDF, PNG and JPEG files can be attached; this file is none of them."),
        code="type",
    )


def verified_content(attachment: Attachment) -> bytes:
    """The stored bytes, after checking they still hash to the recorded SHA-256."""
    content = bytes(Attachment.objects.values_list("content", flat=True).get(pk=attachment.pk))
    if sha256_of(content) != attachment.sha256:
        logger.error("Attachment %s does not match its SHA-256", attachment.pk)
        raise AttachmentCorrupted(f"attachment {attachment.pk} does not match its SHA-256")
    return content


# --------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = PurePath((name or "").replace("\\", "/")).name.strip()
    return "".join(ch for ch in name if ch.isprintable() and ch not in '"<>')[:255] or "file"


@transaction.atomic
def attachment_upload(
    *, user, blueprint, kind: str, title: str, filename: str, content: bytes, workshop=None
) -> Attachment:
    """Store one file for ``blueprint`` (or its ``workshop``): checked, then saved whole."""
    rights = access.rights_for(user, blueprint)
    if not rights.read_live:
        raise Http404
    if workshop is not None and workshop.blueprint_id != blueprint.pk:
        raise PermissionDenied
    if not may_upload(user, rights, blueprint, workshop=workshop, kind=kind):
        raise PermissionDenied
    if not uploads_open(blueprint):
        raise ValidationError(
            _("This Blueprint has been submitted: its attachments can no longer change.")
        )
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the file a title.")})
    try:
        content_type = check_file(filename, content)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return Attachment.objects.create(
        blueprint=blueprint,
        workshop=workshop,
        kind=kind,
        title=title[:255],
        filename=_clean_name(filename),
        content_type=content_type,
        size=len(content),
        sha256=sha256_of(content),
        content=content,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )


@transaction.atomic
def attachment_remove(*, user, attachment) -> None:
    """Remove ``attachment`` — refused once a submission listed it or while submitted."""
    blueprint = (
        type(attachment.blueprint).objects.select_for_update().get(pk=attachment.blueprint_id)
    )
    rights = access.rights_for(user, blueprint)
    if not rights.read_live:
        raise Http404
    if not may_remove(user, rights, attachment):
        raise PermissionDenied
    if not uploads_open(blueprint) or attachment.pk in submitted_ids(blueprint):
        raise ValidationError(
            _("This file was part of a submission to OPDC: it stays as it was submitted.")
        )
    Attachment.objects.filter(pk=attachment.pk).delete()
