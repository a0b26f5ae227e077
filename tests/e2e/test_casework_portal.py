"""The portal in a real browser: an enterprise contact raises a problem on a phone-sized
screen; the handler answers; the contact rates it 不满意; the office reopens it; the
statistics change."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import services
from chainchief.casework.models import Case, State
from tests.e2e.conftest import login, screenshot, url
from tests.factories import PASSWORD, make_scoped_city

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_problem_goes_from_the_phone_to_reopening(browser, live_server):
    city = make_scoped_city()
    users = city.users
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = phone.new_page()

    # The contact raises a problem on a phone-sized screen.
    login(page, live_server, users[Role.ENTERPRISE_CONTACT].username, PASSWORD)
    page.goto(url(live_server, "/cases/new/"))
    assert _fits_the_screen(page)
    page.select_option("select[name=category]", "skills")
    page.fill("input[name=title]", "急需焊工")
    page.fill("textarea[name=text]", "扩产需新增 50 名焊工，本地招不到")
    with page.expect_navigation():
        page.click('[data-testid="raise-submit"]')
    assert "已提交，编号" in page.inner_text("main")
    assert _fits_the_screen(page)
    screenshot(page, "casework-raised-390")
    case = Case.objects.get()
    assert case.state == State.PENDING and case.enterprise == city.own_enterprise

    # The office assigns it; the handler signs for it and answers on the desktop.
    office, handler = users[Role.CHAIN_OFFICE], users[Role.DEPARTMENT_HANDLER]
    case = services.transition(
        case=case, action="assign", by=office, version=case.version,
        lead_department=handler.department,
    )  # fmt: skip
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    hp = desk.new_page()
    login(hp, live_server, handler.username, PASSWORD)
    hp.goto(url(live_server, f"/cases/{case.pk}/"))
    with hp.expect_navigation():
        hp.click('[data-testid="do-start"]')
    hp.fill('[data-testid="comment-answer"]', "已组织专场招聘会，推荐焊工 56 名")
    with hp.expect_navigation():
        hp.click('[data-testid="do-answer"]')
    assert hp.inner_text('[data-testid="case-state"]') == "已答复"

    # The contact rates it 不满意 on the phone.
    page.goto(url(live_server, f"/cases/{case.pk}/"))
    assert "已组织专场招聘会" in page.inner_text('[data-testid="case-answer"]')
    page.check('[data-testid="rating-unsatisfied"]')
    page.fill('[data-testid="comment-rate"]', "推荐的人技能等级不够")
    with page.expect_navigation():
        page.click('[data-testid="do-rate"]')
    assert "不满意" in page.inner_text('[data-testid="case-rating"]')
    assert _fits_the_screen(page)

    # The office sees the reopening rate at 0, reopens the case, and the figure changes.
    office_desk = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    op = office_desk.new_page()
    login(op, live_server, office.username, PASSWORD)
    op.goto(url(live_server, "/cases/stats/"))
    assert op.inner_text('[data-testid="stat-reopen"]') == "0.0%"
    op.goto(url(live_server, f"/cases/{case.pk}/"))
    op.fill('[data-testid="comment-reopen"]', "请按企业所需技能等级重新推荐")
    with op.expect_navigation():
        op.click('[data-testid="do-reopen"]')
    assert op.inner_text('[data-testid="case-state"]') == "办理中"
    op.goto(url(live_server, "/cases/stats/"))
    assert op.inner_text('[data-testid="stat-reopen"]') == "100.0%"
    screenshot(op, "casework-stats")
    for context in (phone, desk, office_desk):
        context.close()
