"""Thai first; English per person, remembered on their profile; Buddhist Era dates."""

import datetime

from django.template import Context, Template
from django.urls import reverse

from strategies.fiscal import fiscal_year_of
from strategies.models import Profile


def test_pages_are_thai_by_default(world, client_for):
    response = client_for(world.editor).get(reverse("home"))
    body = response.content.decode()
    assert '<html lang="th">' in body
    assert "แผนปฏิบัติราชการ" in body


def test_switching_to_english_is_remembered_on_the_profile(world, client_for):
    client = client_for(world.editor)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert Profile.objects.get(user=world.editor).language == "en"

    # A new session (another browser, another day) opens in English too.
    fresh = client_for(world.editor)
    body = fresh.get(reverse("home")).content.decode()
    assert '<html lang="en">' in body
    assert "Action plans" in body

    # Nobody else is affected.
    other = client_for(world.viewer).get(reverse("home")).content.decode()
    assert '<html lang="th">' in other


def test_unknown_language_is_ignored(world, client_for):
    client = client_for(world.editor)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert not Profile.objects.filter(user=world.editor, language="xx").exists()
    assert '<html lang="th">' in client.get(reverse("home")).content.decode()


def test_dates_are_shown_in_the_buddhist_era():
    rendered = Template("{{ d|be_date }}|{{ d|be_date_short }}|{{ y|fiscal_year_label }}").render(
        Context({"d": datetime.date(2005, 3, 23), "y": 2548})
    )
    assert "2548" in rendered
    assert "2005" not in rendered


def test_fiscal_year_runs_from_october():
    assert fiscal_year_of(datetime.date(2004, 9, 30)) == 2547
    assert fiscal_year_of(datetime.date(2004, 10, 1)) == 2548
