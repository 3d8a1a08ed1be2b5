"""The renderer loads the app's own static files and nothing else."""

import urllib.request

import pytest

from proposals.pdf.fetcher import BASE_URL, RefusedURL, StaticOnlyFetcher, static_base

STATIC = static_base()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/track.png",
        "https://example.com/static/css/print.css",
        "http://blueprint.invalid/static/css/print.css",  # right host, wrong scheme
        "file:///etc/passwd",
        "file:///work/main/static/css/print.css",
        "data:text/css,body{color:red}",
        "ftp://example.com/x.css",
        f"{BASE_URL}admin/",
        f"{STATIC}../blueprint_site/settings.py",
        f"{STATIC}css/../../blueprint_site/settings.py",
        f"{STATIC}%2e%2e/%2e%2e/etc/passwd.css",
        f"{STATIC}css%2fprint.css",
        f"{STATIC}css\\print.css",
        f"{STATIC}/etc/passwd.css",
        f"{STATIC}css/print.css?v=1",
        f"{STATIC}css/print.css#x",
        f"{STATIC}fonts/laksaman/LICENSE",  # a static file, but not a type a PDF loads
        f"{STATIC}js/proposals.js",
        f"{STATIC}css/no-such-file.css",
    ],
)
def test_everything_but_the_apps_static_files_is_refused(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("css/print.css", "text/css"), ("fonts/laksaman/Laksaman-Bold.ttf", "font/ttf")],
)
def test_static_files_are_served_from_the_static_folders(path, content_type):
    response = StaticOnlyFetcher().fetch(f"{STATIC}{path}")
    assert response.content_type == content_type
    assert len(response.read()) > 1000


def test_raw_html_cannot_make_weasyprint_reach_outside(monkeypatch):
    """Even HTML that escaped nothing loads nothing outside the static folders."""
    from weasyprint import HTML

    opened = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, *a, **k: opened.append(a)
    )
    hostile = f"""<html><head>
      <link rel="stylesheet" href="http://evil.invalid/x.css">
      <link rel="attachment" href="file:///etc/passwd">
      <style>
        @import url("file:///etc/hosts.css");
        @font-face {{ font-family: X; src: url("http://evil.invalid/f.ttf"); }}
        p {{ background: url("file:///etc/shadow"); }}
      </style></head><body style="background: url(http://127.0.0.1:9/inline.png)">
      <img src="http://127.0.0.1:9/track.png">
      <img src="file:///etc/passwd">
      <img src="data:image/svg+xml;base64,PHN2Zy8+">
      <img src="{STATIC}../../etc/passwd">
      <object data="file:///etc/passwd"></object>
      <p style="font-family: X">x</p>
    </body></html>"""
    fetcher = StaticOnlyFetcher()
    HTML(string=hostile, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    assert opened == []
    refused = " ".join(fetcher.refused)
    for url in [
        "http://evil.invalid/x.css",
        "file:///etc/hosts.css",
        "http://evil.invalid/f.ttf",
        "file:///etc/shadow",
        "http://127.0.0.1:9/track.png",
        "http://127.0.0.1:9/inline.png",
        "data:image/svg+xml",
    ]:
        assert url in refused
    assert all(not url.startswith(STATIC) or ".." in url for url in fetcher.refused)


# --------------------------------------------------------------------------
# The fetchers the renderers really use (issue 23): refusal proven on the fetcher,
# not by a missing font.
# --------------------------------------------------------------------------

OUTSIDE = [
    "http://127.0.0.1:9/track.png",
    "https://example.com/static/css/print.css",
    "http://blueprint.invalid/static/css/print.css",
    "file:///etc/passwd",
    f"file://{STATIC.replace('https://blueprint.invalid', '')}css/print.css",
    "data:text/css,body{color:red}",
    "data:image/png;base64,iVBORw0KGgo=",
    "ftp://example.com/x.css",
    f"{STATIC}../blueprint_site/settings.py",
]


@pytest.mark.parametrize("url", OUTSIDE)
def test_the_letters_fetcher_refuses_everything_but_static_files_and_its_emblem(url):
    from proposals.letters.render import _letter_fetcher

    emblem = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="
    fetcher = _letter_fetcher(emblem)
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    with pytest.raises(RefusedURL):  # WeasyPrint's other entry points go the same way
        fetcher(url)
    assert url in fetcher.refused
    # Its one emblem, and the static files, it serves.
    assert fetcher.fetch(emblem).content_type == "image/png"
    assert fetcher.fetch(f"{STATIC}css/print.css").content_type == "text/css"


def test_an_emblem_that_is_not_an_image_is_not_fetched():
    from proposals.letters.render import _letter_fetcher

    for emblem in ["data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "http://x/e.png"]:
        fetcher = _letter_fetcher(emblem)
        with pytest.raises(RefusedURL):
            fetcher.fetch(emblem)


def test_the_pdf_renderer_loads_everything_through_the_static_only_fetcher(monkeypatch):
    """A real render: every stylesheet and font comes through ``StaticOnlyFetcher`` and
    nothing is opened by urllib (a renderer left on WeasyPrint's default fetcher fails)."""
    from proposals.pdf import render
    from tests.pdf.sample import sample_data

    fetched, opened = [], []
    real_fetch = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, *a, **k: opened.append(a)
    )
    pdf = render.render_pdf(sample_data(projects=1), draft=True, thai_numerals=False)
    assert pdf.content.startswith(b"%PDF-")
    assert opened == []
    assert f"{STATIC}css/print.css" in fetched
    assert any(url.endswith(".ttf") for url in fetched), fetched
    assert all(url.startswith(STATIC) for url in fetched)
    assert pdf.refused == []
