"""At 390 px every page is usable: the navigation collapses into a menu button, the page never
scrolls sideways (wide tables scroll inside themselves), charts fit the screen, stage badges
stay on one line, and no page logs a console error (the favicon included)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.models import MonthlyIndicator
from chainchief.projects.models import Project
from tests.e2e.conftest import login, screenshot, url
from tests.factories import (
    PASSWORD,
    ChainFactory,
    EnterpriseFactory,
    GoalFactory,
    SegmentFactory,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def build_city() -> dict:
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    segment = SegmentFactory(chain=chain, name="变压器", terms=["油浸式变压器", "干式变压器"])
    SegmentFactory(chain=chain, name="开关设备", stage="upstream")
    today = datetime.date.today()
    for i in range(4):
        enterprise = EnterpriseFactory(name=f"衡阳电气设备制造股份有限公司{i}号")
        enterprise.chains.add(chain)
        enterprise.segments.add(segment)
        for back in range(13):
            index = today.year * 12 + today.month - 1 - back
            MonthlyIndicator.objects.create(
                enterprise=enterprise,
                month=datetime.date(index // 12, index % 12 + 1, 1),
                output_value=Decimal(2000 + back),
                revenue=Decimal(1800),
                tax=Decimal(90),
                employees=120,
            )
    GoalFactory(chain=chain, indicator="规上工业总产值", unit="亿元", year=today.year)
    project = Project.objects.create(
        name="特高压变压器智能制造扩产项目（二期）",
        chain=chain,
        stage="in_production",
        planned_investment=Decimal(120000),
    )
    make_user(Role.CHAIN_OFFICE, username="office_e2e")
    return {"chain": chain, "project": project}


@pytest.fixture
def city():
    return build_city()


def pages(city) -> list[tuple[str, str]]:
    return [
        ("cockpit", "/"),
        ("chain", "/chains/PWR/"),
        ("chain-map", "/chains/PWR/map/"),
        ("chain-organisation", "/chains/PWR/organisation/"),
        ("enterprises", "/enterprises/"),
        ("projects", "/projects/"),
        ("project", f"/projects/{city['project'].pk}/"),
        ("settings", "/settings/departments/"),
    ]


def test_every_page_fits_a_phone(browser, live_server, city):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda exc: problems.append(f"error: {exc}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"),
    )
    try:
        login(page, live_server, "office_e2e", PASSWORD)
        for name, path in pages(city):
            page.goto(url(live_server, path))
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} scrolls sideways ({width} px)"
            assert not page.locator("aside.sidenav").is_visible(), path
            for box in page.locator(".chart").all():
                b = box.bounding_box()
                assert b and 200 <= b["width"] <= PHONE["width"], f"chart on {path}: {b}"
            screenshot(page, f"phone-{name}")
        # The menu button opens the navigation.
        page.goto(url(live_server, "/"))
        page.click("[data-menu-toggle]")
        assert page.locator("aside.sidenav").is_visible()
        page.click("#sidenav >> text=产业链")
        page.wait_for_url("**/chains/")
    finally:
        context.close()
    assert not problems, problems


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1400, "height": 900}])
def test_stage_badges_stay_on_one_line(browser, live_server, city, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    try:
        login(page, live_server, "office_e2e", PASSWORD)
        for path in ("/projects/", f"/projects/{city['project'].pk}/"):
            page.goto(url(live_server, path))
            badges = page.locator("[data-testid=project-stage], .badge")
            assert badges.count() > 0, path
            for i in range(badges.count()):
                badge = badges.nth(i)
                if not badge.is_visible():
                    continue
                lines = badge.evaluate("el => el.getClientRects().length")
                height = badge.bounding_box()["height"]
                assert lines == 1 and height < 30, f"{path}: {badge.inner_text()} {height}"
    finally:
        context.close()
