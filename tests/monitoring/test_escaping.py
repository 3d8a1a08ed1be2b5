"""The results pages write their rows in Python (``proposals/templatetags/results_tags.py``),
outside the template engine's autoescaping: every name and title users typed must come out
as text on the board, the traceability page and OPDC's national view."""

import datetime
from decimal import Decimal

from django.urls import reverse

from proposals.monitoring.models import IndicatorActual, ProjectProgress, ReportingPeriod
from tests import factories
from tests.monitoring.test_rollup import submit, trace_url

TAG = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def test_names_users_typed_are_text_on_every_results_page(world, chain, client_for):
    indicator, project = chain["indicator"], chain["project"]
    for obj, field in [
        (indicator, "name"),
        (indicator, "unit"),
        (project, "title"),
        (chain["issue"], "title"),
        (chain["strategy"], "title"),
        (world.agency, "name"),
        (world.province, "name"),
        (world.national_strategy, "title"),
    ]:
        setattr(obj, field, f"{getattr(obj, field)} {TAG}")
        obj.save()
    cluster = factories.ClusterMembershipFactory(province=world.province).cluster
    cluster.name = f"กลุ่ม {TAG}"
    cluster.save()
    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=datetime.date(2005, 1, 15)
    )
    IndicatorActual.objects.create(indicator=indicator, period=period, value=Decimal(1))
    ProjectProgress.objects.create(project=project, period=period, percent_complete=Decimal(10))
    submit(chain["issue"], world.editor)
    board = reverse("proposals:monitoring:board", args=[world.province.pk]) + "?year=2548"
    national = reverse("proposals:monitoring:national") + "?year=2548"
    pages = [
        (world.editor, board),
        (world.reviewer, board),
        (world.reviewer, trace_url(world.national_strategy)),
        (world.reviewer, national),
    ]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert TAG not in text, url
        assert ESCAPED in text, url
    # Each hostile name is on the page it belongs to, escaped (not dropped).
    text = client_for(world.editor).get(board).content.decode()
    for name in (indicator.name, indicator.unit, project.title, world.agency.name):
        assert name.replace(TAG, ESCAPED) in text, name
    text = client_for(world.reviewer).get(trace_url(world.national_strategy)).content.decode()
    for name in (indicator.name, project.title, world.agency.name):
        assert name.replace(TAG, ESCAPED) in text, name
    text = client_for(world.reviewer).get(national).content.decode()
    for name in (world.province.name, cluster.name):
        assert name.replace(TAG, ESCAPED) in text, name
