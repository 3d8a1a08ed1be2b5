"""The HTTP kit of the views (strategies/http.py) behind django-htmx's middleware."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_htmx.middleware import HtmxMiddleware

from strategies import http


def _through_middleware(headers):
    request = RequestFactory().get("/", headers=headers)
    HtmxMiddleware(lambda request: HttpResponse())(request)
    return request


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({"HX-Request": "true"}, True), ({"HX-Request": "false"}, False), ({}, False)],
)
def test_is_htmx_follows_the_hx_request_header(headers, expected):
    assert http.is_htmx(_through_middleware(headers)) is expected


def test_the_middleware_is_installed(settings):
    assert "django_htmx.middleware.HtmxMiddleware" in settings.MIDDLEWARE


class _Form(forms.Form):
    title = forms.CharField()


def test_add_errors_puts_field_errors_on_their_field_and_the_rest_on_top():
    form = _Form({"title": "x"})
    assert form.is_valid()
    http.add_errors(form, ValidationError({"title": "ซ้ำ", "gone": "ไม่มีช่องนี้"}))
    assert form.errors["title"] == ["ซ้ำ"]
    assert form.non_field_errors() == ["ไม่มีช่องนี้"]


def test_an_xlsx_download_is_never_cached():
    response = http.xlsx_response(b"PK", "plan.xlsx")
    assert response["Content-Type"] == http.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="plan.xlsx"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_pdf_may_be_shown_inline():
    response = http.pdf_response(b"%PDF", "a.pdf", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="a.pdf"'
    assert response["Content-Length"] == "4"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("proposals:row_edit", (7, "risk", 12)),
        ("proposals:row_edit", (123456789012345678, "change", 1)),
        ("proposals:row_move", (3, "milestone", 3)),
        ("proposals:detail", (9,)),
        ("proposals:monitoring:board", (41,)),
    ],
)
def test_links_are_the_urls_reverse_gives(name, args):
    links = http.Links()
    assert links(name, *args) == reverse(name, args=args)
    # The second call fills the pattern reversed by the first.
    other = tuple(arg + 1 if isinstance(arg, int) else arg for arg in args)
    assert links(name, *other) == reverse(name, args=other)


def test_links_keep_each_text_argument_apart():
    links = http.Links()
    assert links("proposals:row_edit", 1, "risk", 2).endswith("/rows/risk/2/edit/")
    assert links("proposals:row_edit", 1, "goal", 2).endswith("/rows/goal/2/edit/")
