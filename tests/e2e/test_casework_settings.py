"""The workflow's settings in a real browser: the office renames and deactivates a case
category (a used one offers no delete), sets the 红黑榜 size and the statistics page shows that
many departments; the 部门负责人 reads its dashboard on a phone without sideways scrolling."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import services
from chainchief.casework.models import CaseCategory
from tests.e2e.conftest import login, screenshot, url
from tests.factories import PASSWORD, DepartmentFactory, make_scoped_city, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


def _page(browser, viewport):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport)
    context.set_default_timeout(15_000)
    return context.new_page()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _assigned_cases(city, department, n, category="other"):
    office = city.users[Role.CHAIN_OFFICE]
    for i in range(n):
        case = services.create_case(
            by=office, title=f"{department.name}事项{i}", text="设备通关慢",
            chain=city.own, category=category,
        )  # fmt: skip
        services.transition(
            case=case, action="assign", by=office, version=case.version,
            lead_department=department,
        )  # fmt: skip


def test_the_office_renames_and_deactivates_a_used_category(browser, live_server):
    city = make_scoped_city()
    _assigned_cases(city, DepartmentFactory(name="市商务局"), 1, category="logistics")
    used = CaseCategory.objects.get(kind="problem", code="logistics")
    page = _page(browser, DESK)
    login(page, live_server, city.users[Role.CHAIN_OFFICE].username, PASSWORD)
    page.goto(url(live_server, "/settings/cases/categories/"))
    row = page.locator('#category-list tr[data-code="logistics"]')
    assert row.get_by_role("link", name="删除").count() == 0
    unused = page.locator('#category-list tr[data-code="market"]')
    assert unused.locator('[data-testid="category-delete-link"]').count() == 1

    with page.expect_navigation():
        row.get_by_role("link", name="编辑").click()
    page.fill('input[name="name"]', "现代物流")
    page.uncheck('input[name="is_active"]')
    with page.expect_navigation():
        page.click('main button[type="submit"]')
    assert "已保存问题类别“现代物流”" in page.inner_text("main")
    row = page.locator('#category-list tr[data-code="logistics"]')
    assert row.locator("td").nth(1).inner_text() == "现代物流"
    assert "已停用" in row.inner_text()
    used.refresh_from_db()
    assert (used.name, used.is_active) == ("现代物流", False)

    phone = _page(browser, PHONE)
    login(phone, live_server, city.users[Role.CHAIN_OFFICE].username, PASSWORD)
    phone.goto(url(live_server, "/settings/cases/categories/"))
    assert _fits_the_screen(phone)
    screenshot(phone, "case-categories-390")


def test_the_ranking_size_set_by_the_office_shows_on_the_statistics(browser, live_server):
    city = make_scoped_city()
    for i in range(5):
        _assigned_cases(city, DepartmentFactory(name=f"第{i + 1}局"), 3)
    page = _page(browser, DESK)
    login(page, live_server, city.users[Role.CHAIN_OFFICE].username, PASSWORD)
    page.goto(url(live_server, "/cases/stats/"))
    assert page.locator('[data-testid="ranking"] .panel').first.locator("tbody tr").count() == 5

    page.goto(url(live_server, "/settings/cases/ranking/"))
    page.fill('input[name="ranking_top"]', "2")
    with page.expect_navigation():
        page.click('main button[type="submit"]')
    page.goto(url(live_server, "/cases/stats/"))
    red, black = page.locator('[data-testid="ranking"] .panel').all()
    assert "红榜（前 2 名）" in red.inner_text() and "黑榜（后 2 名）" in black.inner_text()
    assert (red.locator("tbody tr").count(), black.locator("tbody tr").count()) == (2, 2)

    phone = _page(browser, PHONE)
    login(phone, live_server, city.users[Role.CHAIN_OFFICE].username, PASSWORD)
    phone.goto(url(live_server, "/settings/cases/ranking/"))
    assert _fits_the_screen(phone)


def test_the_department_head_reads_its_dashboard_on_a_phone(browser, live_server):
    city = make_scoped_city()
    department = city.users[Role.DEPARTMENT_HANDLER].department
    _assigned_cases(city, department, 3)
    _assigned_cases(city, DepartmentFactory(name="市财政局"), 2)
    head = make_user(Role.DEPARTMENT_HEAD, "head_e2e", department=department)
    for viewport in (PHONE, DESK):
        page = _page(browser, viewport)
        login(page, live_server, head.username, PASSWORD)
        page.goto(url(live_server, "/cases/department/"))
        assert department.name in page.inner_text("h1")
        assert page.inner_text('[data-testid="dept-received"]') == "3"
        assert page.inner_text('[data-testid="dept-open"]') == "3"
        assert _fits_the_screen(page)
    screenshot(page, "case-department-head")
