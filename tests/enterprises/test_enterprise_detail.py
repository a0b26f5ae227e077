"""The enterprise page: its tiers, chains, contacts and the indicator trend chart's data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.enterprises.models import MonthlyIndicator, Tier
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    IndicatorFactory,
    TierFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = make_user(Role.CHAIN_OFFICE)
    client.force_login(user)
    return user


def _month(index: int) -> datetime.date:
    return datetime.date(2024 + index // 12, index % 12 + 1, 1)


def test_the_chart_holds_the_last_24_months_in_order(client, office):
    enterprise = EnterpriseFactory()
    for i in range(30):
        IndicatorFactory(
            enterprise=enterprise,
            month=_month(i),
            output_value=Decimal(1000 + i),
            revenue=Decimal(900 + i),
            tax=None,
        )
    response = client.get(reverse("enterprises:detail", args=[enterprise.pk]))
    option = response.context["chart_option"]
    assert option["xAxis"]["data"][0] == "2024-07"
    assert option["xAxis"]["data"][-1] == "2026-06"
    assert len(option["xAxis"]["data"]) == 24
    output, revenue, tax = option["series"]
    assert (output["name"], output["data"][0], output["data"][-1]) == ("产值", 1006.0, 1029.0)
    assert revenue["data"][-1] == 929.0
    assert tax["data"] == [None] * 24
    assert 'id="indicator-chart"' in response.content.decode()


def test_the_table_shows_the_newest_month_first(client, office):
    enterprise = EnterpriseFactory()
    IndicatorFactory(enterprise=enterprise, month=datetime.date(2026, 1, 1))
    IndicatorFactory(enterprise=enterprise, month=datetime.date(2026, 2, 1))
    response = client.get(reverse("enterprises:detail", args=[enterprise.pk]))
    assert [r.month.month for r in response.context["indicators"]] == [2, 1]


def test_the_page_shows_tiers_and_chains(client, office):
    chain = ChainFactory(name="输变电装备产业链")
    enterprise = EnterpriseFactory(name="衡阳变压器有限公司", main_products="电力变压器、互感器")
    enterprise.chains.add(chain)
    TierFactory(enterprise=enterprise, tier=Tier.ANCHOR, chain=chain)
    text = client.get(reverse("enterprises:detail", args=[enterprise.pk])).content.decode()
    for shown in ("衡阳变压器有限公司", "输变电装备产业链", "链主企业", enterprise.credit_code):
        assert shown in text


def test_an_enterprise_with_no_indicators_has_an_empty_chart(client, office):
    enterprise = EnterpriseFactory()
    option = client.get(reverse("enterprises:detail", args=[enterprise.pk])).context["chart_option"]
    assert option["xAxis"]["data"] == []


def test_an_office_adds_an_indicator_and_a_second_one_for_the_month_replaces_it(client, office):
    enterprise = EnterpriseFactory()
    url = reverse("enterprises:child_add", args=[enterprise.pk, "indicator"])
    client.post(
        url, {"month": "2026-03", "output_value": "1200", "revenue": "", "tax": "", "employees": ""}
    )
    client.post(
        url,
        {"month": "2026-03", "output_value": "1300", "revenue": "", "tax": "", "employees": "80"},
    )
    [row] = MonthlyIndicator.objects.filter(enterprise=enterprise)
    assert (row.month, row.output_value, row.employees) == (
        datetime.date(2026, 3, 1),
        Decimal("1300"),
        80,
    )


def test_an_anchor_tier_needs_its_chain(client, office):
    enterprise = EnterpriseFactory()
    url = reverse("enterprises:child_add", args=[enterprise.pk, "tier"])
    response = client.post(url, {"tier": "anchor", "gained_on": "2025-01-01"}, follow=True)
    assert "梯队认定未保存：链主企业须选择所在产业链" in response.content.decode()
    assert not enterprise.tiers.exists()


def test_a_tier_is_given_once(client, office):
    enterprise = EnterpriseFactory()
    TierFactory(enterprise=enterprise, tier=Tier.HIGH_TECH)
    url = reverse("enterprises:child_add", args=[enterprise.pk, "tier"])
    response = client.post(url, {"tier": "high_tech", "gained_on": "2025-01-01"}, follow=True)
    assert "该企业已有此梯队认定" in response.content.decode()
    assert enterprise.tiers.count() == 1


def test_an_unknown_child_kind_is_404(client, office):
    enterprise = EnterpriseFactory()
    assert (
        client.post(reverse("enterprises:child_add", args=[enterprise.pk, "secret"])).status_code
        == 404
    )


def test_a_child_of_another_enterprise_cannot_be_deleted_through_this_one(client, office):
    mine, theirs = EnterpriseFactory(), EnterpriseFactory()
    tier = TierFactory(enterprise=theirs)
    response = client.post(reverse("enterprises:child_delete", args=[mine.pk, "tier", tier.pk]))
    assert response.status_code == 404
    assert theirs.tiers.count() == 1
