"""The site's shell: what every page's header says."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
BRAND = re.compile(r'<a class="navbar-brand"[^>]*>([^<]*)</a>')


@pytest.mark.parametrize(
    ("language", "name"),
    [("th", "ระบบจัดทำข้อเสนอการเปลี่ยนแปลง"), ("en", "Blueprint change-proposal system")],
)
def test_the_header_names_the_product_not_a_blueprint(language, name, world):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.editor)
    for url in (reverse("home"), reverse("proposals:list")):
        body = client.get(url).content.decode()
        assert BRAND.search(body).group(1) == name
        assert re.search(r"<title>[^<]*· " + re.escape(name) + "</title>", body)
