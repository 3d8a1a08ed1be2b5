import pytest

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_logs_in_and_reads_the_cascade_in_thai(demo_data, page):
    login(page, "chumphon.strategy")
    page.get_by_role("link", name="แผนปฏิบัติราชการ").first.click()
    page.get_by_role("link", name="ชุมพร").first.click()
    assert page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "th"
    screenshot(page, "smoke-plan")


def test_anonymous_visitor_is_sent_to_login(live_server, page):
    page.goto("/cascade/plans/")
    assert "/accounts/login/" in page.url
