from __future__ import annotations

import pytest

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.selectors import chain_gaps, chain_resolution

pytestmark = pytest.mark.django_db


def by_name(report):
    return {row["name"]: row for row in report["segments"]}


def test_segments_are_classed_missing_weak_or_strong(mini_graph, city):
    rows = by_name(chain_gaps(city.chain))
    assert rows["铜材"]["gap_class"] == "missing"
    assert rows["线圈"]["gap_class"] == "strong"
    assert rows["变压器"]["gap_class"] == "weak"  # one local supplier
    assert rows["变压器"]["reasons"] == ["本地仅 1 家企业（不超过 1 家）"]
    assert rows["铁芯"]["gap_class"] == "weak"
    assert "本地产值 500 万元，低于 5,000 万元" in rows["铁芯"]["reasons"]


def test_local_enterprises_come_from_links_and_matches(mini_graph, city):
    rows = by_name(chain_gaps(city.chain))
    assert rows["箱式变电站"]["local"] == [
        {
            "id": city.ent.station.id,
            "name": "衡阳成套设备有限公司",
            "via": "linked",
            "output": 50.0,
            "anchor": False,
        }
    ]
    assert [x["name"] for x in rows["线圈"]["local"]] == ["湘潭线圈有限公司", "衡阳线圈厂"]
    assert rows["变压器"]["anchors"] == ["衡阳变压器有限公司"]
    assert rows["线圈"]["output_share"] == pytest.approx(5000 / 15550, abs=1e-4)


def test_the_output_threshold_is_configurable(mini_graph, city):
    rows = by_name(chain_gaps(city.chain, config=EngineConfig(weak_min_output=0)))
    assert rows["铁芯"]["reasons"] == ["本地仅 1 家企业（不超过 1 家）"]
    rows = by_name(
        chain_gaps(city.chain, config=EngineConfig(weak_min_output=0, weak_supplier_count=0))
    )
    assert rows["铁芯"]["gap_class"] == "strong"


def test_too_many_local_buyers_per_supplier_make_a_weak_link(mini_graph, city):
    config = EngineConfig(weak_min_output=0, weak_supplier_count=0, weak_buyers_per_supplier=0.5)
    rows = by_name(chain_gaps(city.chain, config=config))
    # the anchor needs 铁芯 as a material; one local supplier is below 1 : 0.5
    assert rows["铁芯"]["buyers"] == 1
    assert rows["铁芯"]["reasons"] == ["本地 1 家企业需要该环节产品，供应企业仅 1 家（超过 1:0.5）"]


def test_the_weak_link_thresholds_are_stated(mini_graph, city):
    rule = chain_gaps(city.chain)["weak_rule"]
    assert "本地企业不超过 1 家" in rule
    assert "近 12 个月环节产值低于 5,000 万元" in rule
    assert "超过供应企业的 8 倍" in rule


def test_completeness_score_is_explained(mini_graph, city):
    report = chain_gaps(city.chain)
    # strong 1 + weak 0.5 × 3 + missing 0, over 5 leaves of weight 1
    assert report["completeness"] == 50.0
    assert report["summary"] == {"missing": 1, "weak": 3, "strong": 1}
    assert "末级环节权重合计（5）" in report["completeness_explained"]


def test_single_supplier_risk_of_the_anchor(mini_graph, city):
    risks = chain_gaps(city.chain)["single_supplier_risks"]
    assert {(r["material"], r["supplier"]) for r in risks} == {
        ("铁芯", "衡阳铁芯有限公司"),
        ("初级线圈", "衡阳线圈厂"),
        ("次级线圈", "湘潭线圈有限公司"),
    }
    assert "链主 衡阳变压器有限公司 的 变压器 所需 铁芯 本地仅 衡阳铁芯有限公司 一家供应" in [
        r["reason"] for r in risks
    ]


def test_without_the_graph_only_linked_enterprises_count(city):
    report = chain_gaps(city.chain)
    assert report["graph_imported"] is False
    assert report["note"].startswith("未导入全国产业图谱")
    rows = by_name(report)
    assert rows["箱式变电站"]["gap_class"] == "weak"
    assert rows["变压器"]["gap_class"] == "missing"


def test_resolution_shows_what_each_term_became(mini_graph, city):
    segments = {s["name"]: s for s in chain_resolution(city.chain)["segments"]}
    terms = segments["变压器"]["terms"][0]
    assert terms["term"] == "变压器"
    assert {"name": "干式变压器", "how": "subclass", "how_label": "产品小类"}.items() <= next(
        p for p in terms["products"] if p["name"] == "干式变压器"
    ).items()
