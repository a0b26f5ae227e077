"""The engine's pure functions on the fixture graph: resolution, matching, proposal."""

from __future__ import annotations

import pytest

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.matching import match_products_text, match_text, match_texts
from chainchief.knowledge.engine.proposal import propose_chain
from chainchief.knowledge.engine.resolve import resolve_term

pytestmark = pytest.mark.django_db


def names(index, found):
    return {index.name[p]: how for p, how in found.items()}


def test_exact_term_resolves_with_subclasses_and_same_kind_names(mini_graph):
    found = names(mini_graph, resolve_term(mini_graph, "变压器").products)
    assert found["变压器"] == "exact"
    assert found["干式变压器"] == "subclass"
    assert found["电力变压器"] == "contains"


def test_subclass_edges_that_name_a_material_are_refused(mini_graph):
    assert "变压器油" not in names(mini_graph, resolve_term(mini_graph, "变压器").products)


def test_fragments_and_generic_words_never_resolve(mini_graph):
    assert "有变压器" not in names(mini_graph, resolve_term(mini_graph, "变压器").products)
    generic = resolve_term(mini_graph, "设备与工程")
    assert not generic.products and generic.note == "泛称，不参与匹配"


def test_a_term_more_specific_than_the_graph_falls_back_to_its_head_product(mini_graph):
    found = names(mini_graph, resolve_term(mini_graph, "非晶合金变压器").products)
    assert found == {"变压器": "broader"}


def test_an_unknown_term_says_so(mini_graph):
    assert resolve_term(mini_graph, "量子计算机").note == "图谱中未找到该产品"


def test_one_character_exact_names_resolve_only_when_written_exactly(mini_graph):
    assert names(mini_graph, resolve_term(mini_graph, "糖").products) == {"糖": "exact"}
    assert match_text(mini_graph, "白糖与红糖") == {}


def test_text_matching_takes_the_longest_match(mini_graph):
    found = match_text(mini_graph, "主要产品：电力变压器、箱式变电站")
    assert {mini_graph.name[p] for p in found} == {"电力变压器", "箱式变电站"}


def test_text_matching_skips_stop_words_and_noise(mini_graph):
    found = match_text(mini_graph, "技术服务；设备与工程；其附属设备；有变压器")
    assert {mini_graph.name[p] for p in found} == {"变压器"}


def test_text_matching_is_partitionable(mini_graph):
    texts = ["铜线、电解铜", "", "硅钢片加工", "ＦＵＬＬ-width 铁芯"]
    whole = match_texts(mini_graph, texts)
    assert whole == match_texts(mini_graph, texts[:2]) + match_texts(mini_graph, texts[2:])
    assert {mini_graph.name[p] for p in whole[3]} == {"铁芯"}


def test_main_products_and_scope_are_combined(mini_graph):
    found = match_products_text(mini_graph, "干式变压器", "一般项目：铜线销售")
    assert {mini_graph.name[p] for p in found} == {"干式变压器", "铜线"}


def test_proposal_walks_materials_variants_and_downstream(mini_graph):
    plan = propose_chain(mini_graph, "变压器")
    by_stage = {}
    for segment in plan["segments"]:
        by_stage.setdefault(segment["stage"], []).append(segment["name"])
    assert by_stage["upstream"][:3] == ["铁芯", "初级线圈", "次级线圈"] or set(
        by_stage["upstream"]
    ) >= {"铁芯", "初级线圈", "次级线圈"}
    assert "硅钢片" in by_stage["upstream"]  # second level, under 铁芯
    assert by_stage["midstream"] == ["变压器", "干式变压器"]
    assert by_stage["downstream"] == ["箱式变电站"]
    names_all = [s["name"] for s in plan["segments"]]
    assert len(names_all) == len(set(names_all))
    child = next(s for s in plan["segments"] if s["name"] == "硅钢片")
    assert child["parent"] == next(s["key"] for s in plan["segments"] if s["name"] == "铁芯")


def test_proposal_for_an_unknown_product_says_so(mini_graph):
    assert propose_chain(mini_graph, "量子计算机")["note"] == "图谱中未找到产品“量子计算机”"


def test_engine_functions_cope_without_a_graph():
    empty = GraphIndex()
    assert match_text(empty, "变压器") == {}
    assert propose_chain(empty, "变压器")["graph_imported"] is False


def test_config_overrides_ignore_unknown_keys_and_listify():
    config = EngineConfig().with_overrides(
        preferred_regions=["湖南"], weak_min_output=10, nonsense=1
    )
    assert config.preferred_regions == ("湖南",) and config.weak_min_output == 10


def test_batched_matching_equals_matching_one_by_one(mini_graph):
    texts = ["电力变压器\n铁芯", "ＦＵＬＬ 铜线", "", "箱式变电站、硅钢片"] * 3
    assert match_texts(mini_graph, texts, batch=5) == [match_text(mini_graph, t) for t in texts]
