"""The enterprise page's knowledge panel: matched graph products (stored or on the fly),
the segments they map to, and for anchors the local supporting rate (本地配套率)."""

from __future__ import annotations

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from chainchief.knowledge.services import match_enterprises
from tests.factories import ChainFactory, EnterpriseFactory, assign, make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office():
    return client_for(make_user(Role.CHAIN_OFFICE))


def supply(client, enterprise):
    return client.get(f"/knowledge/enterprises/{enterprise.pk}/supply/", HTTP_HX_REQUEST="true")


def test_the_enterprise_page_includes_the_panel_shell(mini_graph, city, office):
    html = office.get(f"/enterprises/{city.ent.anchor.pk}/").content.decode()
    assert f'hx-get="/knowledge/enterprises/{city.ent.anchor.pk}/supply/"' in html


def test_an_anchor_shows_its_local_supporting_rate(mini_graph, city, office):
    html = supply(office, city.ent.anchor).content.decode()
    assert 'data-testid="kg-supply-rate">100%<' in html
    rows = html.split('data-testid="kg-supply-row"')[1:]
    core = next(r for r in rows if "铁芯" in r)
    assert "衡阳铁芯有限公司" in core and "单一供应" in core


def test_a_missing_material_gets_matchmaking_and_outside_targets(mini_graph, city, office):
    city.ent.core.delete()
    html = supply(office, city.ent.anchor).content.decode()
    assert 'data-testid="kg-supply-rate">67%<' in html
    core = next(r for r in html.split('data-testid="kg-supply-row"')[1:] if "铁芯" in r)
    assert "本地缺失" in core and "湘电股份" in core


def test_products_are_matched_on_the_fly_until_stored(mini_graph, city, office):
    html = supply(office, city.ent.coil1).content.decode()
    assert "即时匹配" in html and "初级线圈" in html
    assert "本地配套率" not in html  # not an anchor
    segments = html.split('data-testid="kg-enterprise-segments"')[1]
    assert "线圈" in segments
    match_enterprises()
    html = supply(office, city.ent.coil1).content.decode()
    assert "已保存的产品关联" in html and "初级线圈" in html


def test_without_the_graph_the_panel_says_so(city, office):
    html = supply(office, city.ent.anchor).content.decode()
    assert "未导入全国产业图谱" in html and "chainchief kg import" in html


def test_out_of_scope_users_and_enterprise_contacts_get_404(mini_graph, city):
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, ChainFactory(code="OTHER"), "chief")
    assert supply(client_for(chief), city.ent.anchor).status_code == 404
    contact = make_user(Role.ENTERPRISE_CONTACT, enterprise=city.ent.anchor)
    assert supply(client_for(contact), city.ent.anchor).status_code == 404
    other = EnterpriseFactory(name="外链企业")
    assert supply(client_for(chief), other).status_code == 404
