"""Hostile text that is saved: every text field of a form gets what hypothesis draws, every
other field keeps the value the form shows, so most examples pass validation and reach
the database.

Each example runs inside a savepoint rolled back afterwards (within the test's own
transaction): it really saves, and the next example starts from the same rows. Then:

- saved (a redirect): what is stored reads back equal to what was typed (the form
  strips surrounding whitespace), and the page the redirect leads to, and the row's own
  page, show it as text — never as markup;
- refused (the form again): nothing was saved, and the form keeps what was typed.

The budget is the hypothesis profile's (``tests/conftest.py``: ``ci`` explores
hundreds of new examples per run and prints how to reproduce a failure).
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django import forms
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.hostile import THAI_EDGE, XSS, form_fields

MARKUP = ["<script>alert(1)</script>", "<img src=x onerror", "<svg/onload"]
# Where HTML would read a tag, a comment or a processing instruction (a lone "<" is text).
MARKUP_START = re.compile(r"<[A-Za-z/!?]")

SAVE_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_text():
    return st.one_of(
        st.text(max_size=120),
        st.text(alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F), max_size=120),
        st.sampled_from(XSS + THAI_EDGE),
        st.lists(st.sampled_from(XSS + THAI_EDGE + ["ก", " ", "\n", "&amp;", "'", '"']),
                 max_size=8).map("".join),
    )  # fmt: skip


@contextmanager
def rolled_back():
    """One example: saved for real, then undone (a savepoint of the test's transaction)."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def _text_fields(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if type(field) is forms.CharField and not field.widget.is_hidden
    ]


def _shown(form, hidden: dict) -> dict:
    """What the form would post as shown: each field's value, hidden ones as in the page."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))
    data.update({name: value for name, value in hidden.items() if value is not None})
    return data


def saves_hostile_text(client, url: str, data, *, stored, shown_at=None) -> str:
    """One example against the form at ``url``; ``stored()`` is the row the form saves
    (read afresh), shown at ``shown_at(row)`` (default: its own page) and where the form
    redirects. Returns ``"saved"`` or ``"refused"``."""
    page = client.get(url)
    form = page.context["form"]
    names = _text_fields(form)
    assert names, "no text field to type into"
    post = _shown(form, form_fields(page.content.decode()))
    typed = {name: data.draw(hostile_text(), label=name) for name in names}
    post.update(typed)
    before = stored()
    before = {name: getattr(before, name, None) for name in names} if before else None
    response = client.post(url, post)  # a server error raises in the test client
    if response.status_code == 302:
        row = stored()
        for name, value in typed.items():
            assert getattr(row, name) == value.strip(), name
        shown = shown_at(row) if shown_at else row.get_absolute_url()
        for target in (response.url, shown):
            body = client.get(target).content.decode()
            for markup in MARKUP:
                assert markup not in body, (target, markup)
            for value in typed.values():
                # Only a "<" followed by a letter, "/", "!" or "?" opens markup; a lone "<"
                # is text, and is found in any page.
                if MARKUP_START.search(value.strip()):
                    assert value.strip() not in body, (target, value)
        return "saved"
    assert response.status_code in {200, 400, 409}, response.status_code
    again = stored()
    if before is not None:
        assert {name: getattr(again, name, None) for name in names} == before
    kept = response.context["form"]
    for name, value in typed.items():
        assert kept[name].value() == value, name  # what was typed is shown again
    body = response.content.decode()
    for markup in MARKUP:
        assert markup not in body
    return "refused"
