"""How pages reach a provincial office's slow line (issue 22; timed by bench/slow_link.py).

- production static files: hashed names, pre-compressed, fonts found through the manifest;
- no script that stops the parser or the first paint;
- the screen's Thai font: a WOFF2 subset that still has every Thai glyph the UI and people's
  text need;
- pages (HTML, JSON) gzipped, files not.
"""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from fontTools.ttLib import TTFont

from proposals import services
from tests import factories

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"
TEMPLATES = ROOT / "templates"
HASHED = re.compile(r"\.[0-9a-f]{12}(\.[A-Za-z0-9.]+)?$")
FONT_FACE = re.compile(r"@font-face\s*{(?P<body>[^}]*)}")
URL = re.compile(r"""url\(\s*["']?(?P<url>[^"')]+)["']?\s*\)""")
THAI_RANGE = range(0x0E00, 0x0E80)


# --------------------------------------------------------------------------
# Production static files (collectstatic with whitenoise's manifest storage)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """``collectstatic`` as production runs it, into a temporary STATIC_ROOT."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    return root, manifest


def test_the_production_manifest_names_every_file_by_its_content(collected):
    root, manifest = collected
    for name in ["css/app.css", "vendor/bootstrap/css/bootstrap.min.css", "js/app.js"]:
        assert HASHED.search(manifest[name]), manifest[name]
    for name, hashed in manifest.items():
        assert HASHED.search(hashed), f"{name} → {hashed}: no content hash, cannot be cached"
        assert (root / hashed).is_file()
    # Text files go out compressed (whitenoise picks .br or .gz by Accept-Encoding).
    for name in ["css/app.css", "vendor/bootstrap/css/bootstrap.min.css", "js/app.js"]:
        assert (root / f"{manifest[name]}.gz").is_file()


def test_the_fonts_the_stylesheets_name_are_in_the_manifest(collected):
    root, manifest = collected
    hashed_files = set(manifest.values())
    checked = 0
    for name, hashed in manifest.items():
        if not name.endswith(".css"):
            continue
        for match in FONT_FACE.finditer((root / hashed).read_text(encoding="utf-8")):
            for url in URL.findall(match.group("body")):
                target = (Path(hashed).parent / url).as_posix()
                target = re.sub(r"[^/]+/\.\./", "", target)
                assert target in hashed_files, f"{name}: {url} is not a collected, hashed file"
                checked += 1
    assert checked >= 4  # app.css's four faces at least


def test_hashed_files_go_out_compressed_and_cached_for_good(collected):
    """As whitenoise serves them in production: a repeat visit asks for none of them again."""
    from django.test import RequestFactory
    from whitenoise.middleware import WhiteNoiseMiddleware

    root, manifest = collected
    production = {
        "STATIC_ROOT": root,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }
    with override_settings(**production):
        whitenoise = WhiteNoiseMiddleware(get_response=lambda request: None)
        for name in ["css/app.css", "vendor/htmx/htmx.min.js", "fonts/laksaman/web/Laksaman.woff2"]:
            request = RequestFactory().get(
                f"/{settings.STATIC_URL}{manifest[name]}".replace("//", "/"),
                HTTP_ACCEPT_ENCODING="gzip, br",
            )
            response = whitenoise(request)
            assert response is not None and response.status_code == 200, name
            assert "immutable" in response["Cache-Control"], name
            max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
            assert max_age >= 365 * 24 * 60 * 60, name
            if not name.endswith(".woff2"):  # WOFF2 is compressed inside already
                assert response["Content-Encoding"] in ("br", "gzip"), name
            response.file_to_stream.close()  # not close(): that signals request_finished


# --------------------------------------------------------------------------
# Scripts
# --------------------------------------------------------------------------


def make_blueprint(world):
    issue = factories.StrategicIssueFactory(plan=world.plan, number=1)
    return services.blueprint_create(user=world.editor, issue=issue, fiscal_year=2548)


SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.IGNORECASE)


