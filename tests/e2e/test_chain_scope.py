"""A chain chief, in a real browser, sees only the own chain: list, detail and cockpit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.models import MonthlyIndicator
from tests.e2e.conftest import login, screenshot, url
from tests.factories import (
    PASSWORD,
    ChainFactory,
    EnterpriseFactory,
    SegmentFactory,
    assign,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OWN, OTHER = "输变电装备产业链", "生物医药产业链"


@pytest.fixture
def city():
    own = ChainFactory(code="PWR", name=OWN)
    other = ChainFactory(code="BIO", name=OTHER)
    for chain, stage_names in ((own, ["变压器", "开关设备"]), (other, ["原料药", "医疗器械"])):
        for name in stage_names:
            SegmentFactory(chain=chain, name=name, terms=[name])
    today = datetime.date.today()
    for chain, prefix in ((own, "衡阳电气"), (other, "衡阳药业")):
        for i in range(3):
            enterprise = EnterpriseFactory(name=f"{prefix}{i}有限公司")
            enterprise.chains.add(chain)
            enterprise.segments.add(chain.segments.first())
            for back in range(14):
                index = today.year * 12 + today.month - 1 - back
                MonthlyIndicator.objects.create(
                    enterprise=enterprise,
                    month=datetime.date(index // 12, index % 12 + 1, 1),
                    output_value=Decimal(1000 + 100 * i + back),
                    revenue=Decimal(900 + 100 * i),
                    tax=Decimal(50),
                    employees=100,
                )
    chief = make_user(Role.CHAIN_CHIEF, username="chief_e2e")
    assign(chief, own, "chief")
    return {"own": own, "other": other, "chief": chief}


def test_chain_chief_sees_only_own_chain(page, live_server, city):
    login(page, live_server, "chief_e2e", PASSWORD)

    # The cockpit (the home page after log-in) lists the own chain only.
    assert page.url.rstrip("/") == live_server.url.rstrip("/")
    cockpit = page.locator("main, body").first.inner_text()
    assert OWN in cockpit
    assert OTHER not in cockpit
    # htmx and ECharts are served locally and the cockpit chart renders.
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.echarts") == "object"
    page.wait_for_selector(".chart canvas, .chart svg")
    screenshot(page, "cockpit")

    # The chain list shows the own chain and not the other.
    page.goto(url(live_server, "/chains/"))
    rows = page.locator("#chain-list tbody tr[data-chain]")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-chain") == "PWR"
    listing = page.locator("#chain-list").inner_text()
    assert OWN in listing and OTHER not in listing

    # The own chain's page opens, with its map.
    page.click(f"text={OWN}")
    page.wait_for_url("**/chains/PWR/")
    assert OWN in page.content()
    page.wait_for_selector(".chart canvas, .chart svg")
    screenshot(page, "chain")

    # The other chain's page is refused, and shows none of its data.
    response = page.goto(url(live_server, "/chains/BIO/"))
    assert response is not None and response.status in (403, 404)
    assert "原料药" not in page.content()
