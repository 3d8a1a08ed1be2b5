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


LONG = "x" * 300  # refusal messages and logs carry at most 200 characters of the URL


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"http://evil.invalid/{LONG}.css", "not an application static file"),
        (f"{STATIC}css/print.css?{LONG}", "unexpected characters in static URL"),
        (f"{STATIC}css/print.css#{LONG}", "unexpected characters in static URL"),
        (f"{STATIC}css\\{LONG}.css", "unexpected characters in static URL"),
        (f"{STATIC}css%2F{LONG}.css", "unexpected characters in static URL"),
        (f"{STATIC}css/{LONG}/../print.css", "bad static path"),
        (f"{STATIC}css/{LONG}/./print.css", "bad static path"),
        (f"{STATIC}css//{LONG}.css", "bad static path"),
        (f"{STATIC}css/{LONG}%00.css", "bad static path"),
        (f"{STATIC}js/{LONG}.js", "file type not allowed in a PDF"),
        (f"{STATIC}css/{LONG}.css", "no such static file"),
    ],
)
def test_each_refusal_says_why_and_logs_a_bounded_url(url, reason, caplog):
    """The reason in the message is what an operator reads in the log: each layer of the check
    must be the one that refuses its kind of URL (a NUL byte included, which would otherwise
    reach the file system as a ValueError)."""
    fetcher = StaticOnlyFetcher()
    with caplog.at_level("WARNING", logger="proposals.pdf.fetcher"):
        with pytest.raises(RefusedURL) as refused:
            fetcher.fetch(url)
    assert str(refused.value) == f"{reason}: {url[:200]!r}"
    assert caplog.messages == [f"PDF renderer refused to load {repr(url)[:200]}"]


def test_the_response_keeps_its_url_for_relative_urls_inside_stylesheets():
    url = f"{STATIC}css/print.css"
    assert StaticOnlyFetcher().fetch(url).url == url


def test_hashed_names_after_collectstatic_are_served_from_static_root(settings, tmp_path):
    """After collectstatic, {% static %} gives hashed names that only STATIC_ROOT has."""
    hashed = tmp_path / "css" / "print.0a1b2c3d4e5f.css"
    hashed.parent.mkdir()
    hashed.write_bytes(b"body { color: black }")
    settings.STATIC_ROOT = tmp_path
    response = StaticOnlyFetcher().fetch(f"{STATIC}css/print.0a1b2c3d4e5f.css")
    assert response.read() == b"body { color: black }"
    assert response.content_type == "text/css"


def test_urllib_style_open_goes_through_the_same_check():
    """WeasyPrint may call the fetcher's urllib ``open`` (a Request or a string): it must
    serve static files and refuse the rest like ``fetch``."""
    fetcher = StaticOnlyFetcher()
    for outside in ("http://127.0.0.1:9/track.png", urllib.request.Request("file:///etc/passwd")):
        with pytest.raises(RefusedURL):
            fetcher.open(outside)
    served = fetcher.open(urllib.request.Request(f"{STATIC}css/print.css"))
    assert served.content_type == "text/css" and len(served.read()) > 1000
    assert fetcher.open(f"{STATIC}css/print.css").url == f"{STATIC}css/print.css"
    assert fetcher.refused == ["http://127.0.0.1:9/track.png", "file:///etc/passwd"]
