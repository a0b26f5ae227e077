"""A chain has an overview and sections with their own URLs, each loading only its part."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.chains.models import ChainOrgMember, OrgRole
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    GoalFactory,
    SegmentFactory,
    assign,
    make_user,
)

pytestmark = pytest.mark.django_db

SECTIONS = ["detail", "map", "enterprises", "targets", "projects", "organisation"]


@pytest.fixture
def chain():
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    trafo = SegmentFactory(chain=chain, name="变压器环节")
    maker = EnterpriseFactory(name="衡阳变压器制造有限公司")
    maker.chains.add(chain)
    maker.segments.add(trafo)
    GoalFactory(chain=chain, indicator="链上企业数", unit="家", year=2027, target_value=10)
    ChainOrgMember.objects.create(
        chain=chain, role=OrgRole.objects.get(code="expert_team"), name="王专家团队"
    )
    return chain


def _client(role: str, chain=None) -> Client:
    user = make_user(role)
    if chain is not None:
        assign(user, chain, "chief")
    client = Client()
    client.force_login(user)
    return client


def _html(client: Client, section: str) -> str:
    response = client.get(reverse(f"chains:{section}", args=["PWR"]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_section_has_its_own_url_and_links_to_the_others(chain):
    client = _client(Role.CHAIN_OFFICE)
    for section in SECTIONS:
        html = _html(client, section)
        tabs = html.split('data-testid="chain-sections"')[1].split("</nav>")[0]
        for other in SECTIONS:
            assert f'href="{reverse(f"chains:{other}", args=["PWR"])}"' in tabs
        assert tabs.count('aria-current="page"') == 1


def test_each_section_shows_only_its_part(chain):
    client = _client(Role.CHAIN_OFFICE)
    marks = {
        "map": 'id="segment-table"',
        "enterprises": 'id="chain-enterprise-list"',
        "targets": 'data-testid="chain-knowledge"',
        "projects": 'data-testid="chain-projects"',
        "organisation": "王专家团队",
    }
    pages = {section: _html(client, section) for section in SECTIONS}
    for section, mark in marks.items():
        assert mark in pages[section], section
        for other, html in pages.items():
            if other != section:
                assert mark not in html, f"{mark} also on {other}"


def test_the_overview_holds_goals_map_figures_and_warnings(chain):
    html = _html(_client(Role.CHAIN_OFFICE), "detail")
    for part in (
        'id="goals"',
        'data-chart="chain-map"',
        'data-testid="chain-figures"',
        'data-testid="chain-warnings"',
    ):
        assert part in html


def test_the_enterprise_section_lists_the_chains_enterprises_by_segment(chain):
    other = EnterpriseFactory(name="别链企业有限公司")
    other.chains.add(ChainFactory(code="BIO"))
    client = _client(Role.CHAIN_OFFICE)
    html = _html(client, "enterprises")
    assert "衡阳变压器制造有限公司" in html and "别链企业有限公司" not in html
    segment = chain.segments.get(name="变压器环节")
    empty = SegmentFactory(chain=chain, name="空环节")
    url = reverse("chains:enterprises", args=["PWR"])
    assert "衡阳变压器制造有限公司" in client.get(url, {"segment": segment.pk}).content.decode()
    assert "衡阳变压器制造有限公司" not in client.get(url, {"segment": empty.pk}).content.decode()


def test_a_chief_of_another_chain_gets_404_on_every_section(chain):
    client = _client(Role.CHAIN_CHIEF, ChainFactory(code="BIO"))
    for section in SECTIONS:
        assert client.get(reverse(f"chains:{section}", args=["PWR"])).status_code == 404, section


def test_the_own_chief_opens_every_section(chain):
    client = _client(Role.CHAIN_CHIEF, chain)
    for section in SECTIONS:
        _html(client, section)


def test_a_segments_enterprises_follow_the_one_definition_with_sub_segments(chain):
    parent = chain.segments.get(name="变压器环节")
    child = SegmentFactory(chain=chain, parent=parent, name="铁芯环节")
    core = EnterpriseFactory(name="衡阳铁芯有限公司")
    core.chains.add(chain)
    core.segments.add(child)
    client = _client(Role.CHAIN_OFFICE)
    url = reverse("chains:enterprises", args=["PWR"])
    html = client.get(url, {"segment": parent.pk}).content.decode()
    assert "衡阳铁芯有限公司" in html and "衡阳变压器制造有限公司" in html
    html = client.get(url, {"segment": child.pk}).content.decode()
    assert "衡阳铁芯有限公司" in html and "衡阳变压器制造有限公司" not in html
