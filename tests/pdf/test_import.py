"""``import_blueprint``: a Blueprint's JSON (or PDF) back into a new draft Blueprint."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from proposals.models import Blueprint, Revision
from proposals.pdf import importer, render
from tests import factories
from tests.pdf.test_archive import own_content

pytestmark = pytest.mark.django_db


def run(path, *args):
    out = io.StringIO()
    call_command("import_blueprint", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def exported(complete_blueprint, tmp_path):
    data = render.draft_data(complete_blueprint)
    path = tmp_path / "blueprint.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data, path


def test_an_import_into_an_empty_issue_creates_the_cascade_rows_too(world, exported):
    data, path = exported
    other_issue = factories.StrategicIssueFactory(plan=world.plan, number=2)
    output = run(path, "--user", "editor", "--issue", str(other_issue.pk))
    imported = Blueprint.objects.get(issue=other_issue)
    again = render.draft_data(imported)
    assert own_content(again) == own_content(data)
    assert again["action_plan"]["budget_total"] == data["action_plan"]["budget_total"]
    assert "goals: 1" in output and "projects: 1" in output
    # Written through the services: every row has its revision, by the importer.
    assert Revision.objects.filter(blueprint=imported, author=world.editor).count() > 5


def test_unknown_organisations_are_left_empty_and_reported(world, exported, tmp_path):
    data, _path = exported
    data["risks"][0]["owner"] = {"id": 999, "code": "nowhere", "name": "ไม่มีจริง", "name_en": ""}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    output = run(path, "--user", "editor", "--fiscal-year", "2549")
    assert "organisation 'nowhere'" in output
    imported = Blueprint.objects.get(fiscal_year=2549)
    assert imported.risks.get().owner is None


def test_a_dry_run_saves_nothing(world, exported):
    _data, path = exported
    output = run(path, "--user", "editor", "--fiscal-year", "2549", "--dry-run")
    assert "Dry run" in output
    assert not Blueprint.objects.filter(fiscal_year=2549).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data.update(schema_version=99), "schema_version 99 is not supported"),
        (lambda data: data.pop("goals"), "missing keys: goals"),
    ],
)
def test_data_of_another_shape_is_refused(world, exported, tmp_path, change, message):
    data, _path = exported
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(path, "--user", "editor", "--fiscal-year", "2549")
    assert Blueprint.objects.count() == 1


def test_someone_without_rights_in_the_province_cannot_import(world, exported):
    _data, path = exported
    with pytest.raises(CommandError, match="may not create"):
        run(path, "--user", "stranger", "--fiscal-year", "2549")


def test_a_pdf_without_blueprint_data_is_refused(world, tmp_path):
    path = tmp_path / "plain.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with pytest.raises(CommandError, match="(unreadable PDF|no blueprint.json)"):
        run(path, "--user", "editor")


def test_the_target_issue_is_found_from_the_data(world, exported):
    data, _path = exported
    assert importer.find_issue(data).pk == Blueprint.objects.get().issue_id
