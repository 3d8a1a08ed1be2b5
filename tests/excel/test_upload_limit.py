"""An Excel upload over the size limit is refused while it is received: the server stops
reading the request there instead of taking the whole file in and checking it afterwards.

Django's own handler (a temporary file) is the one the site uses, with a note kept of how
many bytes it was given to store.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse

from strategies.excel import safety
from strategies.excel.models import ImportBatch
from tests.excel.test_plan_import import snapshot

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class CountingTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler; ``stored`` is the most any file put on disk."""

    stored = 0

    def receive_data_chunk(self, raw_data, start):
        type(self).stored = max(type(self).stored, start + len(raw_data))
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture(autouse=True)
def counting(settings):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.CountingTemporaryFileUploadHandler"]
    CountingTemporaryFileUploadHandler.stored = 0
    return CountingTemporaryFileUploadHandler


def _post(client, url, size):
    """POST a file of ``size`` bytes as a browser would (the CSRF token first); return the
    response and how many bytes of the request body the server left unread."""
    page = client.get(url)
    assert page.status_code == 200
    token = get_token(page.wsgi_request)
    content = b"PK\x03\x04" + b"x" * (size - 4)
    response = client.post(
        url,
        {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("แผน.xlsx", content)},
    )
    unread = len(response.wsgi_request.META["wsgi.input"])
    return response, unread


@pytest.fixture
def thai(world):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.editor)
    return client


@pytest.fixture
def urls(world, chain, blueprint):
    return {
        "plan": reverse("excel:plan", args=[world.plan.pk]),
        "blueprint": reverse("excel:blueprint", args=[blueprint.pk]),
    }


@pytest.mark.parametrize("view", ["plan", "blueprint"])
def test_a_file_far_over_the_limit_is_not_read(world, urls, thai, view):
    before = snapshot(world.plan)
    response, unread = _post(thai, urls[view], 50 * MB)
    assert unread > 49 * MB  # stopped at the start of the file
    assert CountingTemporaryFileUploadHandler.stored == 0
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไฟล์ใหญ่เกินไป ขนาดสูงสุดคือ 5 MB" in page
    assert 'aria-invalid="true"' in page  # the message is tied to the file field
    assert not ImportBatch.objects.exists()
    assert snapshot(world.plan) == before


@pytest.mark.parametrize("view", ["plan", "blueprint"])
def test_a_file_just_over_the_limit_is_cut_off_at_the_limit(world, urls, thai, view):
    """The request is small enough to start reading (its size leaves room for the other
    fields); the file is cut off once 5 MB of it have arrived."""
    response, _unread = _post(thai, urls[view], safety.MAX_UPLOAD_BYTES + 40 * 1024)
    assert response.status_code == 400
    assert "ไฟล์ใหญ่เกินไป ขนาดสูงสุดคือ 5 MB" in response.content.decode()
    assert 0 < CountingTemporaryFileUploadHandler.stored <= safety.MAX_UPLOAD_BYTES
    assert not ImportBatch.objects.exists()


def test_a_file_a_little_over_the_limit_is_read_to_its_end_but_not_stored(world, urls, thai):
    """Up to a few MB over, the rest of the request is read and dropped, so that the
    browser, still sending, gets the page with the message rather than a reset."""
    response, unread = _post(thai, urls["plan"], 7 * MB)
    assert response.status_code == 400
    assert "ไฟล์ใหญ่เกินไป ขนาดสูงสุดคือ 5 MB" in response.content.decode()
    assert unread == 0
    assert CountingTemporaryFileUploadHandler.stored == 0


def test_a_file_at_the_limit_is_read_and_judged_by_its_content(world, urls, thai):
    response, unread = _post(thai, urls["plan"], safety.MAX_UPLOAD_BYTES)
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไฟล์ใหญ่เกินไป" not in page  # not refused for its size: for not being a workbook
    assert unread == 0
    assert CountingTemporaryFileUploadHandler.stored == safety.MAX_UPLOAD_BYTES


def test_the_upload_still_checks_csrf(world, urls):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.editor)
    response = client.post(
        urls["plan"], {"file": SimpleUploadedFile("แผน.xlsx", b"PK\x03\x04" + b"x" * 100)}
    )
    assert response.status_code == 403
