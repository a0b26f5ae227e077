"""The audit walk in a real browser: the auditor records a finding → the unit files its plan
and reports progress with evidence → the auditor confirms, reviews and closes it (对账销号) →
the ledger shows it closed; and the ledger at phone width."""

from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import Role
from chainchief.audit import services
from chainchief.audit.defaults import load_defaults
from chainchief.audit.models import EarlyWarningRule, Finding, FindingCategory
from chainchief.projects.models import Project
from tests.e2e.conftest import CHROMIUM_ARGS, TIMEOUT_MS, login, screenshot, url  # noqa: F401
from tests.factories import PASSWORD, ChainFactory, DepartmentFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setup():
    load_defaults(FindingCategory, EarlyWarningRule)
    unit = DepartmentFactory(name="市住建局")
    auditor = make_user(Role.AUDITOR, "auditor_e2e")
    make_user(Role.DEPARTMENT_HANDLER, "unit_e2e", department=unit)
    chain = ChainFactory(code="PWR", name="输变电装备")
    project = Project.objects.create(chain=chain, name="变压器扩产项目", department=unit)
    audit = services.create_audit(
        by=auditor, year=2026, name="重点项目投资审计", kind="investment",
        focus_area="investment", units=[unit], projects=[project],
        notice_on=datetime.date(2026, 3, 1),
    )  # fmt: skip
    return {"audit": audit, "unit": unit}


def _second_page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1400, "height": 900})  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def test_a_finding_is_recorded_rectified_reviewed_and_closed(page, browser, live_server, setup,
                                                             tmp_path, settings):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    audit = setup["audit"]
    login(page, live_server, "auditor_e2e", PASSWORD)
    page.goto(url(live_server, f"/audit/audits/{audit.pk}/"))
    page.fill('[data-testid="finding-summary"]', "项目未取得施工许可即开工")
    page.select_option('[data-testid="finding-category"]', label="项目投资 · 未批先建")
    page.fill('[data-testid="finding-amount"]', "120")
    page.select_option('[data-testid="finding-unit"]', label="市住建局")
    with page.expect_navigation():
        page.click('[data-testid="finding-submit"]')
    assert "待报整改方案" in page.inner_text('[data-testid="rect-state"]')
    finding = Finding.objects.get()
    finding_url = url(live_server, f"/audit/findings/{finding.pk}/")

    context, unit_page = _second_page(browser)
    try:
        login(unit_page, live_server, "unit_e2e", PASSWORD)
        unit_page.goto(finding_url)
        due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
        unit_page.select_option('[data-testid="plan-kind"]', "immediate")
        unit_page.fill('[data-testid="plan-measures"]', "补办施工许可，完善前期管理制度")
        unit_page.fill('[data-testid="plan-person"]', "李工")
        unit_page.fill('[data-testid="plan-due"]', due)
        with unit_page.expect_navigation():
            unit_page.click('[data-testid="plan-submit"]')
        evidence = tmp_path / "施工许可证.pdf"
        evidence.write_bytes(b"%PDF-1.4 demo")
        unit_page.fill('[data-testid="progress-text"]', "已补办施工许可证")
        unit_page.fill('[data-testid="progress-money"]', "30")
        unit_page.set_input_files('[data-testid="progress-files"]', str(evidence))
        with unit_page.expect_navigation():
            unit_page.click('[data-testid="progress-submit"]')
        assert "施工许可证.pdf" in unit_page.inner_text('[data-testid="progress-list"]')

        page.goto(finding_url)
        with page.expect_navigation():
            page.click('[data-testid="confirm-accept"]')
        assert "整改中" in page.inner_text('[data-testid="rect-state"]')

        unit_page.goto(finding_url)
        unit_page.once("dialog", lambda d: d.accept())
        with unit_page.expect_navigation():
            unit_page.click('[data-testid="rect-submit"]')
        assert "待认定" in unit_page.inner_text('[data-testid="rect-state"]')
    finally:
        context.close()

    page.goto(finding_url)
    page.select_option('[data-testid="review-outcome"]', "done")
    page.fill('[data-testid="review-record"]', "核对施工许可证和缴款凭证30万元")
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click('[data-testid="review-submit"]')
    assert "已销号" in page.inner_text('[data-testid="rect-state"]')
    assert "对账销号" in page.inner_text('[data-testid="closing-record"]')

    page.goto(url(live_server, "/audit/ledger/"))
    row = page.locator('[data-testid="ledger-row"]').first
    assert "已销号" in row.inner_text()
    screenshot(page, "audit-ledger")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url(live_server, "/audit/ledger/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    page.goto(finding_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
