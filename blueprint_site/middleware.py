from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP and Permissions-Policy."""

    PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response


class PageGZipMiddleware(GZipMiddleware):
    """Gzip the pages themselves (HTML, HTMX fragments, JSON); whitenoise does the static files.

    The Blueprint page is ~120 kB of HTML, 0.6 s of a provincial office's 1.6 Mbit/s line on
    every visit, ~15 kB gzipped (bench/slow_link.py). Compressing a page that holds a secret
    next to text an attacker can make it echo is what BREACH measures; here: the CSRF token is
    masked afresh in every response (Django), the session cookie is SameSite=Lax (a page of
    another site cannot make the browser send thousands of signed-in requests), and Django's
    GZipMiddleware pads each response with 0–100 random bytes ("Heal the BREACH"). A proxy
    gzipping the same pages would compress the same bodies without the padding. Operators who
    would rather not compress pages set DJANGO_GZIP_PAGES=0 (README, "Configuration").

    Files (PDFs, workbooks, attachments: streamed or not) are left as they are: most are
    compressed already, and a download keeps its Content-Length.
    """

    TYPES = ("text/html", "application/json")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if response.streaming or content_type not in self.TYPES:
            return response
        if response.has_header("Content-Disposition"):
            return response
        return super().process_response(request, response)
