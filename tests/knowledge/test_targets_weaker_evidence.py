"""Weaker evidence fills a short list below product evidence, each with its label."""

from __future__ import annotations

from chainchief.knowledge.engine.targets import rank_targets
from tests.knowledge.context_graph import POWER, build, chain


def test_a_company_named_for_the_product_is_medium_confidence():
    index = build()
    segments, context = chain(index, POWER)
    ranked = rank_targets(index, [segments["电缆"]], context=context)
    cable = next(t for t in ranked if t["name"] == "远缆")
    assert cable["evidence"] == "name" and cable["confidence_label"] == "中"
    assert cable["reasons"][0] == "公司全称含“电缆”，可补上游·电缆（公司全称证据，较弱）"


def test_an_industry_only_target_is_low_confidence_and_ranked_last():
    index = build()
    segments, context = chain(index, POWER)
    ranked = rank_targets(index, [segments["变压器"]], context=context)
    industry = next(t for t in ranked if t["name"] == "输电科技")
    assert industry["evidence"] == "industry" and industry["confidence_label"] == "低"
    assert ranked[-1]["evidence"] in {"industry", "sibling"}
    product = [t for t in ranked if t["evidence"] == "product"]
    assert ranked[: len(product)] == product