def blocking_scripts(html: str) -> list[str]:
    """Script tags that stop the parser: neither defer, async nor a module."""
    found = []
    for match in SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\b(defer|async)\b", attrs) or re.search(r"type=.?module", attrs):
            continue
        found.append(match.group(0))
    return found


def test_no_template_has_a_render_blocking_script():
    offenders = {}
    for path in TEMPLATES.rglob("*.html"):
        if found := blocking_scripts(path.read_text(encoding="utf-8")):
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
    assert "defer" in (TEMPLATES / "base.html").read_text(encoding="utf-8")


def test_the_blueprint_page_as_served_has_no_render_blocking_script(world, client):
    blueprint = make_blueprint(world)
    client.force_login(world.editor)
    html = client.get(reverse("proposals:detail", args=[blueprint.pk])).content.decode()
    assert html.count("<script") >= 4  # Bootstrap, HTMX, app.js, proposals.js
    assert blocking_scripts(html) == []


# --------------------------------------------------------------------------
# The screen's Thai font
# --------------------------------------------------------------------------


def screen_fonts() -> list[Path]:
    """The files of app.css's @font-face rules."""
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    return [
        (STATIC / "css" / url).resolve()
        for match in FONT_FACE.finditer(css)
        for url in URL.findall(match.group("body"))
    ]


def ui_thai_characters() -> set[str]:
    characters = set()
    for path in (ROOT / "locale" / "translations").glob("*.json"):
        for thai in json.loads(path.read_text(encoding="utf-8")).values():
            characters.update(ch for ch in thai if ord(ch) in THAI_RANGE)
    return characters


def test_the_screen_fonts_are_woff2_subsets_not_the_pdf_ttfs():
    fonts = screen_fonts()
    assert len(fonts) == 4
    for path in fonts:
        assert path.suffix == ".woff2", f"{path.name}: the screen should get WOFF2"
        font = TTFont(path)
        assert font.flavor == "woff2"
        cmap = font.getBestCmap()
        assert not any(ord("A") <= code <= ord("z") for code in cmap), (
            f"{path.name} still carries Latin, which the unicode-range never uses"
        )
        assert path.stat().st_size < 30_000


def test_the_screen_fonts_have_every_thai_character_of_the_ui_and_of_the_full_font():
    """A new Thai string cannot show a missing glyph; nor can a Thai letter people type."""
    used = ui_thai_characters()
    assert len(used) > 50  # the tables were read
    for path in screen_fonts():
        cmap = TTFont(path).getBestCmap()
        missing = sorted(ch for ch in used if ord(ch) not in cmap)
        assert missing == [], f"{path.name} lacks {''.join(missing)}: run tools/subset_fonts.py"
        full = TTFont(STATIC / "fonts" / "laksaman" / path.name.replace(".woff2", ".ttf"))
        full_thai = {code for code in full.getBestCmap() if code in THAI_RANGE}
        assert full_thai - set(cmap) == set(), f"{path.name} lost Thai glyphs of the full font"


def test_the_pdf_stylesheets_keep_the_full_ttfs():
    for name in ["print.css", "letter.css"]:
        css = (STATIC / "css" / name).read_text(encoding="utf-8")
        assert "laksaman/Laksaman.ttf" in css


# --------------------------------------------------------------------------
# Pages gzipped, files not
# --------------------------------------------------------------------------


def test_the_blueprint_page_is_gzipped_for_a_browser_that_accepts_it(world, client):
    blueprint = make_blueprint(world)
    client.force_login(world.editor)
    url = reverse("proposals:detail", args=[blueprint.pk])
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert not plain.has_header("Content-Encoding")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert len(packed.content) < len(page) / 3
    assert f'href="{url}' in page or blueprint.issue.title in page
    # The same page but its CSRF token, which Django masks afresh in every response.
    strip = re.compile(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')
    assert strip.sub("", page) == strip.sub("", plain.content.decode())


def test_a_download_is_not_gzipped(world, client):
    client.force_login(world.editor)
    response = client.get(
        reverse("excel:plan_export", args=[world.plan.pk]), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert response.content[:2] == b"PK"  # the workbook itself
