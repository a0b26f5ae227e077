"""The per-process cache of local data: repeated analyses reuse it, every write refreshes it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier
from chainchief.knowledge import local_cache
from chainchief.knowledge.models import EnterpriseProduct, Product
from chainchief.knowledge.selectors import chain_gaps, local_enterprises
from chainchief.knowledge.services import match_enterprises
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def by_name(report):
    return {row["name"]: row for row in report["segments"]}


def test_a_second_analysis_reads_no_enterprise_rows(mini_graph, city):
    chain_gaps(city.chain)
    with CaptureQueriesContext(connection) as queries:
        chain_gaps(city.chain)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "main_products" not in sql  # the enterprises were not loaded again


def test_a_new_enterprise_shows_at_once(mini_graph, city):
    assert by_name(chain_gaps(city.chain))["铜材"]["gap_class"] == "missing"
    EnterpriseFactory(name="衡阳铜业有限公司", main_products="铜线")
    assert by_name(chain_gaps(city.chain))["铜材"]["gap_class"] != "missing"


def test_edits_links_tiers_and_indicators_refresh_the_cache(mini_graph, city):
    before = {e.id: e for e in local_enterprises(mini_graph, city.chain)}
    city.ent.core.main_products = "铜线"
    city.ent.core.save()
    after = {e.id: e for e in local_enterprises(mini_graph, city.chain)}
    assert {mini_graph.name[p] for p in after[city.ent.core.id].products} == {"铜线"}

    city.ent.core.segments.add(city.seg.core)
    assert city.seg.core.id in next(
        e.segment_ids for e in local_enterprises(mini_graph, city.chain) if e.id == city.ent.core.id
    )

    EnterpriseTier.objects.create(enterprise=city.ent.core, tier=Tier.ANCHOR, chain=city.chain)
    assert next(
        e for e in local_enterprises(mini_graph, city.chain) if e.id == city.ent.core.id
    ).anchor

    MonthlyIndicator.objects.create(
        enterprise=city.ent.core,
        month=datetime.date(2025, 11, 1),
        output_value=1000,
    )
    core = next(e for e in local_enterprises(mini_graph, city.chain) if e.id == city.ent.core.id)
    assert core.output == before[city.ent.core.id].output + 1000


def test_bulk_links_outside_the_change_log_refresh_the_cache(mini_graph, city):
    stamp = local_cache.data_stamp()
    EnterpriseProduct.objects.bulk_create(
        [
            EnterpriseProduct(
                enterprise=city.ent.station,
                product=Product.objects.get(name="箱式变电站"),
                source=EnterpriseProduct.Source.ENTERED,
            )
        ]
    )
    assert local_cache.data_stamp() != stamp
    station = next(e for e in local_enterprises(mini_graph) if e.id == city.ent.station.id)
    assert {mini_graph.name[p] for p in station.products} == {"箱式变电站"}
    stamp = local_cache.data_stamp()
    match_enterprises()
    assert local_cache.data_stamp() != stamp


def test_each_call_gets_its_own_list(mini_graph, city):
    first = local_enterprises(mini_graph, city.chain)
    first.clear()
    assert local_enterprises(mini_graph, city.chain)
