"""Delisted companies are left out, impossible revenue shares are capped and flagged."""

from __future__ import annotations

from chainchief.knowledge.engine.targets import rank_targets
from tests.knowledge.context_graph import POWER, build, chain


def test_a_delisted_company_is_excluded():
    index = build()
    segments, context = chain(index, POWER)
    assert "欣泰退" not in [
        t["name"] for t in rank_targets(index, [segments["变压器"]], context=context)
    ]


def test_a_delisted_company_is_shown_with_a_warning_when_risky_ones_are_asked_for():
    index = build()
    segments, context = chain(index, POWER)
    ranked = rank_targets(index, [segments["变压器"]], context=context, include_distressed=True)
    target = next(t for t in ranked if t["name"] == "欣泰退")
    assert "已退市或退市整理中，谨慎接触" in target["reasons"]


def test_a_revenue_share_above_100_percent_is_capped_and_flagged():
    index = build()
    segments, context = chain(index, POWER)
    target = next(
        t for t in rank_targets(index, [segments["变压器"]], context=context) if t["name"] == "锦浪"
    )
    assert target["matched"][0]["weight"] == 1.0
    assert target["reasons"][0].startswith("主营 变压器 占收入 100%")
    assert "图谱中 变压器 收入占比为 114%，数据有误，按 100% 计" in target["reasons"]
