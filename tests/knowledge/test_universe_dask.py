"""The partitioned matcher gives the same result on a local Dask cluster (2 workers)."""

from __future__ import annotations

import pytest

from chainchief.knowledge.engine.partition import match_partitioned, match_serial, text_matcher

pytestmark = pytest.mark.django_db


def test_the_local_cluster_matches_like_one_core(mini_graph):
    matcher = text_matcher(mini_graph)
    texts = ["铜线、电解铜生产", "", "变压器（不含铁芯）", "箱式变电站安装；硅钢片销售"] * 25
    serial = match_serial(matcher, texts, size=7)
    assert serial[0] == {mini_graph.by_norm["铜线"]: "铜线", mini_graph.by_norm["电解铜"]: "电解铜"}
    assert match_partitioned(matcher, texts, workers=2, size=7) == serial
