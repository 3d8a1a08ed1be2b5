"""The demo's submitted Blueprint carries its participation as evidence: in the snapshot,
in the submission PDF and on OPDC's review page; its dates are true to fiscal year 2549."""

import datetime
import json
import os

import pytest
from django.test import Client
from django.urls import reverse

from proposals.completeness import find_blockers
from proposals.demo.blueprint import load_blueprint_demo
from proposals.demo.participation import load_participation_demo
from proposals.demo.review import load_review_demo
from proposals.models import Blueprint, Snapshot
from proposals.pdf import render
from proposals.selectors import load_document
from strategies.demo import cascade as cascade_demo
from tests.pdf.conftest import assert_in_order, pages_text

pytestmark = pytest.mark.django_db

PLANS_DONE = datetime.date(2005, 6, 13)  # the Cabinet's deadline for the 4-year plans


@pytest.fixture
def demo():
    cascade_demo.load()
    load_blueprint_demo()
    load_participation_demo()
    return load_review_demo()


def latest(blueprint):
    return Snapshot.objects.filter(blueprint=blueprint).order_by("-edition").first()


def test_the_submitted_demo_records_participation(demo):
    snapshot = latest(demo)
    data = snapshot.data
    assert [p["organisation"]["code"] for p in data["participants"]][0] == "chumphon-agriculture"
    named = {p["organisation"]["code"]: p["contact"] for p in data["participants"]}
    assert named["chumphon-agriculture"] == {
        "name": "นายประเสริฐ สวนมะพร้าว",
        "position": "นักวิชาการส่งเสริมการเกษตร",
    }
    assert named["chumphon-labour"] is None  # did not agree to be named
    text = json.dumps(data, ensure_ascii=False)
    assert "0 7751 1234" not in text and "@example.go.th" not in text
    assert "นายวิชัย ค้าส่ง" not in text  # attendees are counted, never named
    first, second = data["workshops"]
    submitted = datetime.date.fromisoformat(data["blueprint"]["submitted_at"][:10])
    for workshop in (first, second):
        held = datetime.date.fromisoformat(workshop["held_on"])
        # After the plans of June 2548, within fiscal year 2549, before the submission.
        assert PLANS_DONE < held and datetime.date(2005, 10, 1) <= held < submitted
        assert workshop["attendance_total"] >= 5 and workshop["minutes"]
    outcomes = [
        p["outcome"]["code"] for w in data["workshops"] for p in w["points"] if p["outcome"]
    ]
    assert sorted(outcomes) == ["change", "open", "risk"]
    decisions = {i["agency"]["code"]: i["status"]["code"] for i in data["agency_inputs"]}
    assert decisions == {"chumphon-agriculture": "accepted", "chumphon-commerce": "returned"}
    # The submitted Blueprint's dates are true to its years: nothing blocks it.
    assert find_blockers(load_document(demo)) == []


def test_the_demo_pdf_shows_participation(demo):
    data = latest(demo).data
    pdf = render.render_pdf(data, draft=False)
    text = "\n".join(pages_text(pdf.content))
    assert_in_order(
        text,
        [
            "การมีส่วนร่วมของส่วนราชการ",
            "ส่วนราชการที่ร่วมจัดทำ",
            "นายประเสริฐ สวนมะพร้าว",
            "การประชุมระดมสมอง",
            "ครั้งที่ 1",
            "7 ธันวาคม 2548",
            "สรุปผลการประชุม",
            "จัดทำทะเบียนแปลงและระบบตรวจสอบย้อนกลับผลผลิตผลไม้ส่งออก",
            "นำไปเป็นประเด็นการเปลี่ยนแปลง",
            "ข้อเสนอของส่วนราชการและผลการพิจารณา",
            "ส่งคืนหน่วยงาน",
        ],
    )
    assert "ไม่มีข้อมูล" not in text.split("การมีส่วนร่วมของส่วนราชการ")[-1].split("การให้ความเห็นชอบ")[0]
    folder = os.environ.get("EVIDENCE_PDF_DIR")
    if folder:  # to look at the pages: EVIDENCE_PDF_DIR=test-artifacts pytest …
        with open(os.path.join(folder, "demo-submission.pdf"), "wb") as out:
            out.write(pdf.content)


def test_opdc_review_page_shows_participation(demo):
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="opdc.reviewer"))
    page = client.get(reverse("proposals:review:review", args=[demo.pk])).content.decode()
    section = page.split('id="review-participation"')[1]
    assert "สำนักงานเกษตรจังหวัดชุมพร" in section
    assert "นายประเสริฐ สวนมะพร้าว" in section
    assert "ประชุมระดมสมองครั้งที่ 1" in section
    assert "จัดทำทะเบียนแปลงและระบบตรวจสอบย้อนกลับผลผลิตผลไม้ส่งออก" in section
    assert "นายวิชัย ค้าส่ง" not in page and "0 7751 1234" not in page


def test_surat_thani_was_submitted_with_its_record(demo):
    surat = Blueprint.objects.get(province__code="suratthani", fiscal_year=2549)
    data = latest(surat).data
    assert data["participants"] and data["workshops"][0]["attendance_total"] == 3
