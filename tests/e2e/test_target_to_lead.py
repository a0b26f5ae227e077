"""The core loop in a real browser: from a chain's gap, pick a target of the national graph,
turn it into a lead, move it to signed; the chain's funnel and the cockpit show it."""

from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier
from chainchief.knowledge.importer import import_graph
from chainchief.knowledge.loader import clear_index
from tests.e2e.conftest import login, screenshot, url
from tests.factories import PASSWORD, ChainFactory, EnterpriseFactory, SegmentFactory, make_user
from tests.knowledge.conftest import MINI

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def city():
    """A transformer chain with a weak 变压器 segment (one local maker) and the mini graph."""
    import_graph(MINI, progress=False)
    clear_index()
    chain = ChainFactory(code="TRANS", name="输变电装备产业链")
    SegmentFactory(chain=chain, stage="upstream", name="铁芯", terms=["铁芯"], sort=1)
    SegmentFactory(chain=chain, stage="upstream", name="铜材", terms=["铜线"], sort=2)
    transformer = SegmentFactory(
        chain=chain, stage="midstream", name="变压器", terms=["变压器"], sort=3
    )
    month = datetime.date.today().replace(day=1)
    for name, products, output in (
        ("衡阳变压器有限公司", "变压器", 10000),
        ("衡阳铁芯有限公司", "铁芯", 800),
    ):
        enterprise = EnterpriseFactory(name=name, main_products=products)
        enterprise.chains.add(chain)
        MonthlyIndicator.objects.create(enterprise=enterprise, month=month, output_value=output)
        if products == "变压器":
            EnterpriseTier.objects.create(enterprise=enterprise, tier=Tier.ANCHOR, chain=chain)
    make_user(Role.CHAIN_OFFICE, username="office_e2e")
    yield {"chain": chain, "transformer": transformer}
    clear_index()


def test_a_target_becomes_a_signed_project(page, live_server, city):
    login(page, live_server, "office_e2e", PASSWORD)

    # The chain's 招商目标 section loads the analysis after itself: gaps, then the targets.
    page.goto(url(live_server, "/chains/TRANS/targets/"))
    weak = page.get_by_test_id("kg-weak")
    weak.get_by_text("中游·变压器").wait_for()
    assert "本地仅 1 家企业" in weak.inner_text()
    page.get_by_test_id("kg-target").first.wait_for()

    # Only the 变压器 gap: the list is re-rendered in place.
    page.get_by_test_id("kg-filter-segment").select_option(str(city["transformer"].pk))
    page.get_by_test_id("kg-filter-submit").click()
    row = page.get_by_test_id("kg-target").filter(has_text="三变科技")
    row.get_by_text("可补中游·变压器 弱链").wait_for()
    page.get_by_test_id("kg-target").filter(has_text="铜陵有色").wait_for(state="detached")
    screenshot(page, "target-to-lead-1-targets")

    # The filters are in the URL: a reload (or a shared link) shows the same list.
    assert f"segment={city['transformer'].pk}" in page.url
    page.reload()
    assert page.get_by_test_id("kg-filter-segment").input_value() == str(city["transformer"].pk)
    row = page.get_by_test_id("kg-target").filter(has_text="三变科技")
    row.get_by_text("可补中游·变压器 弱链").wait_for()

    with page.expect_navigation(url="**/projects/*/"):
        row.get_by_test_id("kg-target-to-lead-button").click()
    assert page.get_by_test_id("project-stage").inner_text() == "线索"
    assert "主营 干式变压器 占收入 70%" in page.get_by_test_id("target-reasons").inner_text()
    project_url = page.url

    for stage, label in (("negotiating", "洽谈"), ("signed", "签约")):
        page.get_by_test_id("move-stage").select_option(stage)
        # The date input comes up empty (projects' MoveForm renders 2026/11/27, which a
        # type=date input rejects), so fill it as a user would.
        page.locator('#move-form input[name="moved_on"]').fill(datetime.date.today().isoformat())
        if stage == "signed":  # signing needs its amount
            page.get_by_test_id("move-signed-amount").fill("1.2亿元")
        page.get_by_test_id("move-note").fill(f"推进到{label}")
        with page.expect_navigation():
            page.get_by_test_id("move-submit").click()
        page.get_by_test_id("project-stage").filter(has_text=label).wait_for()
    assert page.url == project_url
    screenshot(page, "target-to-lead-2-signed")

    # The chain's funnel counts it as signed.
    page.goto(url(live_server, "/projects/funnel/?chain=TRANS"))
    assert page.get_by_test_id("funnel-count-signed").inner_text() == "1"
    assert page.get_by_test_id("total-signed").inner_text() == "1"

    # The cockpit's project panel shows it on the chain's row.
    page.goto(url(live_server, "/"))
    cockpit_row = page.locator('[data-testid="cockpit-project-row"][data-chain="TRANS"]')
    assert cockpit_row.get_by_test_id("cockpit-signed").inner_text() == "1"

    # Back on the chain page the target shows its lead's stage instead of the button.
    page.goto(url(live_server, "/chains/TRANS/targets/"))
    page.get_by_test_id("kg-filter-segment").wait_for()
    lead = (
        page.get_by_test_id("kg-target")
        .filter(has_text="三变科技")
        .get_by_test_id("kg-target-lead")
    )
    lead.wait_for()
    assert lead.inner_text() == "签约"
    screenshot(page, "target-to-lead-3-chain")


def test_on_a_phone_a_target_is_marked_irrelevant_with_a_reason(browser, live_server, city):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        login(page, live_server, "office_e2e", PASSWORD)
        page.goto(
            url(live_server, f"/knowledge/chains/TRANS/targets/?segment={city['transformer'].pk}")
        )
        row = page.get_by_test_id("kg-target").filter(has_text="三变科技")
        row.get_by_test_id("kg-target-confidence").wait_for()
        # The table scrolls inside itself: the page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 392
        row.get_by_test_id("kg-target-mark").locator("summary").click()
        row.locator('input[name="reason"]').fill("只做小型干式变压器")
        with page.expect_navigation():
            row.get_by_test_id("kg-target-mark-button").click()
        page.get_by_test_id("kg-target").first.wait_for()
        assert page.get_by_test_id("kg-target").filter(has_text="三变科技").count() == 0
        page.goto(url(live_server, "/knowledge/chains/TRANS/marks/"))
        assert "只做小型干式变压器" in page.get_by_test_id("kg-marks").inner_text()
        screenshot(page, "target-to-lead-4-marked-phone")
    finally:
        context.close()
