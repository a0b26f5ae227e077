"""The ranking board in a real browser, at desktop width and at 390 px: a chain chief sees every
chain's rank and total, the radar charts draw, and the own scorecard opens with its formula."""

from __future__ import annotations

import pytest

from chainchief.evaluation import services
from tests.e2e.conftest import login, screenshot, url
from tests.evaluation.conftest import city  # noqa: F401  (the four-chain city with hand-computed scores)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def published(city):  # noqa: F811
    run = services.compute_run(
        run=services.create_run(system=city.system, period="2026Q3", by=city.office)
    )
    return services.publish_run(run=run, by=city.office)


def _check_board(page, live_server, run) -> None:
    page.goto(url(live_server, "/evaluation/"))
    page.wait_for_selector('[data-testid="ranking"]')
    assert page.inner_text('[data-testid="rank-no-PWR"]') == "1"
    assert page.inner_text('[data-testid="total-PWR"]') == "99"
    assert page.inner_text('[data-testid="rank-no-CAR"]') == "4"
    assert "触发一票否决" in page.inner_text('[data-testid="veto-NEW"]')
    # ECharts drew every radar into a canvas
    page.wait_for_function("document.querySelectorAll('[data-testid^=radar-] canvas').length === 4")


def test_a_chief_reads_the_ranking_and_opens_the_own_scorecard_on_desktop(
    page, live_server, published
):  # noqa: F811
    login(page, live_server, "chief_pwr", PASSWORD)
    _check_board(page, live_server, published)
    screenshot(page, "evaluation-board-desktop")
    page.click('[data-testid="rank-PWR"] a')
    page.wait_for_selector('[data-testid="card-total"]')
    assert page.inner_text('[data-testid="card-grade"]') == "优秀"
    assert "30 × min(0.9 ÷ 0.9 = 100.00%, 120%) = 30" in page.inner_text(
        '[data-testid="indicator-output_goal"]'
    )
    # Another chain's name is plain text for this chief: no link to its scorecard
    assert page.locator('[data-testid="rank-NEW"] a').count() == 0


def test_the_ranking_fits_a_390px_phone(browser, live_server, published):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    try:
        login(page, live_server, "chief_pwr", PASSWORD)
        _check_board(page, live_server, published)
        screenshot(page, "evaluation-board-390")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"the page scrolls sideways at 390 px ({width} px wide)"
        assert page.is_visible('[data-testid="total-PWR"]')
    finally:
        context.close()
