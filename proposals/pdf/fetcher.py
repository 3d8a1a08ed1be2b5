"""The only way WeasyPrint may load anything: the app's own static files, nothing else.

WeasyPrint loads stylesheets, fonts and images through a URL fetcher. Its default
fetcher opens ``http(s):``, ``ftp:``, ``file:`` and ``data:`` URLs — from a server,
that is a way to read local files or reach internal hosts (SSRF) if anything a user
typed ever became a URL. This fetcher never touches the network or the file system
outside the static folders: a URL under :data:`STATIC_BASE` is mapped to a file by
Django's staticfiles finders (and, after ``collectstatic``, the static storage, so
hashed names resolve too); everything else is refused by raising
:class:`RefusedURL`. WeasyPrint then skips the resource and logs a warning.

The HTML is rendered with ``base_url=BASE_URL``, so ``{% static %}`` paths
(``/static/css/print.css``) and relative ``url()`` inside stylesheets resolve under
it. The host ``blueprint.invalid`` can never resolve (RFC 2606), so even a bug that
let such a URL reach a real fetcher would go nowhere.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://blueprint.invalid/"

# What a print stylesheet may pull in. Anything else under /static/ is refused too.
ALLOWED_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}


class RefusedURL(ValueError):
    """A URL the PDF renderer may not load."""


def static_base() -> str:
    """The absolute URL prefix of static files as the renderer sees them."""
    return urljoin(BASE_URL, staticfiles_storage.base_url or "/static/")


def static_path(url: str) -> Path:
    """The file behind a static ``url``, or :class:`RefusedURL`.

    Refuses other schemes and hosts, queries and fragments, ``..``/``.`` segments,
    encoded slashes or backslashes, file types not in :data:`ALLOWED_TYPES`, and
    files the finders do not know.
    """
    prefix = static_base()
    if not url.startswith(prefix):
        raise RefusedURL(f"not an application static file: {url[:200]!r}")
    parts = urlsplit(url)
    if parts.query or parts.fragment or "\\" in url or "%2f" in url.lower():
        raise RefusedURL(f"unexpected characters in static URL: {url[:200]!r}")
    name = unquote(url[len(prefix) :])
    segments = name.split("/")
    if not name or any(seg in {"", ".", ".."} for seg in segments) or "\x00" in name:
        raise RefusedURL(f"bad static path: {url[:200]!r}")
    if posixpath.normpath(name) != name:
        raise RefusedURL(f"bad static path: {url[:200]!r}")
    suffix = posixpath.splitext(name)[1].lower()
    if suffix not in ALLOWED_TYPES:
        raise RefusedURL(f"file type not allowed in a PDF: {url[:200]!r}")
    found = finders.find(name)
    if found:
        return Path(found)
    # After collectstatic with a manifest storage, {% static %} gives hashed names
    # that only exist in STATIC_ROOT.
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError):
        pass
    raise RefusedURL(f"no such static file: {url[:200]!r}")


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the app's static files and refuses the rest.

    ``refused`` lists the URLs it turned down (for logs and tests).
    """

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = static_path(url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("PDF renderer refused to load %.200r", url)
            raise
        content_type = ALLOWED_TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    # WeasyPrint calls the fetcher itself in places; never fall back to urllib.
    def open(self, url, data=None, timeout=None):
        return self.fetch(getattr(url, "full_url", url))

    def __call__(self, url):
        return self.fetch(url)
