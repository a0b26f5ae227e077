"""A synonym resolves a term the graph spells differently (光伏组件 → 太阳能电池组件)."""

from __future__ import annotations

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.resolve import resolve_term
from chainchief.knowledge.engine.synonyms import parse_text, synonym_pairs
from chainchief.knowledge.engine.targets import rank_targets
from tests.knowledge.context_graph import build, chain

GROUPS = parse_text("光伏组件 = 太阳能电池组件\n[电池] 隔膜 = 锂电池隔膜")


def test_a_term_resolves_through_its_synonym():
    index = build()
    config = EngineConfig(synonyms=synonym_pairs(GROUPS, "光伏产业链"))
    resolution = resolve_term(index, "光伏组件", config)
    assert resolution.as_dict(index)["products"][0]["name"] == "太阳能电池组件"
    assert resolution.as_dict(index)["products"][0]["how_label"] == "同义词：太阳能电池组件"
    assert resolution.synonyms == [("太阳能电池组件", 1)]


def test_without_the_synonym_the_term_finds_nothing():
    assert resolve_term(build(), "光伏组件", EngineConfig()).products == {}


def test_a_chain_scoped_group_applies_only_in_matching_chains():
    assert dict(synonym_pairs(GROUPS, "锂电池产业链")).get("隔膜") == ("锂电池隔膜",)
    assert "隔膜" not in dict(synonym_pairs(GROUPS, "光伏产业链"))


def test_the_synonym_makers_are_high_confidence_targets():
    index = build()
    config = EngineConfig(synonyms=synonym_pairs(GROUPS, "光伏产业链"))
    segments, context = chain(index, {"组件": ["光伏组件"], "变压器": ["变压器"]}, config)
    first = rank_targets(index, [segments["组件"]], context=context, config=config)[0]
    assert first["name"] == "隆能" and first["confidence_label"] == "高"
