"""Bad input gets a clear Thai message, keeps what was typed, and saves nothing half-way."""

import pytest
from django.urls import reverse

from strategies.models import ActionPlan, Indicator, Project, StrategicIssue

pytestmark = pytest.mark.django_db


def issue_data(**overrides):
    data = {"number": 5, "title": "ประเด็นใหม่", "description": "", "version": ""}
    data.update(overrides)
    return data


def test_empty_title_is_refused_with_thai_message_and_input_kept(world, client_for):
    client = client_for(world.editor)
    url = reverse("strategies:issue_create", args=[world.plan.pk])
    response = client.post(url, issue_data(title="", description="คำอธิบายที่พิมพ์ไว้ยาว ๆ"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ช่องนี้จำเป็น" in body  # Django's Thai "This field is required."
    assert "คำอธิบายที่พิมพ์ไว้ยาว ๆ" in body
    assert not StrategicIssue.objects.filter(plan=world.plan).exists()


def test_same_number_twice_gets_a_clear_message(world, client_for, chain):
    client = client_for(world.editor)
    url = reverse("strategies:issue_create", args=[world.plan.pk])
    response = client.post(url, issue_data(number=chain["issue"].number))
    assert response.status_code == 200
    assert "ลำดับที่ 1 ถูกใช้แล้ว" in response.content.decode()
    assert StrategicIssue.objects.filter(plan=world.plan).count() == 1


def test_html_in_text_is_stored_and_shown_escaped(world, client_for):
    client = client_for(world.editor)
    url = reverse("strategies:issue_create", args=[world.plan.pk])
    payload = '<script>alert("x")</script><b>ตัวหนา</b>'
    response = client.post(url, issue_data(title=payload, description=payload), follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert StrategicIssue.objects.get(plan=world.plan).title == payload


def test_huge_text_gets_a_length_message_not_a_500(world, client_for):
    client = client_for(world.editor)
    url = reverse("strategies:issue_create", args=[world.plan.pk])
    response = client.post(url, issue_data(title="ก" * 100_000, description="ข" * 100_000))
    assert response.status_code == 200
    assert "ตรวจสอบค่านี้ให้แน่ใจว่ามีความยาวไม่เกิน 500" in response.content.decode()


def test_long_description_keeps_its_paragraphs(world, client_for):
    client = client_for(world.editor)
    url = reverse("strategies:issue_create", args=[world.plan.pk])
    text = "ย่อหน้าแรก\n\nย่อหน้าที่สอง " + "ข" * 20_000
    response = client.post(url, issue_data(description=text), follow=True)
    assert response.status_code == 200
    issue = StrategicIssue.objects.get(plan=world.plan)
    assert issue.description == text.replace("\n", "\r\n") or issue.description == text


def indicator_data(**overrides):
    data = {
        "number": 2,
        "name": "ตัวชี้วัดใหม่",
        "unit": "ร้อยละ",
        "formula": "",
        "data_source": "",
        "baseline": "1.5",
        "baseline_year": "2547",
        "weight": "20",
        "owner": "",
        "version": "",
        "target_2548": "2",
        "target_2549": "3",
        "target_2550": "",
        "target_2551": "5",
    }
    data.update(overrides)
    return data


def test_indicator_with_yearly_targets_is_saved(world, client_for, chain):
    client = client_for(world.editor)
    url = reverse("strategies:indicator_create", args=[chain["goal"].pk])
    response = client.post(url, indicator_data())
    assert response.status_code == 302
    indicator = Indicator.objects.get(goal=chain["goal"], number=2)
    assert {t.fiscal_year: str(t.value) for t in indicator.targets.all()} == {
        2548: "2.00",
        2549: "3.00",
        2551: "5.00",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target_2548", "มาก", "กรุณาใส่ตัวเลข"),
        ("weight", "150", "ตรวจสอบค่านี้ให้แน่ใจว่าน้อยกว่าหรือเท่ากับ 100"),
        ("baseline_year", "2004", "ตรวจสอบค่านี้ให้แน่ใจว่ามากกว่าหรือเท่ากับ 2500"),
        ("baseline", "1e400", "ตัวเลขต้องมีไม่เกิน"),
    ],
)
def test_indicator_bad_numbers(world, client_for, chain, field, value, message):
    client = client_for(world.editor)
    url = reverse("strategies:indicator_create", args=[chain["goal"].pk])
    response = client.post(url, indicator_data(**{field: value}))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "ตัวชี้วัดใหม่" in body  # what was typed is still there
    assert not Indicator.objects.filter(goal=chain["goal"], number=2).exists()


def project_data(**overrides):
    data = {
        "number": 2,
        "title": "โครงการใหม่",
        "objective": "",
        "lead_agency": "",
        "version": "",
    }
    data.update(overrides)
    return data


def test_negative_budget_is_refused_and_nothing_saved(world, client_for, chain):
    client = client_for(world.editor)
    url = reverse("strategies:project_create", args=[chain["strategy"].pk])
    response = client.post(url, project_data(budget_2548_regular="1000", budget_2549_regular="-5"))
    assert response.status_code == 200
    assert "งบประมาณติดลบไม่ได้" in response.content.decode()
    assert not Project.objects.filter(strategy=chain["strategy"], number=2).exists()


def test_project_budget_grid_saves_per_year_and_source(world, client_for, chain):
    client = client_for(world.editor)
    url = reverse("strategies:project_create", args=[chain["strategy"].pk])
    response = client.post(
        url,
        project_data(
            lead_agency=world.agency.pk,
            budget_2548_regular="1000",
            budget_2548_ceo_governor="250.50",
            budget_2551_local="10",
        ),
    )
    assert response.status_code == 302
    project = Project.objects.get(strategy=chain["strategy"], number=2)
    assert sorted((b.fiscal_year, b.source, str(b.amount)) for b in project.budgets.all()) == [
        (2548, "ceo_governor", "250.50"),
        (2548, "regular", "1000.00"),
        (2551, "local", "10.00"),
    ]


def test_lead_agency_from_another_province_is_refused(world, client_for, chain):
    client = client_for(world.editor)
    url = reverse("strategies:project_create", args=[chain["strategy"].pk])
    response = client.post(url, project_data(lead_agency=world.other_agency.pk))
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()


def test_plan_start_year_in_christian_era_is_explained(world, client_for):
    client = client_for(world.editor)
    response = client.post(
        reverse("strategies:plan_create"),
        {
            "organisation": world.province.pk,
            "administration_plan": world.admin_plan.pk,
            "title": "แผนใหม่",
            "start_year": "2005",
            "vision": "วิสัยทัศน์ที่พิมพ์ไว้",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ปีพุทธศักราช" in body
    assert "วิสัยทัศน์ที่พิมพ์ไว้" in body


def test_plan_for_a_province_the_editor_does_not_edit_is_refused(world, client_for):
    client = client_for(world.editor)
    response = client.post(
        reverse("strategies:plan_create"),
        {
            "organisation": world.other_province.pk,
            "administration_plan": world.admin_plan.pk,
            "title": "แผนของจังหวัดอื่น",
            "start_year": "2549",
        },
    )
    assert response.status_code == 200
    assert not ActionPlan.objects.filter(title="แผนของจังหวัดอื่น").exists()


def test_plan_create_works(world, client_for):
    client = client_for(world.editor)
    response = client.post(
        reverse("strategies:plan_create"),
        {
            "organisation": world.province.pk,
            "administration_plan": world.admin_plan.pk,
            "title": "แผนทบทวน",
            "start_year": "2549",
            "missions": "พันธกิจหนึ่ง\nพันธกิจสอง",
        },
    )
    plan = ActionPlan.objects.get(title="แผนทบทวน")
    assert response.status_code == 302
    assert (plan.start_year, plan.end_year) == (2549, 2552)
    assert plan.mission_list == ["พันธกิจหนึ่ง", "พันธกิจสอง"]


def test_plain_select_renders_what_djangos_select_does():
    import re

    from django import forms as django_forms

    from strategies.fields import PlainSelect

    choices = [("", "---------"), ("1", "สำนักงานเกษตร"), ("2", '<script>"x"</script>')]
    attrs = {"id": "id_org", "class": "form-select", "aria-describedby": "help"}
    ours = PlainSelect(choices=choices).render("org", "2", attrs)
    django = django_forms.Select(choices=choices).render("org", "2", attrs)

    def parts(html):
        (select,) = re.findall(r"<select([^>]*)>", html)
        return (
            sorted(re.findall(r'([\w-]+)="([^"]*)"', select)),  # attributes, in any order
            re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html),
        )

    assert parts(ours) == parts(django)
    assert "<script>" not in ours
