"""Submitting a Blueprint opens its strategic issue of the action plan to OPDC.

The rule is ``strategies.access``'s; which issues were submitted comes from this app
(registered in ``proposals.apps``): here through the real workflow.
"""

import pytest
from django.urls import reverse

from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db


def test_the_issue_opens_to_opdc_when_its_blueprint_is_submitted(
    complete_blueprint, world, chain, client
):
    client.force_login(world.reviewer)
    urls = [
        reverse("strategies:plan_detail", args=[world.plan.pk]),
        reverse("strategies:plan_cascade", args=[world.plan.pk]),
        reverse("excel:plan_export", args=[world.plan.pk]),
        reverse("strategies:issue_detail", args=[chain["issue"].pk]),
        reverse("strategies:project_detail", args=[chain["project"].pk]),
    ]
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert world.plan.get_absolute_url() not in client.get(reverse("home")).content.decode()

    advance(complete_blueprint, world.editor, "submit")
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    assert chain["goal"].title in client.get(urls[0]).content.decode()
    assert world.plan.get_absolute_url() in client.get(reverse("home")).content.decode()

    # Returned for revision: still what the province filed with OPDC.
    advance(complete_blueprint, world.reviewer, "return")
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
