"""A text search reads the matching ids once (one table scan) and the page's rows by id: the
count, the order and the pages stay those of the plain list, also for a chain chief."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from chainchief.accounts.models import Role
from tests.factories import ChainFactory, EnterpriseFactory, assign, make_user

pytestmark = pytest.mark.django_db

URL = reverse("enterprises:list")


@pytest.fixture
def chain():
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    for i in range(60):
        e = EnterpriseFactory(name=f"衡阳华盛{i:02d}电气有限公司", main_products="变压器")
        e.chains.add(chain)
    EnterpriseFactory(name="衡阳华盛外链有限公司")  # matches, but on no chain
    EnterpriseFactory(name="湘潭其他有限公司", main_products="华盛牌电缆")  # matches by product
    cache.clear()
    return chain


def names(response) -> list[str]:
    return re.findall(
        r"衡阳华盛\d\d电气有限公司|衡阳华盛外链有限公司|湘潭其他有限公司", response.text
    )


def test_the_second_page_of_a_search_follows_the_name_order(client, chain):
    client.force_login(make_user(Role.CHAIN_OFFICE))

    first = client.get(URL, {"q": "华盛"})
    second = client.get(URL, {"q": "华盛", "page": 2})

    assert first.status_code == second.status_code == 200
    shown = names(first) + names(second)
    assert len(set(shown)) == 62 and "湘潭其他有限公司" in shown
    assert names(first) == sorted(names(first)) and len(set(names(first))) == 50
    assert "62" in first.text  # the count of matches


def test_a_chain_chief_searches_only_their_chains(client, chain):
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, chain)
    client.force_login(chief)

    shown = names(client.get(URL, {"q": "华盛", "page": 2}))

    assert len(set(shown)) == 10 and "衡阳华盛外链有限公司" not in shown
