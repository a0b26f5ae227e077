"""A maker whose main product is of the same kind as the segment's (蓄电池 beside 锂电池,
both 电池 in the graph) is of the trade: a small lithium line of a battery maker ranks
before a bigger one of a company whose main product is something else (雄韬股份 in the
full graph: 锂电池 4 % of revenue, 蓄电池 85 %)."""

from __future__ import annotations

from chainchief.knowledge.engine.index import SUBCLASS, build_index
from chainchief.knowledge.engine.targets import TargetSegment, rank_targets
from chainchief.knowledge.names import normalize

PRODUCTS = ["电池", "锂电池", "蓄电池", "汽车座椅", "电池材料", "正极材料", "负极材料"]
CHILDREN = {"电池": ["锂电池", "蓄电池"], "电池材料": ["正极材料", "负极材料"]}
# id, short name, [(product, weight)]; all in the same Shenwan industry
COMPANIES = [
    (1, "雄韬", [("蓄电池", 0.85), ("锂电池", 0.04)]),
    (2, "杂项", [("汽车座椅", 0.85), ("锂电池", 0.08)]),
    (3, "当升", [("负极材料", 0.85), ("正极材料", 0.04)]),
    (4, "座椅", [("汽车座椅", 0.85), ("正极材料", 0.08)]),
]


def _index():
    pid = {name: n for n, name in enumerate(PRODUCTS, 1)}
    return pid, build_index(
        products=[(pid[n], n, normalize(n), "") for n in PRODUCTS],
        relations=[(pid[p], pid[c], SUBCLASS) for p, cs in CHILDREN.items() for c in cs],
        company_products=[(cid, pid[p], w) for cid, _s, products in COMPANIES for p, w in products],
        companies=[(cid, f"60000{cid}", f"60000{cid}", short, f"{short}股份有限公司", "湖北", "",
                    False, True) for cid, short, _p in COMPANIES],
        company_industries=[(cid, "630705") for cid, _s, _p in COMPANIES],
        industries=[("630000", "电力设备", 1, ""), ("630700", "电池", 2, "630000"),
                    ("630705", "蓄电池及其他电池", 3, "630700")],
    )  # fmt: skip


def _segment(pid, term: str) -> TargetSegment:
    return TargetSegment(1, term, "midstream", "missing", frozenset({pid[term]}), {}, (term,))


def test_a_battery_maker_with_a_small_lithium_line_goes_before_a_bigger_line_of_another_trade():
    pid, index = _index()
    ranked = rank_targets(index, [_segment(pid, "锂电池")], more_evidence=False)
    assert [t["name"] for t in ranked] == ["雄韬", "杂项"]
    assert ranked[0]["components"]["kin"] == 0.85
    assert (
        "同类产品 蓄电池 占收入 85%（与 锂电池 同属一类），为本行当企业，按 20% 计入收入占比"
        in ranked[0]["reasons"]
    )
    assert ranked[1]["components"]["kin"] == 0.0


def test_siblings_sharing_only_a_broad_head_noun_are_not_the_same_trade():
    pid, index = _index()
    ranked = rank_targets(index, [_segment(pid, "正极材料")], more_evidence=False)
    assert [t["name"] for t in ranked] == ["座椅", "当升"]  # 负极材料 ~ 正极材料 only by 材料
    assert all(t["components"]["kin"] == 0.0 for t in ranked)
