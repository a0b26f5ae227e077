"""The cockpit (驾驶舱): per chain the enterprise count, anchors, output from January to the
latest month with data against the same months last year, and growth; scoped to the user."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain
from chainchief.enterprises.models import MonthlyIndicator, Tier
from chainchief.web.selectors import chain_figures
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    IndicatorFactory,
    TierFactory,
    assign,
    make_user,
    populate_enterprises,
)

pytestmark = pytest.mark.django_db
URL = reverse("web:cockpit")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The figures are cached per data version; start every test without another test's sums.
    cache.clear()
    yield
    cache.clear()


def _m(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def _series(enterprise, year: int, months: range, value: str) -> None:
    for month in months:
        IndicatorFactory(enterprise=enterprise, month=_m(year, month), output_value=Decimal(value))


@pytest.fixture
def city():
    """PWR: A (anchor), B and D; BIO: C and D. Latest month with data: 2026-03."""
    pwr = ChainFactory(code="PWR", name="输变电装备产业链", sort=1)
    bio = ChainFactory(code="BIO", name="生物医药产业链", sort=2)
    ChainFactory(code="DRAFT", name="草稿产业链", status=Chain.Status.DRAFT, sort=3)
    a, b, c, d = (EnterpriseFactory(name=n) for n in ("甲公司", "乙公司", "丙公司", "丁公司"))
    a.chains.add(pwr)
    b.chains.add(pwr)
    c.chains.add(bio)
    d.chains.add(pwr, bio)
    TierFactory(enterprise=a, tier=Tier.ANCHOR, chain=pwr)
    TierFactory(enterprise=b, tier=Tier.HIGH_TECH)
    _series(a, 2026, range(1, 4), "100")  # 300 this year
    _series(a, 2025, range(1, 4), "80")  # 240 same period last year
    _series(a, 2025, range(4, 5), "999")  # after the same period: not counted
    _series(a, 2025, range(12, 13), "500")  # neither period
    _series(b, 2026, range(1, 4), "50")  # 150
    _series(b, 2025, range(1, 4), "60")  # 180
    _series(c, 2026, range(1, 3), "200")  # 400
    _series(c, 2025, range(1, 4), "100")  # 300
    _series(d, 2026, range(1, 2), "10")  # 10, on both chains
    return {"pwr": pwr, "bio": bio, "a": a, "d": d}


def _by_code(figures) -> dict:
    return {f.chain.code: f for f in figures}


def test_figures_per_chain_are_computed_from_january_to_the_latest_month(city):
    figures, latest = chain_figures(make_user(Role.CHAIN_OFFICE))
    assert latest == _m(2026, 3)
    assert [f.chain.code for f in figures] == ["PWR", "BIO"]
    pwr, bio = _by_code(figures)["PWR"], _by_code(figures)["BIO"]
    assert (pwr.enterprises, pwr.anchors, pwr.output_ytd, pwr.output_last_ytd) == (
        3,
        1,
        Decimal(460),
        Decimal(420),
    )
    assert pwr.growth == pytest.approx(40 / 420)
    assert (bio.enterprises, bio.anchors, bio.output_ytd, bio.output_last_ytd) == (
        2,
        0,
        Decimal(410),
        Decimal(300),
    )
    assert bio.growth == pytest.approx(110 / 300)


def test_a_chain_without_last_years_data_has_no_growth(city):
    other = ChainFactory(code="NEW", name="新链")
    e = EnterpriseFactory()
    e.chains.add(other)
    _series(e, 2026, range(1, 3), "70")
    new = _by_code(chain_figures(make_user(Role.CHAIN_OFFICE))[0])["NEW"]
    assert (new.output_ytd, new.output_last_ytd, new.growth) == (Decimal(140), Decimal(0), None)


def test_the_page_shows_the_rows_and_the_chart(client, city):
    client.force_login(make_user(Role.GENERAL_CHIEF))
    response = client.get(URL)
    text = response.content.decode()
    assert "数据截至 2026 年 3 月" in text
    assert 'data-chain="PWR"' in text and 'data-chain="BIO"' in text
    assert "DRAFT" not in [f.chain.code for f in response.context["figures"]]
    assert "+9.5%" in text  # PWR growth
    assert "+36.7%" in text  # BIO growth
    option = response.context["chart_option"]
    assert option["xAxis"]["data"] == ["输变电装备产业链", "生物医药产业链"]
    assert option["series"][0]["data"] == [0.05, 0.04]  # 亿元
    assert option["_links"]["生物医药产业链"] == "/chains/BIO/"


def test_a_chain_chief_sees_only_the_own_chain(client, city):
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, city["bio"])
    client.force_login(chief)
    response = client.get(URL)
    # A chief of one chain gets that chain's cockpit.
    assert response.context["chain"].code == "BIO"
    assert response.context["figures"]["enterprises"] == 2
    assert response.context["figures"]["output_ytd"] == Decimal(410)
    assert "输变电装备产业链" not in response.content.decode()


def test_a_user_without_chains_sees_the_empty_message(client, city):
    client.force_login(make_user(Role.CHAIN_CHIEF))
    response = client.get(URL)
    assert response.context["figures"] == []
    assert "没有可查看的产业链" in response.content.decode()


def test_an_enterprise_contact_goes_to_the_own_enterprise(client, city):
    client.force_login(make_user(Role.ENTERPRISE_CONTACT, enterprise=city["a"]))
    response = client.get(URL)
    assert response.url == reverse("enterprises:detail", args=[city["a"].pk])


def test_an_enterprise_contact_without_an_enterprise_is_refused(client):
    client.force_login(make_user(Role.ENTERPRISE_CONTACT))
    assert client.get(URL).status_code == 403


def test_an_empty_city_has_no_latest_month(client):
    ChainFactory()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    response = client.get(URL)
    assert response.context["latest"] is None
    assert response.context["growth"] is None


def test_the_totals_count_an_enterprise_on_two_chains_once(client, city):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    totals = client.get(URL).context["totals"]
    assert totals["enterprises"] == 4
    assert totals["output_ytd"] == Decimal(860)


def test_a_corrected_indicator_shows_at_once(client, city):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    client.get(URL)
    # Corrected the way the app does it (a form or an import), which the change log sees.
    row = MonthlyIndicator.objects.get(enterprise=city["a"], month=_m(2026, 3))
    row.output_value = Decimal(1100)
    row.save()
    figures = _by_code(client.get(URL).context["figures"])
    assert figures["PWR"].output_ytd == Decimal(1460)


def test_the_cockpit_queries_do_not_grow_with_rows(client):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    chains = [ChainFactory() for _ in range(2)]
    populate_enterprises(chains, 5)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    chains += [ChainFactory() for _ in range(6)]
    populate_enterprises(chains, 35)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["figures"]) == 8
    assert len(many) == len(few)


def test_a_chiefs_cockpit_queries_do_not_grow_with_rows(client):
    chief = make_user(Role.CHAIN_CHIEF)
    client.force_login(chief)
    chains = [ChainFactory() for _ in range(3)]
    assign(chief, chains[0])
    assign(chief, chains[1])
    populate_enterprises(chains, 5)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    populate_enterprises(chains, 35)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_a_cached_cockpit_shows_a_change_at_once(client, city):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    first = client.get(URL).content.decode()
    again = client.get(URL)
    assert again.context is None or "figures" not in again.context  # served from the cache
    assert again.content.decode().count("输变电装备") == first.count("输变电装备")
    row = MonthlyIndicator.objects.get(enterprise=city["a"], month=_m(2026, 3))
    row.output_value = Decimal(1100)
    row.save()
    figures = _by_code(client.get(URL).context["figures"])
    assert figures["PWR"].output_ytd == Decimal(1460)
