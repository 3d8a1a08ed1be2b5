"""Action plans in and out of Excel: template → fill → preview → confirm, errors by cell,
re-import, round trip, stale previews, all-or-nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategies.excel import layout
from strategies.excel.models import ImportBatch
from strategies.models import (
    AuditAction,
    AuditEvent,
    Goal,
    Indicator,
    IndicatorTarget,
    Project,
    ProjectBudget,
    StrategicIssue,
    Strategy,
)
from tests.excel.workbooks import PLAN, edit, fill, headers, read, xlsx

pytestmark = pytest.mark.django_db


def upload(client, plan, content, name="แผน.xlsx"):
    return client.post(
        reverse("excel:plan", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
    )


def preview_of(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return response["Location"], page.context["preview"], page


def confirm(client, url, preview):
    return client.post(url, {"fingerprint": preview.fingerprint})


def import_file(client, plan, content):
    url, preview, _page = preview_of(client, upload(client, plan, content))
    assert not preview.has_errors, [
        (p.cell, p.message) for s in preview.sheets for r in s.rows for p in r.problems
    ]
    response = confirm(client, url, preview)
    assert response.status_code == 302
    return preview


def snapshot(plan):
    """Every element of the plan with its version and values, to compare before and after."""
    return (
        sorted(StrategicIssue.objects.filter(plan=plan).values_list("number", "title", "version")),
        sorted(Goal.objects.filter(issue__plan=plan).values_list("pk", "title", "version")),
        sorted(Indicator.objects.filter(goal__issue__plan=plan).values_list("pk", "version")),
        sorted(
            IndicatorTarget.objects.filter(indicator__goal__issue__plan=plan).values_list(
                "indicator", "fiscal_year", "value"
            )
        ),
        sorted(Strategy.objects.filter(issue__plan=plan).values_list("pk", "version")),
        sorted(Project.objects.filter(strategy__issue__plan=plan).values_list("pk", "version")),
        sorted(
            ProjectBudget.objects.filter(project__strategy__issue__plan=plan).values_list(
                "project", "fiscal_year", "source", "amount"
            )
        ),
    )


NEW_PLAN_ROWS = {
    "ประเด็นยุทธศาสตร์": [["2", "พัฒนาการท่องเที่ยวเชิงคุณภาพ", "ท่องเที่ยวชุมชน", "NS"]],
    "เป้าประสงค์": [["2.1", "รายได้จากการท่องเที่ยวเพิ่มขึ้น", "ประสิทธิผล"]],
    "ตัวชี้วัด": [
        [
            "2.1.1",
            "รายได้จากการท่องเที่ยว",
            "ล้านบาท",
            "",
            "สำนักงานการท่องเที่ยว",
            1200,
            2547,
            50,
            "chumphon-agri",
            1300,
            1400,
            "1,500",
            "๑๖๐๐",
        ]
    ],
    "กลยุทธ์": [["2.1", "ส่งเสริมการท่องเที่ยวชุมชน", "2.1"]],
    "โครงการ": [["2.1.1", "โครงการถนนสายท่องเที่ยว", "เชื่อมแหล่งท่องเที่ยว", "chumphon-agri", ""]],
    "งบประมาณ": [
        ["2.1.1", 2548, "งบปกติ", 2500000],
        ["2.1.1", 2549, "งบผู้ว่าราชการจังหวัดแบบบูรณาการ (CEO)", "1,000,000.50"],
    ],
}


@pytest.fixture(autouse=True)
def national_strategy_number(world):
    """The new issue aligns with the world's national strategy, by its number."""
    NEW_PLAN_ROWS["ประเด็นยุทธศาสตร์"][0][3] = str(world.national_strategy.number)


