"""A tiny battery chain built in memory for the ranking tests (no database): cell makers,
cathode makers from the chain's industries and from far ones, copper-foil makers, and a
company known only by its Shenwan industry (锂电池)."""

from __future__ import annotations

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.context import build_context
from chainchief.knowledge.engine.index import build_index
from chainchief.knowledge.engine.resolve import resolve_terms
from chainchief.knowledge.engine.targets import TargetSegment
from chainchief.knowledge.names import normalize

PRODUCTS = ["锂电池", "正极材料", "铜箔", "锂电铜箔", "钻杆", "汽车座椅"]
INDUSTRIES = [
    ("630000", "电力设备", 1, ""), ("630700", "电池", 2, "630000"),
    ("630701", "锂电池", 3, "630700"), ("630702", "电池化学品", 3, "630700"),
    ("240000", "有色金属", 1, ""), ("240200", "工业金属", 2, "240000"),
    ("240201", "铜", 3, "240200"),
    ("280000", "汽车", 1, ""), ("280200", "汽车零部件", 2, "280000"),
    ("280201", "车身附件", 3, "280200"),
    ("730000", "石油石化", 1, ""), ("730200", "油服工程", 2, "730000"),
    ("730201", "油田服务", 3, "730200"),
]  # fmt: skip
# id, short name, industry, [(product, weight)]
COMPANIES = [
    (1, "宁德", "630701", [("锂电池", 0.8)]),
    (2, "亿纬", "630701", [("锂电池", 0.5)]),
    (3, "比亚", "280201", [("锂电池", 0.3), ("汽车座椅", 0.5)]),
    (4, "当升", "630702", [("正极材料", 0.6)]),
    (5, "富临", "280201", [("正极材料", 0.9)]),  # a car-parts maker with a big cathode line
    (6, "派能", "630701", []),  # known only by its industry
    (7, "诺德", "240201", [("铜箔", 0.5)]),
    (8, "嘉元", "730201", [("锂电铜箔", 0.9)]),  # industry far off, product name says 锂电
    (9, "梅雁", "730201", [("铜箔", 0.6), ("钻杆", 0.3)]),
    (10, "座椅", "280201", [("正极材料", 0.03), ("汽车座椅", 0.9)]),  # a side line
]
BATTERY = {"电池": ["锂电池"], "正极": ["正极材料"], "铜箔": ["铜箔"]}


def build() -> object:
    pid = {name: n for n, name in enumerate(PRODUCTS, 1)}
    return build_index(
        products=[(pid[n], n, normalize(n), "") for n in PRODUCTS],
        relations=[],
        company_products=[(cid, pid[p], w) for cid, *_x, products in COMPANIES for p, w in products],
        companies=[(cid, f"30000{cid}", f"30000{cid}", short, f"{short}股份有限公司", "湖北", "",
                    False, True) for cid, short, _i, _p in COMPANIES],
        company_industries=[(cid, industry) for cid, _s, industry, _p in COMPANIES],
        industries=INDUSTRIES,
    )  # fmt: skip


def chain(index, config: EngineConfig | None = None):
    """(segments by name, context) for a chain named 锂电池产业链."""
    config = config or EngineConfig()
    segments, how = {}, {}
    for n, (name, words) in enumerate(BATTERY.items(), 1):
        how[n] = {p: h for r in resolve_terms(index, words, config) for p, h in r.products.items()}
        segments[name] = TargetSegment(n, name, "upstream", "missing", frozenset(how[n]), how[n],
                                       tuple(words))  # fmt: skip
    context = build_context(
        index, how, config, terms={s.id: s.terms for s in segments.values()},
        chain_name="锂电池产业链",
    )  # fmt: skip
    return segments, context
