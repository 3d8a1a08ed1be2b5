"""The production configuration: environment-driven, safe by default, `check --deploy` clean."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_TESTING": "0",
    "DJANGO_SECRET_KEY": "x7%kq!2v9-production-like-secret-key-of-enough-length-and-variety",
    "DJANGO_ALLOWED_HOSTS": "blueprint.opdc.go.th",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_commands_that_only_read_the_code_need_no_key():
    """`makemigrations --check` runs on a fresh clone with no environment at all; a
    command that could serve or sign still refuses."""
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
    result = manage("migrate", "--check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_DEBUG"}
    code = "from django.conf import settings; print('DEBUG', settings.DEBUG)"
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.stdout.strip().splitlines()[-1] == "DEBUG False", result.stderr


def test_the_test_run_uses_thai_first():
    assert settings.LANGUAGE_CODE == "th"
    assert [code for code, _ in settings.LANGUAGES] == ["th", "en"]


def _site_url(**env):
    code = "from django.conf import settings; print('SITE', settings.SITE_URL)"
    return manage("shell", "--no-imports", "-c", code, **{**PRODUCTION, **env})


def test_email_links_use_the_sites_own_address():
    """Links in e-mails never point at the developer's 127.0.0.1:8000 in production: the
    configured address, else the site's first host name."""
    result = _site_url()
    assert result.stdout.strip().splitlines()[-1] == "SITE https://blueprint.opdc.go.th"
    result = _site_url(DJANGO_SITE_URL="https://blueprint.opdc.go.th:8443/")
    assert result.stdout.strip().splitlines()[-1] == "SITE https://blueprint.opdc.go.th:8443"
    for bad in ("blueprint.opdc.go.th", "ftp://blueprint.opdc.go.th", "https://x/app/"):
        result = _site_url(DJANGO_SITE_URL=bad)
        assert result.returncode != 0 and "DJANGO_SITE_URL must be" in result.stderr, bad
    result = _site_url(DJANGO_ALLOWED_HOSTS="")
    assert result.returncode != 0 and "Set DJANGO_SITE_URL" in result.stderr


def test_a_web_process_is_ready_to_segment_thai_before_its_first_request():
    """Loading the WSGI application builds the word segmenter's dictionary (seconds of
    CPU): no request — the first save, the first dashboard search — waits for it. Then
    what the process holds, the dictionary's ~235,000 nodes with it, is frozen out of the
    collector's walks (blueprint_site/startup.py)."""
    code = (
        "import gc\n"
        "import blueprint_site.wsgi\n"
        "from pythainlp.tokenize import word_dict_trie\n"
        "from pythainlp.util.trie import Trie\n"
        "live = [o for o in gc.get_objects() if type(o).__module__ == Trie.__module__]\n"
        "print('frozen', gc.get_freeze_count() > 200_000, 'walked', len(live))\n"
        "print('trie built', word_dict_trie.cache_info().currsize)\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == ["frozen True walked 0", "trie built 1"]
