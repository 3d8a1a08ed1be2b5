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
