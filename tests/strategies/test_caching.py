"""Each page cache can be turned off by name; a name that is no cache refuses to start."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from strategies import caching


def test_a_cache_is_on_unless_named_or_all_are_off():
    assert caching.on("page")
    with override_settings(CACHES_OFF=frozenset({"page"})):
        assert not caching.on("page")
        assert caching.on("dashboard")
    with override_settings(CACHES_OFF=frozenset({"all"})):
        assert not any(caching.on(name) for name in caching.NAMES)


@pytest.mark.parametrize(("value", "starts"), [("page,dashboard", True), ("pages", False)])
def test_the_setting_names_caches_or_the_site_does_not_start(value, starts):
    env = {**os.environ, "DJANGO_CACHES_OFF": value, "DJANGO_DEBUG": "1"}
    env["DJANGO_SETTINGS_MODULE"] = "blueprint_site.settings"
    child = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (child.returncode == 0) is starts, child.stderr[-2000:]
    if not starts:
        assert "DJANGO_CACHES_OFF names no cache: pages" in child.stderr
