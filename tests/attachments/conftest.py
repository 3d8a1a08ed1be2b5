"""Fixtures for attachments: the Blueprint fixtures of ``tests/proposals``, a workshop the
contributor's agency is invited to, and small real files (a PDF, a PNG, a JPEG)."""

import io

import pytest
from django.utils import timezone

from proposals.participation import workshops
from tests.proposals import conftest as proposals_fixtures

client = proposals_fixtures.client
chain = proposals_fixtures.chain
blueprint = proposals_fixtures.blueprint
complete_blueprint = proposals_fixtures.complete_blueprint
submitted_blueprint = proposals_fixtures.submitted_blueprint


def png_bytes(colour=(30, 90, 160)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def held_workshop(blueprint, world, *, invite_agency=True):
    workshop = workshops.workshop_create(
        user=world.editor,
        blueprint=blueprint,
        values={"title": "ประชุมระดมสมองครั้งที่ 1", "starts_at": timezone.now()},
    )
    if invite_agency:
        workshops.workshop_invite(user=world.editor, workshop=workshop, organisation=world.agency)
    return workshop


@pytest.fixture
def workshop(blueprint, world):
    return held_workshop(blueprint, world)
