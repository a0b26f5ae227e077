"""The chain list and the chain page: what they show, and queries that do not grow with rows."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chainchief.accounts.models import Role
from chainchief.chains.models import ChainOrgMember, LayoutNode, OrgRole
from chainchief.enterprises.models import Tier
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    GoalFactory,
    ParkFactory,
    SegmentFactory,
    TierFactory,
    make_user,
    populate_enterprises,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = make_user(Role.CHAIN_OFFICE)
    client.force_login(user)
    return user


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_the_list_shows_counts_of_segments_and_enterprises(client, office):
    cluster = LayoutNode.objects.create(name="先进制造业集群")
    chain = ChainFactory(code="PWR", name="输变电装备产业链", layout_node=cluster)
    SegmentFactory(chain=chain, name="变压器")
    SegmentFactory(chain=chain, name="开关设备")
    for _ in range(3):
        EnterpriseFactory().chains.add(chain)
    response = client.get(reverse("chains:list"))
    [row] = response.context["chains"]
    assert (row.segment_count, row.enterprise_count) == (2, 3)
    assert "先进制造业集群" in response.content.decode()


def test_the_list_searches_by_name_and_code(client, office):
    ChainFactory(code="PWR", name="输变电装备产业链")
    ChainFactory(code="BIO", name="生物医药产业链")
    assert [
        c.code for c in client.get(reverse("chains:list"), {"q": "医药"}).context["chains"]
    ] == ["BIO"]
    assert [c.code for c in client.get(reverse("chains:list"), {"q": "pwr"}).context["chains"]] == [
        "PWR"
    ]


def test_the_overview_shows_goals_anchors_and_map_and_the_organisation_its_section(client, office):
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    chain.host_parks.add(ParkFactory(name="衡阳高新区"))
    ChainOrgMember.objects.create(
        chain=chain,
        role=OrgRole.objects.get(code="chief"),
        user=make_user(Role.CHAIN_CHIEF, full_name="张链长"),
    )
    GoalFactory(
        chain=chain, indicator="规上工业产值", target_value="520.50", year=timezone.localdate().year
    )
    mid = SegmentFactory(chain=chain, name="输变电设备")
    trafo = SegmentFactory(chain=chain, parent=mid, name="变压器")
    anchor = EnterpriseFactory(name="特变电工衡阳变压器有限公司")
    anchor.chains.add(chain)
    anchor.segments.add(trafo)
    TierFactory(enterprise=anchor, tier=Tier.ANCHOR, chain=chain)
    response = client.get(reverse("chains:detail", args=["PWR"]))
    text = response.content.decode()
    for shown in ("规上工业产值", "520.5", "衡阳高新区", "特变电工衡阳变压器有限公司"):
        assert shown in text
    assert "张链长" not in text
    assert "张链长" in client.get(reverse("chains:organisation", args=["PWR"])).content.decode()
    assert response.context["segment_total"] == 2
    assert response.context["figures"]["enterprises"] == 1
    [mid_node] = response.context["tree"]["midstream"]
    assert mid_node.children[0].enterprise_count == 1
    option = json.loads(json.dumps(response.context["map_option"], default=str))
    stage_names = [s["name"] for s in option["series"][0]["data"][0]["children"]]
    assert stage_names == ["上游", "中游", "下游"]
    assert (
        option["series"][0]["data"][0]["children"][1]["children"][0]["children"][0]["name"]
        == "变压器（1）"
    )


def test_the_page_of_an_unknown_chain_is_404(client, office):
    assert client.get(reverse("chains:detail", args=["NOPE"])).status_code == 404


def test_the_yaml_download_is_an_attachment_named_by_code(client, office):
    ChainFactory(code="PWR", name="输变电装备产业链")
    response = client.get(reverse("chains:yaml", args=["PWR"]))
    assert response["Content-Disposition"] == 'attachment; filename="chain-PWR.yaml"'
    assert "name: 输变电装备产业链" in response.content.decode()


def _city(chains: int, enterprises: int) -> list:
    made = [ChainFactory() for _ in range(chains)]
    for chain in made:
        SegmentFactory(chain=chain)
        GoalFactory(chain=chain)
    populate_enterprises(made, enterprises)
    return made


def test_the_list_queries_do_not_grow_with_rows(client, office):
    _city(2, 5)
    few = _queries(client, reverse("chains:list"))
    _city(10, 40)
    assert _queries(client, reverse("chains:list")) == few


@pytest.mark.parametrize(
    "section", ["detail", "map", "enterprises", "targets", "projects", "organisation"]
)
def test_each_section_queries_do_not_grow_with_rows(client, office, section):
    chain = ChainFactory(code="PWR")
    root = SegmentFactory(chain=chain, name="根")
    populate_enterprises([chain], 5)
    GoalFactory(chain=chain, indicator="规上工业总产值", year=timezone.localdate().year)
    url = reverse(f"chains:{section}", args=["PWR"])
    few = _queries(client, url)
    for i in range(8):
        SegmentFactory(chain=chain, parent=root, name=f"子环节{i}")
        GoalFactory(chain=chain)
        ChainOrgMember.objects.create(
            chain=chain, role=OrgRole.objects.get(code="expert_team"), name=f"专家{i}"
        )
    chain.host_parks.add(ParkFactory(), ParkFactory())
    populate_enterprises([chain], 35)
    assert _queries(client, url) == few
