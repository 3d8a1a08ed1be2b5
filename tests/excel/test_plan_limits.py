"""The action plan's Excel import keeps to what one strategic issue may hold
(strategies.limits): past the bound nothing is imported, with a Thai message."""

import pytest

from strategies import limits
from strategies.excel import layout
from strategies.models import Goal
from tests import factories
from tests.excel.test_plan_import import confirm, preview_of, upload
from tests.excel.workbooks import headers, xlsx

pytestmark = pytest.mark.django_db

GOALS = next(spec for spec in layout.PLAN_SHEETS if spec.key == "goals")


def test_an_import_past_the_goal_bound_imports_nothing(world, chain, client):
    issue = chain["issue"]
    for number in range(2, limits.MAX_GOALS + 1):
        factories.GoalFactory(issue=issue, number=number)
    client.force_login(world.editor)
    client.cookies["django_language"] = "th"
    content = xlsx({GOALS.title: [headers(GOALS), ["1.31", "เป้าประสงค์ที่เกิน", "ประสิทธิผล"]]})
    url, preview, _page = preview_of(client, upload(client, world.plan, content))
    assert not preview.has_errors
    response = confirm(client, url, preview)
    page = client.get(response["Location"]).content.decode()
    assert "ได้ไม่เกิน 30 รายการ" in page, page[page.find("alert") : page.find("alert") + 1500]
    assert Goal.objects.filter(issue=issue).count() == limits.MAX_GOALS
