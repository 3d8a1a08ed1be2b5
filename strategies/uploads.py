"""Uploads with a size limit that is kept while the body is read, not after it was stored.

Django reads a multipart body in full — into memory, or into a temporary file past 2.5 MB —
before a view or form sees the file, so a size check in the form comes after the server
has already taken in whatever was sent. :func:`limited_upload` puts
:class:`LimitedUploadHandler` in front of Django's handlers for one view: it stops at the
limit (the rest of the body is never read, nothing of it is stored) and tells the view, which
then shows its own message. Used by every view that takes a file: the Excel imports and the
PDF verify page.
"""

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room for the other fields of the form (the CSRF token) and the multipart headers.
FORM_OVERHEAD_BYTES = 64 * 1024
# A request at most this much over the limit is read to its end and thrown away (nothing
# of it is stored), so that the browser, which is still sending, gets the page with the
# message. A bigger one is cut off: the rest is never read, and a client still sending may
# see the connection reset instead (in production the proxy's body cap answers first).
DRAIN_BYTES = 8 * 1024 * 1024


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading the request as soon as a file passes ``limit`` bytes — or before it
    starts, when the request says it is bigger than that — and sets ``too_large``.

    The fields before the file (the CSRF token) are kept; the file is absent from
    ``request.FILES``; nothing past the limit reaches Django's own handlers, so nothing
    past it is stored, even in a temporary file. The rest of the body is thrown away unread
    when it is more than :data:`DRAIN_BYTES` (``StopUpload`` with ``connection_reset``),
    else read and dropped so that the browser gets its answer.
    """

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False
        self.request_length = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length
        if content_length and content_length > self.limit + FORM_OVERHEAD_BYTES:
            self.too_large = True

    def _stop(self):
        self.too_large = True
        huge = not self.request_length or self.request_length > self.limit + DRAIN_BYTES
        raise StopUpload(connection_reset=huge)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.too_large:
            self._stop()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop()
        return raw_data

    def file_complete(self, file_size):
        return None


def limited_upload(limit: Callable[[], int]):
    """Decorate a view that takes a file: a POST reads at most ``limit()`` bytes of it;
    :func:`upload_too_large` tells whether the file was cut off (and so left out).

    The handler must be in place before anything reads ``request.POST``; the CSRF
    middleware would, so CSRF is checked here instead, inside, as Django's documentation on
    upload handlers describes.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                request.upload_limiter = LimitedUploadHandler(request, limit=limit())
                request.upload_handlers.insert(0, request.upload_limiter)
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator


def upload_too_large(request) -> bool:
    """Whether the file of this request was cut off at the limit of :func:`limited_upload`."""
    limiter = getattr(request, "upload_limiter", None)
    if limiter is None:
        return False
    request.FILES  # noqa: B018 - the body is read here, if it was not yet
    return limiter.too_large
