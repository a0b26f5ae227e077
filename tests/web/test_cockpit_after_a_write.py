"""The cockpits are rendered once per data version and read the indicator summary: a month
saved through the service shows on the next request, for the chain chief and the office."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.cache import cache

from chainchief.accounts.models import Role
from chainchief.enterprises import services
from tests.factories import ChainFactory, EnterpriseFactory, assign, make_user

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 3, 1)


@pytest.fixture
def enterprise():
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    e = EnterpriseFactory(name="甲公司")
    e.chains.add(chain)
    cache.clear()
    return e


def trend_output(response) -> list:
    raw = re.search(
        r'<script id="chain-trend" type="application/json">(.*?)</script>', response.text
    )
    return json.loads(raw.group(1))["series"][0]["data"]


def test_the_chief_cockpit_shows_a_month_saved_after_it_was_rendered(client, enterprise):
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, enterprise.chains.get())
    client.force_login(chief)
    office = make_user(Role.CHAIN_OFFICE)
    services.save_indicator(enterprise=enterprise, by=office, month=MONTH, output_value="10000")
    assert trend_output(client.get("/"))[-1] == 1.0  # 1 亿元

    services.save_indicator(enterprise=enterprise, by=office, month=MONTH, output_value="25000")

    assert trend_output(client.get("/"))[-1] == 2.5


def test_the_office_cockpit_shows_a_month_saved_after_it_was_rendered(client, enterprise):
    office = make_user(Role.CHAIN_OFFICE)
    client.force_login(office)
    services.save_indicator(enterprise=enterprise, by=office, month=MONTH, output_value="10000")
    assert "1.00" in client.get("/").text

    services.save_indicator(enterprise=enterprise, by=office, month=MONTH, output_value="35000")

    page = client.get("/").text
    assert "3.50" in page and "1.00" not in page
