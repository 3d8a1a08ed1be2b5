"""Changing the covering letter's details and the province's office, and freezing the
letter when a Blueprint is submitted. Keyword-only, atomic, rights re-checked."""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import access
from proposals.letters import render
from proposals.letters.models import CoveringLetter, SubmissionLetter
from proposals.models import BlueprintStatus
from strategies import access as strategies_access
from strategies.models import Organisation

# The emblem is one small image: a 3 cm Garuda needs no more.
EMBLEM_MAX_BYTES = 512 * 1024
EMBLEM_FORMATS = {"PNG": "png", "JPEG": "jpeg"}
# Once OPDC has it, a letter's details belong to that submission; a revision starts anew.
LETTER_FROZEN = {BlueprintStatus.SUBMITTED, BlueprintStatus.ACCEPTED}
LETTER_FIELDS = ("document_number", "reference", "enclosures", "signer_name", "signer_position")


class LetterRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@transaction.atomic
def letter_save(*, user, blueprint, values: dict) -> CoveringLetter:
    """Create or change the covering letter's details of ``blueprint``.

    ``values``: the ``LETTER_FIELDS``. Raises ``PermissionDenied`` unless the person
    edits the Blueprint, ``LetterRefused`` once it is with OPDC, ``ValidationError``
    for an empty document number or signer.
    """
    rights = access.rights_for(user, blueprint)
    if not rights.read:
        raise PermissionDenied
    access.require_edit(rights)
    if blueprint.status in LETTER_FROZEN:
        raise LetterRefused(
            _("The covering letter went to OPDC with the submission; it cannot be changed now.")
        )
    cleaned = {name: (values.get(name) or "").strip() for name in LETTER_FIELDS}
    errors = {}
    if not cleaned["document_number"]:
        errors["document_number"] = _("Enter the letter's document number (ที่).")
    if not cleaned["signer_name"]:
        errors["signer_name"] = _("Enter the name of the person who signs the letter.")
    if not cleaned["signer_position"]:
        errors["signer_position"] = _("Enter the position of the person who signs the letter.")
    if errors:
        raise ValidationError(errors)
    letter = CoveringLetter.objects.select_for_update().filter(blueprint=blueprint).first()
    if letter is None:
        return CoveringLetter.objects.create(
            blueprint=blueprint, updated_by=user, updated_at=timezone.now(), **cleaned
        )
    for name, value in cleaned.items():
        setattr(letter, name, value)
    letter.version += 1
    letter.updated_by = user
    letter.updated_at = timezone.now()
    letter.save()
    return letter


def emblem_check(content: bytes) -> str:
    """The emblem's type (``png`` or ``jpeg``) if ``content`` is a whole PNG or JPEG
    image within the size limit; else ``ValidationError`` with a message."""
    from PIL import Image, UnidentifiedImageError

    if len(content) > EMBLEM_MAX_BYTES:
        raise ValidationError(
            _("The emblem image is too large: at most %(kb)s KB.")
            % {"kb": EMBLEM_MAX_BYTES // 1024}
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = EMBLEM_FORMATS.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind is None:
        raise ValidationError(_("The emblem must be a PNG or JPEG image."))
    return kind


OFFICE_FIELDS = ("office_name", "office_address", "office_unit", "office_phone")


@transaction.atomic
def province_office_save(
    *, user, province: Organisation, values: dict, emblem: bytes | None = None, remove_emblem=False
) -> Organisation:
    """Change the office a province's letters print (and its emblem image)."""
    strategies_access.require_edit(user, province.pk)
    changes = {name: (values.get(name) or "").strip() for name in OFFICE_FIELDS}
    if emblem is not None:
        changes["emblem_type"] = emblem_check(emblem)
        changes["emblem"] = emblem
    elif remove_emblem:
        changes.update(emblem=b"", emblem_type="")
    Organisation.objects.filter(pk=province.pk).update(**changes)
    province.refresh_from_db()
    return province


def letter_freeze(*, snapshot) -> SubmissionLetter | None:
    """Freeze the covering letter of a new submission (in the submission's transaction),
    and archive its PDF once that commits. ``None`` when the office entered no letter
    (submissions made outside the submit page: imports, scripts)."""
    from proposals.letters.archive import schedule_letter_archive

    blueprint = snapshot.blueprint
    letter = CoveringLetter.objects.filter(blueprint=blueprint).first()
    if letter is None:
        return None
    frozen = SubmissionLetter.objects.create(
        snapshot=snapshot,
        data=render.letter_data(
            letter=letter,
            blueprint=blueprint,
            snapshot_data=snapshot.data,
            dated=timezone.localdate(snapshot.created_at),
        ),
        created_at=snapshot.created_at,
    )
    schedule_letter_archive(frozen)
    return frozen
