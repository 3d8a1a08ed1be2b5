"""The demo's submitted Blueprint (Chumphon 2549) carries a workshop's minutes, a photo and
the signed approval page, listed in its submission and in the PDF's appendix."""

import subprocess

import pytest

from proposals.attachments import services
from proposals.attachments.models import Attachment
from proposals.demo.blueprint import load_blueprint_demo
from proposals.demo.participation import load_participation_demo
from proposals.demo.review import load_review_demo
from proposals.pdf import archive
from strategies.demo import cascade as cascade_demo

pytestmark = pytest.mark.django_db


def test_the_demo_submission_has_its_evidence(tmp_path):
    cascade_demo.load()
    load_blueprint_demo()
    load_participation_demo()
    blueprint = load_review_demo()
    assert blueprint.status == "submitted"
    latest = blueprint.snapshots.order_by("-edition").first()
    listed = latest.data["attachments"]
    kinds = [item["kind"]["code"] for item in listed]
    assert kinds == ["minutes", "photo", "signed_approval", "signed_approval"]
    assert listed[0]["workshop"] is not None
    for item in listed:
        stored = Attachment.objects.get(pk=item["id"])
        assert services.verified_content(stored)[:4] in (b"%PDF", b"\x89PNG")
    assert services.signed_approval_for(blueprint).title.endswith("2")
    path = tmp_path / "demo.pdf"
    path.write_bytes(archive.render_submission(latest).content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "ภาคผนวก เอกสารแนบ" in text
    assert "หน้าความเห็นชอบที่ลงนามแล้ว" in "".join(text.split())
