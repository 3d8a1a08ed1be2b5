"""The home page starts each person where their work is."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "inbox", "review"),
    [
        ("editor", True, False),
        ("contributor", True, False),
        ("viewer", False, False),
        ("reviewer", False, True),
    ],
)
def test_home_points_to_the_work(actor, inbox, review, world, client_for):
    page = client_for(world.actor(actor)).get(reverse("home")).content.decode()
    main = page[page.index('id="main"') :]
    assert (reverse("proposals:participation:inbox") in main) is inbox
    assert (reverse("proposals:review:dashboard") in main) is review
