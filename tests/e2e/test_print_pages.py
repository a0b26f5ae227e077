"""Printing: no navigation or buttons, A4 pages; a print-media screenshot and a PDF of the
cockpit, a chain page, the enterprise list and a project page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot, url
from tests.e2e.test_phone_pages import build_city
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_pages_print_without_navigation_on_a4(page, live_server):
    city = build_city()
    login(page, live_server, "office_e2e", PASSWORD)
    for name, path in (
        ("cockpit", "/"),
        ("chain", "/chains/PWR/"),
        ("enterprises", "/enterprises/"),
        ("project", f"/projects/{city['project'].pk}/"),
    ):
        page.goto(url(live_server, path))
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        assert not page.locator("#sidenav").is_visible(), path
        assert not page.locator("[data-menu-toggle]").is_visible(), path
        visible_buttons = [
            b.inner_text() for b in page.locator("button, a.button").all() if b.is_visible()
        ]
        assert not visible_buttons, f"{path}: {visible_buttons}"
        assert page.locator("main").inner_text().strip(), path
        screenshot(page, f"print-{name}")
        pdf = page.pdf(format="A4", print_background=False)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
        page.emulate_media(media="screen")
