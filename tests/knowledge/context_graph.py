"""A tiny graph built in memory for the ranking tests (no database): an electrical chain's
makers, an oil-casing maker, a car-radiator maker, a delisted one, a solar module maker."""

from __future__ import annotations

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.context import build_context
from chainchief.knowledge.engine.index import build_index
from chainchief.knowledge.engine.resolve import resolve_terms
from chainchief.knowledge.engine.targets import TargetSegment
from chainchief.knowledge.names import normalize

PRODUCTS = [
    "变压器", "铁芯", "套管", "变压器套管", "油套管", "散热器", "汽车空调", "电缆", "开关柜",
    "太阳能电池组件", "硅钢片", "钻杆",
]  # fmt: skip
INDUSTRIES = [
    ("630000", "电力设备", 1, ""), ("630500", "电网设备", 2, "630000"),
    ("630501", "输变电设备", 3, "630500"),
    ("730000", "石油石化", 1, ""), ("730200", "油服工程", 2, "730000"),
    ("730201", "油田服务", 3, "730200"),
    ("280000", "汽车", 1, ""), ("280200", "汽车零部件", 2, "280000"),
    ("280201", "车身附件", 3, "280200"),
]  # fmt: skip
# id, short name, full name, province, industry, [(product, weight)]
COMPANIES = [
    (1, "西电", "西电电气股份有限公司", "陕西", "630501", [("变压器", 0.5), ("套管", 0.1)]),
    (2, "特变", "特变电工股份有限公司", "新疆", "630501", [("变压器", 0.3), ("开关柜", 0.2)]),
    (3, "瓷套", "浙江瓷套电气股份有限公司", "浙江", "630501", [("变压器套管", 0.6)]),
    (4, "墨龙", "山东墨龙石油机械股份有限公司", "山东", "730201", [("油套管", 0.8), ("钻杆", 0.1)]),
    (5, "八菱", "广西八菱科技股份有限公司", "广西", "280201", [("散热器", 0.7), ("汽车空调", 0.2)]),
    (6, "华鹏", "江苏华鹏变压器股份有限公司", "江苏", "630501", [("散热器", 0.3), ("变压器", 0.4)]),
    (7, "欣泰退", "丹东欣泰电气股份有限公司", "辽宁", "630501", [("变压器", 0.9)]),
    (8, "锦浪", "锦浪科技股份有限公司", "浙江", "630501", [("变压器", 1.14)]),
    (9, "远缆", "远东电缆股份有限公司", "江苏", "630501", [("开关柜", 0.3)]),
    (10, "输电科技", "输电科技股份有限公司", "湖南", "630501", []),
    (11, "隆能", "隆能绿能科技股份有限公司", "陕西", "630501", [("太阳能电池组件", 0.8)]),
]  # fmt: skip


def build() -> object:
    pid = {name: n for n, name in enumerate(PRODUCTS, 1)}
    return build_index(
        products=[(pid[n], n, normalize(n), "") for n in PRODUCTS],
        relations=[(pid["变压器"], pid["铁芯"], "upstream_material"),
                   (pid["变压器"], pid["散热器"], "upstream_material")],
        company_products=[(cid, pid[p], w) for cid, *_x, products in COMPANIES for p, w in products],
        companies=[(cid, f"60000{cid}", f"60000{cid}", short, full, province, "", False, True)
                   for cid, short, full, province, _i, _p in COMPANIES],
        company_industries=[(cid, industry) for cid, _s, _f, _pr, industry, _p in COMPANIES],
        industries=INDUSTRIES,
    )  # fmt: skip


def chain(index, terms: dict[str, list[str]], config: EngineConfig | None = None):
    """(segments by name, context) for a chain named 输变电装备产业链 with these segments."""
    config = config or EngineConfig()
    segments, how = {}, {}
    for n, (name, words) in enumerate(terms.items(), 1):
        how[n] = {p: h for r in resolve_terms(index, words, config) for p, h in r.products.items()}
        segments[name] = TargetSegment(n, name, "upstream", "missing", frozenset(how[n]), how[n],
                                       tuple(words))  # fmt: skip
    context = build_context(
        index, how, config, terms={s.id: s.terms for s in segments.values()},
        chain_name="输变电装备产业链",
    )  # fmt: skip
    return segments, context


POWER = {"变压器": ["变压器"], "套管": ["套管"], "散热": ["散热器"], "电缆": ["电缆"]}