def test_template_filled_and_imported_puts_the_plan_in_place(world, chain, client):
    client.force_login(world.editor)
    page = client.get(reverse("excel:plan", args=[world.plan.pk]))
    assert page.status_code == 200
    template = client.get(reverse("excel:plan_template", args=[world.plan.pk]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(template.streaming_content) if template.streaming else template.content
    assert read(content, "ตัวชี้วัด")[0][-4:] == tuple(
        f"ค่าเป้าหมาย ปี {year}" for year in world.plan.years
    )
    filled = fill(content, NEW_PLAN_ROWS)

    url, preview, page = preview_of(client, upload(client, world.plan, filled))
    assert preview.counts == {"create": 7, "update": 0, "unchanged": 0, "error": 0}
    assert "Nothing has been saved yet." in page.content.decode()
    assert not StrategicIssue.objects.filter(plan=world.plan, number=2).exists()  # preview only

    response = confirm(client, url, preview)
    assert response.status_code == 302
    assert response["Location"] == world.plan.get_absolute_url()
    issue = StrategicIssue.objects.get(plan=world.plan, number=2)
    audit = AuditEvent.objects.get(action=AuditAction.IMPORTED)  # who imported what, and when
    assert (audit.actor, audit.target_id) == (world.editor, str(world.plan.pk))
    assert audit.details["created"] == 7 and audit.details["file"] == "แผน.xlsx"
    assert issue.title == "พัฒนาการท่องเที่ยวเชิงคุณภาพ"
    assert list(issue.national_strategies.all()) == [world.national_strategy]
    goal = issue.goals.get(number=1)
    assert goal.perspective == "effectiveness"
    indicator = goal.indicators.get(number=1)
    assert (indicator.unit, indicator.baseline, indicator.baseline_year) == (
        "ล้านบาท",
        Decimal("1200"),
        2547,
    )
    assert indicator.owner == world.agency
    assert {t.fiscal_year: t.value for t in indicator.targets.all()} == {
        2548: Decimal("1300"),
        2549: Decimal("1400"),
        2550: Decimal("1500"),
        2551: Decimal("1600"),
    }
    strategy = issue.strategies.get(number=1)
    assert list(strategy.goals.all()) == [goal]
    project = strategy.projects.get(number=1)
    assert project.lead_agency == world.agency
    assert {(b.fiscal_year, b.source): b.amount for b in project.budgets.all()} == {
        (2548, "regular"): Decimal("2500000"),
        (2549, "ceo_governor"): Decimal("1000000.50"),
    }
    plan_page = client.get(world.plan.get_absolute_url())
    assert "พัฒนาการท่องเที่ยวเชิงคุณภาพ" in plan_page.content.decode()
    assert ImportBatch.objects.get().applied_at is not None


def test_importing_the_same_file_again_changes_nothing(world, chain, client):
    client.force_login(world.editor)
    template = client.get(reverse("excel:plan_template", args=[world.plan.pk])).content
    filled = fill(template, NEW_PLAN_ROWS)
    import_file(client, world.plan, filled)
    before = snapshot(world.plan)

    url, preview, page = preview_of(client, upload(client, world.plan, filled))
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 7, "error": 0}
    assert not preview.can_apply
    assert "Nothing to import" in page.content.decode()
    response = confirm(client, url, preview)  # confirming anyway writes nothing
    assert response.status_code == 302
    assert snapshot(world.plan) == before


def test_export_then_import_round_trips(world, chain, client):
    client.force_login(world.editor)
    exported = client.get(reverse("excel:plan_export", args=[world.plan.pk])).content
    before = snapshot(world.plan)
    _url, preview, _page = preview_of(client, upload(client, world.plan, exported))
    assert preview.counts["error"] == 0
    assert preview.counts["create"] == preview.counts["update"] == 0
    assert preview.counts["unchanged"] == 6  # issue, goal, indicator, strategy, project, budget
    assert snapshot(world.plan) == before

    # Edited in Excel: a new issue title, a target changed, a target removed.
    edited = edit(exported, "ประเด็นยุทธศาสตร์", "B2", "ประเด็นที่แก้ไขใน Excel")
    edited = edit(edited, "ตัวชี้วัด", "J2", 9.5)
    edited = edit(edited, "ตัวชี้วัด", "K2", None)
    url, preview, page = preview_of(client, upload(client, world.plan, edited))
    assert preview.counts == {"create": 0, "update": 2, "unchanged": 4, "error": 0}
    text = page.content.decode()
    assert "ประเด็นเดิม" in text and "ประเด็นที่แก้ไขใน Excel" in text
    confirm(client, url, preview)
    chain["issue"].refresh_from_db()
    assert chain["issue"].title == "ประเด็นที่แก้ไขใน Excel"
    assert chain["issue"].version == 2
    targets = {t.fiscal_year: t.value for t in chain["indicator"].targets.all()}
    assert targets[2548] == Decimal("9.50") and 2549 not in targets

    # And the new export imports back unchanged.
    again = client.get(reverse("excel:plan_export", args=[world.plan.pk])).content
    _url, preview, _page = preview_of(client, upload(client, world.plan, again))
    assert preview.counts["unchanged"] == 6 and not preview.has_changes


def _errors_of(preview):
    return {
        (sheet.key, problem.cell): problem.message
        for sheet in preview.sheets
        for row in sheet.rows
        for problem in row.problems
    } | {(sheet.key, p.cell): p.message for sheet in preview.sheets for p in sheet.problems}


def _indicator_row(**overrides):
    values = {
        "code": "1.1.2",
        "name": "ตัวชี้วัดใหม่",
        "unit": "ร้อยละ",
        "baseline": 5,
        "baseline_year": 2547,
        "weight": 10,
        "owner": "chumphon-agri",
    }
    values.update(overrides)
    spec = PLAN["indicators"]
    return [values.get(column.key, "") for column in spec.columns] + [1, 2, 3, 4]


ERROR_CASES = [
    pytest.param(
        {"ตัวชี้วัด": [_indicator_row(owner="no-such-agency")]},
        ("indicators", "I2"),
        "Unknown agency “no-such-agency”",
        id="unknown-agency",
    ),
    pytest.param(
        {"ตัวชี้วัด": [_indicator_row(owner="surat-agri")]},
        ("indicators", "I2"),
        "Unknown agency “surat-agri”",
        id="agency-of-another-province",
    ),
    pytest.param(
        {"งบประมาณ": [["1.1.1", 2553, "งบปกติ", 100]]},
        ("budgets", "B2"),
        "Fiscal year 2553 is outside the plan (2548–2551).",
        id="year-outside-the-plan",
    ),
    pytest.param(
        {"งบประมาณ": [["1.1.1", 2005, "งบปกติ", 100]]},
        ("budgets", "B2"),
        "looks like a Christian Era year",
        id="christian-era-year",
    ),
    pytest.param(
        {"ตัวชี้วัด": [_indicator_row(baseline="ร้อยละ 5")]},
        ("indicators", "F2"),
        "“ร้อยละ 5” is text where a number belongs.",
        id="text-where-a-number-belongs",
    ),
    pytest.param(
        {"งบประมาณ": [["1.1.1", 2549, "งบปกติ", "หนึ่งล้าน"]]},
        ("budgets", "D2"),
        "is text where a number belongs",
        id="text-in-an-amount",
    ),
    pytest.param(
        {"เป้าประสงค์": [["1.2", "ก", "ประสิทธิผล"], ["1.2", "ข", "ประสิทธิภาพ"]]},
        ("goals", "A3"),
        "Duplicate code 1.2: it also appears in row(s) 2.",
        id="duplicate-code",
    ),
    pytest.param(
        {"ตัวชี้วัด": [_indicator_row(weight=150)]},
        ("indicators", "H2"),
        "Enter a number from 0 to 100.",
        id="weight-out-of-range",
    ),
    pytest.param(
        {"เป้าประสงค์": [["1.2", "", "ประสิทธิผล"]]},
        ("goals", "B2"),
        "This cell needs a value.",
        id="required-cell-empty",
    ),
    pytest.param(
        {"เป้าประสงค์": [["1.2", "เป้าประสงค์", "ความสุข"]]},
        ("goals", "C2"),
        "“ความสุข” is not one of",
        id="unknown-choice",
    ),
    pytest.param(
        {"เป้าประสงค์": [["7.1", "เป้าประสงค์ของประเด็นที่ไม่มี", "ประสิทธิผล"]]},
        ("goals", "A2"),
        "Strategic issue 7 is neither in the plan nor in this file.",
        id="parent-missing",
    ),
    pytest.param(
        {"เป้าประสงค์": [["1-2", "เป้าประสงค์", "ประสิทธิผล"]]},
        ("goals", "A2"),
        "The code “1-2” should look like 1.2.",
        id="malformed-code",
    ),
    pytest.param(
        {"งบประมาณ": [["1.1.1", 2549, "งบปกติ", -5]]},
        ("budgets", "D2"),
        "A budget cannot be negative.",
        id="negative-budget",
    ),
    pytest.param(
        {"งบประมาณ": [["1.1.1", 2549, "งบปกติ", "=1000*2"]]},
        ("budgets", "D2"),
        "Formulas are not accepted",
        id="formula",
    ),
    pytest.param(
        {"ตัวชี้วัด": [_indicator_row(baseline=1.234)]},
        ("indicators", "F2"),
        "At most two decimal places",
        id="three-decimals",
    ),
]


@pytest.mark.parametrize(("rows", "where", "message"), ERROR_CASES)
def test_every_error_names_its_cell(world, chain, client, rows, where, message):
    client.force_login(world.editor)
    sheets = {}
    for title, data in rows.items():
        spec = next(s for s in layout.PLAN_SHEETS if s.title == title)
        years = world.plan.years if spec.year_prefix else ()
        sheets[title] = [headers(spec, years=years), *data]
    url, preview, page = preview_of(client, upload(client, world.plan, xlsx(sheets)))
    errors = _errors_of(preview)
    assert where in errors, errors
    assert message in errors[where]
    assert preview.has_errors and not preview.can_apply
    text = page.content.decode()
    assert where[1] in text and "Upload a corrected file" in text
    before = snapshot(world.plan)
    response = confirm(client, url, preview)
    assert response.status_code == 302
    assert snapshot(world.plan) == before


def test_target_column_for_a_year_outside_the_plan_is_refused_at_its_header(world, chain, client):
    client.force_login(world.editor)
    spec = PLAN["indicators"]
    sheet = [headers(spec, years=[2548, 2553]), _indicator_row()[:-4] + [1, 2]]
    _url, preview, _page = preview_of(client, upload(client, world.plan, xlsx({"ตัวชี้วัด": sheet})))
    errors = _errors_of(preview)
    assert errors[("indicators", "K1")] == "Fiscal year 2553 is outside the plan (2548–2551)."


def test_english_headers_and_own_columns_are_read(world, chain, client):
    client.force_login(world.editor)
    sheet = [
        ["Goal code", "Title", "Perspective", "หมายเหตุของสำนักงาน"],
        ["1.2", "เป้าประสงค์ใหม่", "Efficiency", "ไม่ต้องนำเข้า"],
    ]
    preview = import_file(client, world.plan, xlsx({"Goals": sheet}))
    assert preview.counts["create"] == 1
    assert Goal.objects.get(issue=chain["issue"], number=2).perspective == "efficiency"


def test_a_preview_that_went_stale_is_refused(world, chain, client):
    client.force_login(world.editor)
    exported = client.get(reverse("excel:plan_export", args=[world.plan.pk])).content
    edited = edit(exported, "เป้าประสงค์", "B2", "เป้าประสงค์ตามไฟล์")
    url, preview, _page = preview_of(client, upload(client, world.plan, edited))
    assert preview.counts["update"] == 1

    # Meanwhile, someone renames the goal on the website.
    from strategies import forms, services

    goal = chain["goal"]
    form = forms.GoalForm(
        {"number": 1, "title": "แก้บนเว็บ", "perspective": "effectiveness", "version": 1},
        instance=goal,
        plan=world.plan,
    )
    assert form.is_valid(), form.errors
    services.element_update(user=world.editor, element=goal, values=form.values(), version=1)

    response = client.post(url, {"fingerprint": preview.fingerprint}, follow=True)
    goal.refresh_from_db()
    assert goal.title == "แก้บนเว็บ"
    assert "The plan changed since you looked at the preview" in response.content.decode()
    assert ImportBatch.objects.get().applied_at is None
    # The new preview shows the change against what is saved now; confirming it applies it.
    fresh = response.context["preview"]
    assert fresh.sheet("goals").rows[0].changes[0].old == "แก้บนเว็บ"
    confirm(client, url, fresh)
    goal.refresh_from_db()
    assert goal.title == "เป้าประสงค์ตามไฟล์"


def test_a_failure_while_applying_leaves_nothing_half_imported(world, chain, client, monkeypatch):
    client.force_login(world.editor)
    template = client.get(reverse("excel:plan_template", args=[world.plan.pk])).content
    filled = fill(template, NEW_PLAN_ROWS)
    url, preview, _page = preview_of(client, upload(client, world.plan, filled))
    before = snapshot(world.plan)

    from strategies import services

    real = services.element_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 4:  # issue, goal and indicator are in; the strategy fails
            from django.db import IntegrityError

            raise IntegrityError("simulated failure")
        return real(**kwargs)

    monkeypatch.setattr(services, "element_create", failing)
    response = client.post(url, {"fingerprint": preview.fingerprint}, follow=True)
    assert "nothing was written" in response.content.decode()
    assert snapshot(world.plan) == before
    assert ImportBatch.objects.get().applied_at is None


def test_a_batch_is_applied_once(world, chain, client):
    client.force_login(world.editor)
    template = client.get(reverse("excel:plan_template", args=[world.plan.pk])).content
    url, preview, _page = preview_of(
        client, upload(client, world.plan, fill(template, NEW_PLAN_ROWS))
    )
    confirm(client, url, preview)
    before = snapshot(world.plan)
    response = client.post(url, {"fingerprint": preview.fingerprint}, follow=True)
    assert "This file was imported already." in response.content.decode()
    assert snapshot(world.plan) == before


def test_exported_text_that_looks_like_a_formula_stays_text(world, chain, client):
    chain["issue"].title = '=HYPERLINK("http://example.com","คลิก")'
    chain["issue"].save()
    client.force_login(world.editor)
    exported = client.get(reverse("excel:plan_export", args=[world.plan.pk])).content
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(exported))["ประเด็นยุทธศาสตร์"]
    assert sheet["B2"].data_type == "s"
    _url, preview, _page = preview_of(client, upload(client, world.plan, exported))
    assert preview.counts["unchanged"] == 6 and not preview.has_errors
