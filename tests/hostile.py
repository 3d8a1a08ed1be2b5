"""Hostile input for any form in the app, driven by hypothesis.

``form_fields(html)`` reads the fields of the page's main POST form; ``hostile_values``
generates what a careless or malicious person might type: any Unicode (Thai with stacked
combining marks, zero-width characters, right-to-left text), XSS payloads, huge numbers and
texts, wrong types, dates out of range. ``assert_survives`` posts one example and checks the
app answered without a server error and without echoing markup unescaped.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "{{ 7*7 }}{% debug %}",
    "'; DROP TABLE strategies_goal; --",
]
THAI_EDGE = [
    "ก\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49\u0e4a\u0e4b",  # stacked vowels and tone marks
    "\u0e48\u0e49เริ่มด้วยวรรณยุกต์",
    "ผู้ว่า\u200bราชการ\u200cจังหวัด\u200d",  # zero-width space / (non-)joiner
    "\u202eعربي\u202c ไทย \u05e2\u05d1\u05e8\u05d9\u05ea",  # RTL override, Arabic, Hebrew
    "\ufeff๑๒๓๔๕",  # BOM and Thai digits
    "\x00ว่าง",  # NUL, which PostgreSQL text refuses
]
NUMBERISH = ["-1", "0", "1e400", "NaN", "Infinity", "9" * 40, "-0.000001", "1,000", "๑๒", " 5 "]
DATEISH = ["0000-01-01", "9999-12-31", "2548-13-40", "31/12/2548", "yesterday"]


def hostile_values():
    return st.one_of(
        st.text(max_size=60),
        st.text(alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F), max_size=80),
        st.sampled_from(XSS + THAI_EDGE + NUMBERISH + DATEISH),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.just("ก" * 100_001),
        st.just(""),
    )


# How many examples, and whether new ones each run: the profile (tests/conftest.py).
HOSTILE_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _FormReader(HTMLParser):
    """Collects field names of POST forms inside <main> (not the language switch)."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.in_form = False
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main += 1
        elif tag == "form" and self.in_main and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
            self.forms.append({})
        elif self.in_form and tag in {"input", "select", "textarea"} and attrs.get("name"):
            kind = attrs.get("type", tag)
            if kind in {"submit", "button"} or attrs["name"] == "csrfmiddlewaretoken":
                return
            self.forms[-1].setdefault(
                attrs["name"], attrs.get("value") if kind == "hidden" else None
            )

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        elif tag == "form":
            self.in_form = False


def form_fields(html: str) -> dict[str, str | None]:
    """Field names of the largest POST form in <main>; hidden fields keep their values."""
    reader = _FormReader()
    reader.feed(html)
    if not reader.forms:
        raise AssertionError("no POST form in <main>")
    return max(reader.forms, key=len)


def hostile_post(fields: dict[str, str | None], data) -> dict[str, str]:
    """One example: every visible field gets a hostile value; hidden ones keep theirs."""
    return {
        name: (
            value
            if value is not None and name in {"version", "parent", "next"}
            else data.draw(hostile_values(), label=name)
        )
        for name, value in fields.items()
    }


def assert_no_markup(body: str) -> None:
    """None of the XSS payloads appears unescaped in ``body``."""
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body
    assert "<svg/onload" not in body


def assert_survives(client, url: str, post: dict[str, str]):
    response = client.post(url, post)  # a server error raises in the test client
    assert response.status_code in {200, 302, 400, 403, 409}, response.status_code
    assert_no_markup(response.content.decode(errors="replace"))
    if response.status_code == 302:
        # A successful save answers with a redirect, which has no body: what was stored
        # is shown by the page it leads to.
        shown = client.get(response["Location"])
        assert shown.status_code == 200, (response["Location"], shown.status_code)
        assert_no_markup(shown.content.decode(errors="replace"))
    return response
