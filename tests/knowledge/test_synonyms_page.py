"""The office extends the synonym list on a page; the analysis uses it at once."""

from __future__ import annotations

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from chainchief.knowledge.models import Synonym
from chainchief.knowledge.selectors import chain_resolution
from tests.factories import SegmentFactory, make_user

pytestmark = pytest.mark.django_db


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


def test_an_office_synonym_resolves_a_term_and_the_panel_shows_it(mini_graph, city):
    SegmentFactory(chain=city.chain, stage="upstream", name="导线", terms=["导电铜线"], sort=9)
    office = client_for(Role.CHAIN_OFFICE)
    response = office.post("/knowledge/synonyms/", {"text": "导电铜线 = 铜线", "scope": "输变电"})
    assert response.status_code == 302
    assert Synonym.objects.get().scope == "输变电"
    term = next(s for s in chain_resolution(city.chain)["segments"] if s["name"] == "导线")[
        "terms"
    ][0]
    assert term["synonyms"] == [{"word": "铜线", "count": 1}]
    assert term["products"][0]["how_label"] == "同义词：铜线"
    html = office.get(f"/knowledge/chains/{city.chain.code}/gaps/").content.decode()
    used = html.split('data-testid="kg-synonyms-used"')
    assert any("铜线（+1）" in cell.split("</td>")[0] for cell in used[1:])


def test_a_malformed_group_is_refused_with_the_reason(mini_graph):
    office = client_for(Role.CHAIN_OFFICE)
    html = office.post("/knowledge/synonyms/", {"text": "只有一个词"}).content.decode()
    assert "请用“=”连接同义词" in html and Synonym.objects.count() == 0


def test_the_shipped_list_is_shown_and_only_the_office_adds(mini_graph):
    chief = client_for(Role.CHAIN_CHIEF)
    html = chief.get("/knowledge/synonyms/").content.decode()
    assert "光伏组件 = 太阳能电池组件" in html and 'data-testid="kg-synonym-form"' not in html
    assert chief.post("/knowledge/synonyms/", {"text": "甲乙 = 丙丁"}).status_code in (403, 404)
