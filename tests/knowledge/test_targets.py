from __future__ import annotations

import pytest

from chainchief.knowledge.selectors import chain_targets

pytestmark = pytest.mark.django_db


def names(report):
    return [t["name"] for t in report["targets"]]


def test_makers_of_the_segment_products_are_ranked_with_reasons(mini_graph, city):
    report = chain_targets(city.chain, segment_id=city.seg.transformer.id)
    assert names(report)[:2] == ["三变科技", "特变电工"]
    first = report["targets"][0]
    assert first["reason"].startswith("主营 干式变压器 占收入 70%，可补中游·变压器 弱链")
    assert "位于浙江（优先承接地区）" in first["reasons"]


def test_local_companies_are_excluded(mini_graph, city):
    # 中国西电 is in the city under its full name.
    assert "中国西电" not in names(chain_targets(city.chain, segment_id=city.seg.transformer.id))


def test_distressed_companies_are_excluded_unless_asked(mini_graph, city):
    assert "*ST华变" not in names(chain_targets(city.chain, segment_id=city.seg.transformer.id))
    report = chain_targets(city.chain, segment_id=city.seg.transformer.id, include_distressed=True)
    target = next(t for t in report["targets"] if t["name"] == "*ST华变")
    assert target["distressed"] and "风险警示（ST）公司，谨慎接触" in target["reasons"]


def test_demand_pull_of_local_anchors_is_a_reason(mini_graph, city):
    report = chain_targets(city.chain, segment_id=city.seg.core.id)
    target = report["targets"][0]
    assert target["name"] == "湘电股份"
    assert "本地链主 衡阳变压器有限公司 的上游材料（变压器 需要 铁芯）" in target["reasons"]
    assert target["components"]["demand"] is True


def test_preferred_regions_are_configurable(mini_graph, city):
    report = chain_targets(
        city.chain, segment_id=city.seg.transformer.id, regions=("湖北",), include_distressed=True
    )
    assert (
        report["targets"][0]["components"]["region"] is False
        or report["targets"][0]["province"] == "湖北"
    )
    assert any(t["components"]["region"] for t in report["targets"] if t["province"] == "湖北")


def test_whole_chain_targets_cover_the_gap_segments(mini_graph, city):
    report = chain_targets(city.chain)
    assert {s["name"] for s in report["segments"]} == {"铁芯", "铜材", "变压器", "箱式变电站"}
    assert {"铜陵有色", "湘电股份", "三变科技"} <= set(names(report))
    assert all(t["reason"] for t in report["targets"])


def test_no_graph_means_no_targets_and_a_clear_note(city):
    report = chain_targets(city.chain)
    assert report == {
        "graph_imported": False,
        "note": "未导入全国产业图谱",
        "targets": [],
        "segments": [],
    }
