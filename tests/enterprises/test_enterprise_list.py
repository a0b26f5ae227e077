"""The enterprise library list: search, filters, sorting, pagination, the .xlsx export, and a
number of queries that does not grow with the rows."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from chainchief.accounts.models import Role
from chainchief.enterprises.models import Tier
from tests.factories import (
    ALL_ROLES,
    ChainFactory,
    DistrictFactory,
    EnterpriseFactory,
    IndicatorFactory,
    ParkFactory,
    SegmentFactory,
    TierFactory,
    make_scoped_city,
    make_user,
    populate_enterprises,
)

pytestmark = pytest.mark.django_db

URL = reverse("enterprises:list")


@pytest.fixture
def office(client):
    user = make_user(Role.CHAIN_OFFICE)
    client.force_login(user)
    return user


@pytest.fixture
def library():
    """Three enterprises that differ in every filter."""
    pwr = ChainFactory(code="PWR", name="输变电装备产业链")
    bio = ChainFactory(code="BIO", name="生物医药产业链")
    trafo = SegmentFactory(chain=pwr, name="变压器")
    cable = SegmentFactory(chain=pwr, name="电线电缆")
    shigu = DistrictFactory(code="430407", name="石鼓区")
    zhengxiang = DistrictFactory(code="430408", name="蒸湘区")
    park = ParkFactory(name="衡阳高新区", district=zhengxiang)
    a = EnterpriseFactory(
        name="衡阳变压器有限公司", district=zhengxiang, park=park, main_products="电力变压器"
    )
    a.chains.add(pwr)
    a.segments.add(trafo)
    TierFactory(enterprise=a, tier=Tier.ANCHOR, chain=pwr)
    b = EnterpriseFactory(name="衡阳线缆有限公司", district=shigu, main_products="电力电缆、光缆")
    b.chains.add(pwr)
    b.segments.add(cable)
    TierFactory(enterprise=b, tier=Tier.LITTLE_GIANT)
    c = EnterpriseFactory(name="衡阳制药有限公司", district=shigu, main_products="原料药")
    c.chains.add(bio)
    for month in (datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)):
        IndicatorFactory(enterprise=a, month=month, output_value=Decimal("3000"))
        IndicatorFactory(enterprise=b, month=month, output_value=Decimal("500"))
        IndicatorFactory(enterprise=c, month=month, output_value=Decimal("1200"))
    return {"a": a, "b": b, "c": c, "trafo": trafo, "park": park}


def _names(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [e.name for e in response.context["page"]]


def test_it_lists_every_enterprise_by_name(client, office, library):
    names = _names(client)
    assert names == sorted(names)
    assert len(names) == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "线缆"}, {"衡阳线缆有限公司"}),
        ({"q": "原料药"}, {"衡阳制药有限公司"}),
        ({"chain": "PWR"}, {"衡阳变压器有限公司", "衡阳线缆有限公司"}),
        ({"tier": "anchor"}, {"衡阳变压器有限公司"}),
        ({"tier": "little_giant"}, {"衡阳线缆有限公司"}),
        ({"district": "430407"}, {"衡阳线缆有限公司", "衡阳制药有限公司"}),
        ({"chain": "PWR", "district": "430407"}, {"衡阳线缆有限公司"}),
        ({"q": "没有这家"}, set()),
    ],
)
def test_it_filters(client, office, library, params, expected):
    assert set(_names(client, **params)) == expected


def test_it_searches_by_credit_code_in_lower_case(client, office, library):
    assert _names(client, q=library["b"].credit_code.lower()) == ["衡阳线缆有限公司"]


def test_it_filters_by_segment_and_park(client, office, library):
    assert _names(client, segment=library["trafo"].pk) == ["衡阳变压器有限公司"]
    assert _names(client, park=library["park"].pk) == ["衡阳变压器有限公司"]


def test_it_sorts_by_output_of_the_last_twelve_months(client, office, library):
    assert _names(client, sort="-output") == [
        "衡阳变压器有限公司",
        "衡阳制药有限公司",
        "衡阳线缆有限公司",
    ]
    assert _names(client, sort="output") == [
        "衡阳线缆有限公司",
        "衡阳制药有限公司",
        "衡阳变压器有限公司",
    ]
    cache.clear()  # the same list again would come from the fragment cache, without a context
    page = client.get(URL, {"sort": "-output"}).context["page"]
    assert page[0].output_12m == Decimal("6000")


def test_an_unknown_sort_falls_back_to_name(client, office, library):
    response = client.get(URL, {"sort": "drop table"})
    assert response.context["f"].sort == "name"


def test_it_paginates_by_fifty(client, office):
    chain = ChainFactory()
    for i in range(51):
        EnterpriseFactory(name=f"企业{i:03d}").chains.add(chain)
    first = client.get(URL).context["page"]
    assert (len(first), first.paginator.count, first.paginator.num_pages) == (50, 51, 2)
    second = client.get(URL, {"page": 2}).context["page"]
    assert [e.name for e in second] == ["企业050"]


def _export(client, **params) -> list[list]:
    response = client.get(reverse("enterprises:export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_export_holds_the_filtered_rows(client, office, library):
    rows = _export(client, chain="PWR")
    header, body = rows[0], rows[1:]
    name = header.index("企业名称*")
    assert sorted(r[name] for r in body) == ["衡阳变压器有限公司", "衡阳线缆有限公司"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_export_holds_only_rows_in_scope(client, role):
    city = make_scoped_city()
    client.force_login(city.users[role])
    rows = _export(client)
    name = rows[0].index("企业名称*")
    names = {r[name] for r in rows[1:]}
    expected = set()
    if role in (Role.GENERAL_CHIEF, Role.CHAIN_OFFICE, Role.AUDITOR):
        expected = {city.own_enterprise.name, city.other_enterprise.name}
    elif role in (
        Role.CHAIN_CHIEF,
        Role.DEPUTY_DIRECTOR,
        Role.DEPARTMENT_HANDLER,
        Role.ENTERPRISE_CONTACT,
    ):
        expected = {city.own_enterprise.name}
    assert names == expected


def test_the_list_queries_do_not_grow_with_rows(client, office):
    chains = [ChainFactory(), ChainFactory()]
    park = ParkFactory()
    populate_enterprises(chains, 5, park=park)
    client.get(URL)  # the first request after log-in also renews the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"sort": "-output"})
    populate_enterprises(chains, 35, park=park)
    client.get(URL)  # the layout's cached menus follow the data version: warm them again
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"sort": "-output"})
    assert len(response.context["page"]) == 40
    assert len(many) == len(few)


def test_a_chiefs_list_queries_do_not_grow_with_rows(client):
    chains = [ChainFactory(), ChainFactory()]
    chief = make_user(Role.CHAIN_CHIEF)
    from tests.factories import assign

    assign(chief, chains[0])
    client.force_login(chief)
    populate_enterprises(chains, 5)
    client.get(URL)  # the first request after log-in also renews the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"tier": "above_scale"})
    populate_enterprises(chains, 35)
    client.get(URL)  # the layout's cached menus follow the data version: warm them again
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"tier": "above_scale"})
    assert response.context["page"].paginator.count == 21
    assert len(many) == len(few)
