"""The shared upload limit (strategies.uploads) on the PDF verify page: a file far over the
limit is refused without reading it, the fields before it (the CSRF token) still count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(PDF_VERIFY_MAX_BYTES=1024 * 1024)
def test_verify_stops_reading_a_file_far_over_the_limit(world):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.editor)
    url = reverse("proposals:pdf_verify")
    token = get_token(client.get(url).wsgi_request)
    content = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    response = client.post(
        url, {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("copy.pdf", content)}
    )
    assert len(response.wsgi_request.META["wsgi.input"]) > 19 * 1024 * 1024  # left unread
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "The file is too large: at most 1 MB." in response.content.decode()
