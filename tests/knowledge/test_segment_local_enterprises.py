"""One definition of a segment's local enterprises, the same number on every page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from chainchief.knowledge.selectors import segment_local_enterprises
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    return client


def _cells(html: str, testid: str) -> dict[int, int]:
    """segment id → the number in the cell `testid` of that segment's row."""
    found = {}
    for sid, row in re.findall(r'<tr data-segment="(\d+)"(.*?)</tr>', html, re.S):
        cell = re.search(rf'data-testid="{testid}">(\d+)<', row)
        if cell:
            found[int(sid)] = int(cell.group(1))
    return found


def test_assigned_and_matched_are_counted_separately(mini_graph, city):
    local = segment_local_enterprises(city.chain)
    station = local[city.seg.substation.id]
    assert station["assigned"] == [city.ent.station.id] and station["matched"] == []
    coil = local[city.seg.coil.id]
    assert coil["assigned"] == [] and sorted(coil["matched"]) == sorted(
        [city.ent.coil1.id, city.ent.coil2.id]
    )
    assert coil["count"] == 2


def test_an_assigned_enterprise_that_also_matches_counts_once_as_assigned(mini_graph, city):
    city.ent.core.segments.add(city.seg.core)
    core = segment_local_enterprises(city.chain)[city.seg.core.id]
    assert core == {"assigned": [city.ent.core.id], "matched": [], "count": 1}


def test_the_segment_table_the_analysis_and_the_api_show_the_same_counts(mini_graph, city, office):
    city.ent.core.segments.add(city.seg.core)
    local = segment_local_enterprises(city.chain)
    table = office.get(f"/chains/{city.chain.code}/map/").content.decode()
    analysis = office.get(f"/knowledge/chains/{city.chain.code}/gaps/").content.decode()
    api = office.get(f"/api/knowledge/chains/{city.chain.code}/gaps").json()
    assigned = {sid: len(v["assigned"]) for sid, v in local.items()}
    matched = {sid: len(v["matched"]) for sid, v in local.items()}
    assert _cells(table, "segment-local-assigned") == assigned
    assert _cells(table, "segment-local-matched") == matched
    assert _cells(analysis, "kg-local-assigned") == assigned
    assert _cells(analysis, "kg-local-matched") == matched
    assert {r["id"]: r["local_assigned"] for r in api["segments"]} == assigned
    assert {r["id"]: r["local_matched"] for r in api["segments"]} == matched
    assert matched[city.seg.coil.id] == 2 and assigned[city.seg.core.id] == 1


def test_the_overview_names_matched_enterprises_beside_the_chain_count(mini_graph, city, office):
    city.ent.coil1.chains.remove(city.chain)  # a maker of the segment's product, not on the chain
    local = segment_local_enterprises(city.chain)
    on_chain = set(city.chain.enterprises.values_list("id", flat=True))
    matched_only = {i for v in local.values() for i in v["matched"]} - on_chain
    assert matched_only, "the fixture city has enterprises matched by their products"
    html = office.get(f"/chains/{city.chain.code}/").content.decode()
    assert f"另有 {len(matched_only)} 家经产品匹配" in html
