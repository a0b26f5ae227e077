"""On the real national graph (imported once for this module, removed afterwards)."""

from __future__ import annotations

import pytest

from chainchief.knowledge.engine.proposal import propose_chain
from chainchief.knowledge.engine.resolve import resolve_term
from chainchief.knowledge.engine.targets import TargetSegment, rank_targets
from chainchief.knowledge.loader import get_index
from chainchief.knowledge.models import Company

pytestmark = [pytest.mark.kg, pytest.mark.django_db]


def segment(index, term: str) -> TargetSegment:
    return TargetSegment(
        1, term, "midstream", "missing", frozenset(resolve_term(index, term).products)
    )


def test_full_import_counts(full_graph):
    counts = full_graph.counts
    assert counts["companies"] == 4654
    assert counts["products"] >= 95559
    assert counts["relations"] > 100_000 and counts["company_products"] > 50_000
    assert counts["distressed"] == 190
    assert len(full_graph.duplicates) == 53
    assert (
        Company.objects.filter(code="688096", is_primary=True).get().full_name
        == "江苏京源环保股份有限公司"
    )


def test_makers_of_transformers_include_xidian_and_tbea(full_graph):
    index = get_index()
    names = {t["name"] for t in rank_targets(index, [segment(index, "变压器")], top=200)}
    assert {"中国西电", "特变电工"} <= names


def test_distressed_companies_are_excluded_by_default(full_graph):
    index = get_index()
    segments = [segment(index, term) for term in ("变压器", "锂电池", "光伏组件", "钢材", "白酒")]
    default = rank_targets(index, segments, top=1000)
    assert default and not any(t["distressed"] for t in default)
    included = rank_targets(index, segments, top=1000, include_distressed=True)
    assert any(t["distressed"] for t in included)


def test_transformer_proposal_starts_from_its_materials(full_graph):
    plan = propose_chain(get_index(), "变压器")
    upstream = [s["name"] for s in plan["segments"] if s["stage"] == "upstream" and not s["parent"]]
    assert {"铁芯", "初级线圈", "次级线圈"} <= set(upstream[:3]) | set(upstream)
