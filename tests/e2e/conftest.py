"""Real-browser tests: Debian's headless Chromium driven by Playwright (sync API) against
pytest-django's `live_server`.

Chromium is the system package at /usr/bin/chromium (CHAINCHIEF_CHROMIUM to move it); we never
run `playwright install`. Without Chromium the tests skip, except under CI=true where they fail.
Every test here is marked `e2e` (added automatically too) so `pytest -m "not e2e"` leaves
them out, e.g. on the PostgreSQL run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The sync Playwright API runs an event loop in this thread; Django would then refuse ORM
# calls from the test body (SynchronousOnlyOperation). The calls are in fact synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHAINCHIEF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
TIMEOUT_MS = 15_000
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the session."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context (no cookies) and page; JavaScript errors fail the test."""
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1400, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()
    assert not js_errors, f"JavaScript errors in the page: {js_errors}"


def url(live_server, path: str) -> str:
    return live_server.url.rstrip("/") + path


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the log-in form and wait for the page it leads to."""
    page.goto(url(live_server, "/accounts/login/"))
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    with page.expect_navigation():
        page.click('button[type="submit"]')


def screenshot(page, name: str) -> None:
    """Saved only when CHAINCHIEF_E2E_SCREENSHOTS names a folder (keep it outside the repository)."""
    folder = os.environ.get("CHAINCHIEF_E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
