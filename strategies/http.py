"""The small HTTP kit every app's views share: HTMX requests, a service's errors on a
form, and file downloads (XLSX, JSON…).

It lives in the bottom layer so that ``strategies``, ``proposals`` and the site shell
can all use it (ARCHITECTURE.md). HTMX requests are recognised by django-htmx's
``HtmxMiddleware`` (``request.htmx``).
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_htmx(request) -> bool:
    """Whether HTMX sent the request (``HX-Request: true``): answer with a fragment."""
    return bool(getattr(request, "htmx", False))


class Links:
    """URLs for pages that link many rows: each URL name (with its text arguments, such
    as a row kind) is reversed once and the ids filled in. A ``reverse()`` per link was
    a fifth of the results board's time and an eighth of the Blueprint page's.

    ``links("proposals:row_edit", blueprint.pk, "risk", risk.pk)`` gives the same URL as
    ``reverse()`` with those arguments; integer arguments are the ids filled in.
    """

    MARKS = ("918273645500000001", "918273645500000002", "918273645500000003")

    def __init__(self):
        self.patterns: dict[tuple, str] = {}

    def __call__(self, name: str, *args) -> str:
        ids = [arg for arg in args if isinstance(arg, int)]
        key = (name, *(None if isinstance(arg, int) else arg for arg in args))
        pattern = self.patterns.get(key)
        if pattern is None:
            marks = iter(self.MARKS)
            pattern = self.patterns[key] = reverse(
                name, args=[next(marks) if isinstance(arg, int) else arg for arg in args]
            )
        for mark, pk in zip(self.MARKS, ids, strict=False):
            pattern = pattern.replace(mark, str(pk))
        return pattern


def add_errors(form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the form: each field's messages on the field
    (when the form has it), the rest at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def download(content, filename: str, content_type: str, *, private: bool = False):
    """``content`` as a file to save, named ``filename`` (ASCII); ``private`` keeps it
    out of every cache (what a person's export holds is theirs)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An Excel workbook to save (never cached)."""
    return download(content, filename, XLSX_CONTENT_TYPE, private=True)


def json_response(body: str, filename: str) -> HttpResponse:
    """A JSON document to save (UTF-8)."""
    return download(body, filename, "application/json; charset=utf-8")


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A PDF to save (or, ``inline``, to show in the browser), never cached."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
