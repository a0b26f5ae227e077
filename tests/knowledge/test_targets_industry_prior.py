"""The chain's industry profile weighs every product match: a maker from the chain's own
industries goes before a bigger line of a company from a far trade, a side line of such a
company is medium evidence, and a product name that carries the chain's word vouches for
its maker."""

from __future__ import annotations

from chainchief.knowledge.engine.targets import rank_targets
from tests.knowledge.battery_graph import build, chain


def test_a_cathode_maker_of_the_chains_industry_goes_before_a_car_parts_maker():
    index = build()
    segments, context = chain(index)
    ranked = rank_targets(index, [segments["正极"]], context=context, more_evidence=False)
    names = [t["name"] for t in ranked]
    assert names.index("当升") < names.index("富临")  # 60 % of revenue beats 90 % here
    car = next(t for t in ranked if t["name"] == "富临")
    assert car["confidence"] == "high"
    assert "所属行业（汽车零部件）离本链的主要行业较远，已降权" in car["reasons"]


def test_without_other_segments_no_industry_prior_applies():
    index = build()
    segments, _context = chain(index)
    ranked = rank_targets(index, [segments["正极"]], more_evidence=False)
    assert [t["name"] for t in ranked][:2] == ["富临", "当升"]


def test_a_side_line_of_a_far_trade_is_medium_evidence_after_the_high_ones():
    index = build()
    segments, context = chain(index)
    ranked = rank_targets(index, [segments["正极"]], context=context, more_evidence=False)
    assert ranked[-1]["name"] == "座椅"
    assert ranked[-1]["confidence_label"] == "中"
    assert "该产品占其收入不足 5%，证据较弱" in ranked[-1]["reasons"]


def test_a_product_name_with_the_chains_word_keeps_its_maker_in_context():
    index = build()
    segments, context = chain(index)
    ranked = {
        t["name"]: t
        for t in rank_targets(index, [segments["铜箔"]], context=context, more_evidence=False)
    }
    assert ranked["嘉元"]["tier"] == 0  # 锂电铜箔: an oilfield-service company's, but 锂电
    assert ranked["梅雁"]["tier"] == 2  # plain 铜箔 beside 钻杆: out of context
    assert ranked["梅雁"]["confidence_label"] == "低"
