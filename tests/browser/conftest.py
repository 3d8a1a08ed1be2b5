"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium comes from the system package (``make test`` installs it); Playwright's own browser
download is never used. Screenshots land in ``test-artifacts/screenshots`` where CI keeps them.
"""

import os
import shutil
from pathlib import Path

import pytest

from strategies.demo import cascade as demo

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = demo.DEMO_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    """The full demo (cascade and Blueprints), loaded for each browser test."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    demo.load()
    for loader in settings.DEMO_LOADERS:
        import_string(loader)()


def _new_page(browser, live_server, width=1280, height=900):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}, locale="th-TH"
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def new_page(browser, live_server):
    """Factory for pages in fresh browser contexts (one per person in the test)."""
    contexts = []

    def make(width=1280, height=900):
        context, page = _new_page(browser, live_server, width, height)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def login(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form [type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
