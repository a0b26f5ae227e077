"""Industry evidence fills a thin list, but never with a company the product links already
place in another segment of the chain (a cell maker is no cathode target because it shares
the cathode makers' industry)."""

from __future__ import annotations

from chainchief.knowledge.engine.targets import rank_targets
from tests.knowledge.battery_graph import build, chain


def test_a_maker_of_another_segment_is_not_offered_on_industry_evidence():
    index = build()
    segments, context = chain(index)
    ranked = rank_targets(index, [segments["正极"]], context=context)
    by_name = {t["name"]: t for t in ranked}
    # 富临 and 座椅 (both 车身附件) make cathodes: their shared industry is the evidence …
    assert by_name["富临"]["evidence"] == "product"
    # … and 比亚, also 车身附件, makes cells (the 电池 segment): not a cathode target.
    assert "比亚" not in by_name
