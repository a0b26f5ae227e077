"""Chain context: a containing name from another trade is dropped, a maker from another
trade is demoted with its reason."""

from __future__ import annotations

from chainchief.knowledge.engine.targets import rank_targets
from tests.knowledge.context_graph import POWER, build, chain


def test_an_oil_casing_maker_is_not_a_target_for_bushings():
    index = build()
    segments, context = chain(index, POWER)
    names = [
        t["name"]
        for t in rank_targets(index, [segments["套管"]], context=context, more_evidence=False)
    ]
    assert "墨龙" not in names  # 油套管 contains 套管 but is oilfield casing
    assert names[:2] == ["瓷套", "西电"]


def test_a_same_kind_containing_name_says_how_it_was_judged():
    index = build()
    segments, context = chain(index, POWER)
    first = rank_targets(index, [segments["套管"]], context=context)[0]
    assert first["name"] == "瓷套" and first["confidence_label"] == "中"
    assert "名称含产品词，经产业链上下文判定为同类" in first["reasons"][0]


def test_a_car_radiator_maker_is_demoted_below_an_electrical_one():
    index = build()
    segments, context = chain(index, POWER)
    ranked = rank_targets(index, [segments["散热"]], context=context, more_evidence=False)
    assert [t["name"] for t in ranked] == ["华鹏", "八菱"]
    car = ranked[1]
    assert car["confidence"] == "low"
    assert car["reasons"][0] == "主营散热器，属汽车零部件，与本链不符，已降权（可补上游·散热）"
