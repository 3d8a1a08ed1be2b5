"""403 and 404 are pages of the app: Thai (or the person's language), with the menu and a
way on, never Django's bare English page."""

import pytest
from django.urls import reverse

from proposals import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def blueprint(world):
    from tests import factories

    issue = factories.StrategicIssueFactory(plan=world.plan)
    return services.blueprint_create(user=world.editor, issue=issue, fiscal_year=2548)


def test_refused_is_explained_in_thai(world, blueprint, client_for):
    url = reverse("proposals:section_assign", args=[blueprint.pk, "changes"])
    response = client_for(world.contributor).get(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert "ท่านไม่มีสิทธิ์ทำรายการนี้" in page
    assert reverse("proposals:participation:inbox") in page  # the menu is there


def test_not_found_is_explained_in_thai(world, blueprint, client_for):
    response = client_for(world.stranger).get(blueprint.get_absolute_url())
    assert response.status_code == 404
    page = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in page
    assert blueprint.title not in page


def test_server_error_page_needs_nothing(client):
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "ระบบขัดข้อง" in html and "Server error" in html
