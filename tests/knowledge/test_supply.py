from __future__ import annotations

import pytest

from chainchief.knowledge.selectors import enterprise_supply

pytestmark = pytest.mark.django_db


def test_anchor_supporting_rate_lists_local_makers(mini_graph, city):
    report = enterprise_supply(city.ent.anchor)
    assert report["is_anchor"] and report["rate"] == 1.0
    rows = {r["material"]: r for r in report["materials"]}
    assert set(rows) == {"铁芯", "初级线圈", "次级线圈"}
    assert rows["铁芯"]["local"] == [{"id": city.ent.core.id, "name": "衡阳铁芯有限公司"}]
    assert rows["铁芯"]["single_supplier"]


def test_missing_materials_get_local_matchmaking_and_outside_targets(mini_graph, city):
    city.ent.core.delete()
    report = enterprise_supply(city.ent.anchor)
    assert report["rate"] == pytest.approx(2 / 3, abs=1e-4)
    row = next(r for r in report["materials"] if r["material"] == "铁芯")
    assert row["local"] == [] and [t["name"] for t in row["targets"]] == ["湘电股份"]


def test_materials_are_inherited_from_the_broader_product(mini_graph, city):
    city.ent.anchor.main_products = "干式变压器"
    city.ent.anchor.save()
    report = enterprise_supply(city.ent.anchor)
    assert {r["material"] for r in report["materials"]} == {"铁芯", "初级线圈", "次级线圈"}


def test_supply_without_the_graph_says_so(city):
    report = enterprise_supply(city.ent.anchor)
    assert report["graph_imported"] is False and "未导入全国产业图谱" in report["note"]
