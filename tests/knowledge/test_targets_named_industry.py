"""A company Shenwan classes in an industry named after the segment's product (申万
锂电池) is a target with medium confidence even when the graph lists none of its products;
it ranks beside product evidence, not after the weak kinds."""

from __future__ import annotations

from chainchief.knowledge.engine.targets import rank_targets
from tests.knowledge.battery_graph import build, chain


def test_a_company_in_the_industry_named_after_the_product_is_a_medium_target():
    index = build()
    segments, context = chain(index)
    ranked = rank_targets(index, [segments["电池"]], context=context, more_evidence=False)
    found = next(t for t in ranked if t["name"] == "派能")
    assert found["confidence_label"] == "中"
    assert found["evidence"] == "industry" and found["tier"] == 0
    assert found["reasons"][0] == (
        "属申万行业“锂电池”（按主营业务归类，行业名称即本环节产品），可补上游·电池"
    )


def test_product_makers_with_a_real_share_stay_ahead_of_the_industry_evidence():
    index = build()
    segments, context = chain(index)
    names = [
        t["name"]
        for t in rank_targets(index, [segments["电池"]], context=context, more_evidence=False)
    ]
    assert names[:2] == ["宁德", "亿纬"]
    assert "派能" in names


def test_a_marked_company_is_not_brought_back_by_its_industry():
    index = build()
    segments, context = chain(index)
    seg = segments["电池"]
    key = index.companies[6].key
    ranked = rank_targets(index, [seg], context=context, marks={seg.id: {key}})
    assert "派能" not in [t["name"] for t in ranked]
