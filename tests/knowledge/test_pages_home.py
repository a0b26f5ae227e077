"""The knowledge home (全国产业图谱): stats and import status, product search, product pages,
and the draft-chain proposal (office only)."""

from __future__ import annotations

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain
from tests.factories import ChainFactory, assign, make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office():
    return client_for(make_user(Role.CHAIN_OFFICE))


def test_home_shows_stats_and_the_import_command(mini_graph, office):
    html = office.get("/knowledge/").content.decode()
    assert "已导入" in html and "chainchief kg import ../shared/data/chain-kg" in html
    assert 'data-testid="kg-propose"' in html


def test_home_without_the_graph_says_so(db, office):
    html = office.get("/knowledge/").content.decode()
    assert 'data-testid="kg-not-imported"' in html
    assert "chainchief kg import ../shared/data/chain-kg" in html
    assert 'data-testid="kg-search"' not in html


def test_product_search_lists_matches_with_makers(mini_graph, office):
    html = office.get("/knowledge/", {"q": "变压器"}).content.decode()
    results = html.split('data-testid="kg-search-results"')[1]
    assert "?name=%E5%8F%98%E5%8E%8B%E5%99%A8" in results  # 变压器, linked
    assert "干式变压器" in results


def test_product_page_shows_makers_with_weights_and_neighbours(mini_graph, office):
    response = office.get("/knowledge/products/", {"name": "变压器"})
    html = response.content.decode()
    assert response.status_code == 200
    makers = html.split('data-testid="kg-makers"')[1]
    assert "特变电工" in makers and "%" in makers
    neighbours = html.split('data-testid="kg-neighbours"')[1].split("</dl>")[0]
    assert "上游材料" in neighbours and "铁芯" in neighbours
    assert "产品小类" in neighbours and "干式变压器" in neighbours
    assert office.get("/knowledge/products/", {"name": "不存在的产品"}).status_code == 404


def test_the_office_proposes_a_draft_chain_and_lands_on_it(mini_graph, office):
    response = office.post("/knowledge/propose/", {"product": "变压器"})
    chain = Chain.objects.get()
    assert chain.status == Chain.Status.DRAFT and chain.segments.exists()
    assert response.status_code == 302 and response["Location"] == f"/chains/{chain.code}/"


def test_proposing_an_unknown_product_explains_why(mini_graph, office):
    response = office.post("/knowledge/propose/", {"product": "不存在的产品"}, follow=True)
    assert not Chain.objects.exists()
    assert "不存在的产品" in response.content.decode()


@pytest.mark.parametrize("role", [Role.CHAIN_CHIEF, Role.DEPARTMENT_HANDLER, Role.AUDITOR])
def test_only_the_office_may_propose(mini_graph, role):
    user = make_user(role)
    if role == Role.CHAIN_CHIEF:
        assign(user, ChainFactory(code="OWN"), "chief")
    client = client_for(user)
    assert client.post("/knowledge/propose/", {"product": "变压器"}).status_code == 403
    assert Chain.objects.count() == (1 if role == Role.CHAIN_CHIEF else 0)
    assert 'data-testid="kg-propose"' not in client.get("/knowledge/").content.decode()
