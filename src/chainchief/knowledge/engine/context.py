"""Chain context: what a chain's terms mean in that chain (pure Python).

A chain's industry profile is the Shenwan industries of the listed makers of its products
reached by exact, sub-class or synonym resolution, weighted by revenue share. A maker is
in context for a segment when its industries carry a fair share of the profile of the
*other* segments (leave-one-out: a segment's own makers never vouch for themselves), or
when its other products sit in the chain's graph neighbourhood (the chain's products,
their materials and what uses them). A containing name (油套管 ⊃ 套管) is the same kind of
thing only when it sits in that neighbourhood or most of its makers are in context.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.index import GraphIndex

CORE_HOWS = frozenset({"exact", "subclass", "synonym"})


@dataclass
class ChainContext:
    by_segment: dict[int, Counter] = field(default_factory=dict)  # segment → level-2 weights
    total: Counter = field(default_factory=Counter)
    neighbourhood: set[int] = field(default_factory=set)
    core_products: set[int] = field(default_factory=set)

    def profile_without(self, segment_id: int | None) -> dict[str, float]:
        counts = self.total.copy()
        if segment_id in self.by_segment:
            counts.subtract(self.by_segment[segment_id])
        counts = Counter({k: v for k, v in counts.items() if v > 1e-9})
        mass = sum(counts.values())
        return {k: v / mass for k, v in counts.items()} if mass else {}


def level2(index: GraphIndex, code: str) -> str:
    """The level-2 parent of a Shenwan code (a level-2 or level-1 code stays itself)."""
    _name, level, parent = index.industries.get(code, ("", 0, ""))
    return parent if level == 3 and parent else code


def industry_label(index: GraphIndex, cid: int) -> str:
    codes = index.company_industries.get(cid, ())
    names = [index.industries.get(level2(index, c), ("", 0, ""))[0] for c in codes]
    return "、".join(n for n in dict.fromkeys(names) if n)


def build_context(
    index: GraphIndex,
    segments: dict[int, dict[int, str]],
    config: EngineConfig | None = None,
) -> ChainContext:
    """segments: segment id → {product id: how it was resolved}."""
    config = config or EngineConfig()
    context = ChainContext()
    for sid, products in segments.items():
        counts: Counter = Counter()
        for pid, how in products.items():
            if how not in CORE_HOWS:
                continue
            context.core_products.add(pid)
            for cid, weight in index.makers.get(pid, ()):
                share = min(1.0, max(weight, config.min_weight))
                for code in index.company_industries.get(cid, ()):
                    counts[level2(index, code)] += share
        context.by_segment[sid] = counts
        context.total.update(counts)
    near = set(context.core_products)
    for pid in context.core_products:
        for kind in index.kinds_of(pid):
            near.update(index.materials.get(kind, ()))
        near.update(index.used_in.get(pid, ()))
        near.update(index.subclasses.get(pid, ()))
        near.update(index.superclasses.get(pid, ()))
    context.neighbourhood = {p for p in near if index.usable(p)}
    return context


def maker_fit(
    index: GraphIndex, context: ChainContext, profile: dict[str, float], cid: int
) -> float | None:
    """Share of the profile on the company's level-2 industries (None: no industry known)."""
    codes = index.company_industries.get(cid, ())
    if not codes:
        return None
    return sum(profile.get(c, 0.0) for c in {level2(index, code) for code in codes})


def in_context(
    index: GraphIndex,
    context: ChainContext,
    profile: dict[str, float],
    cid: int,
    matched: set[int],
    config: EngineConfig,
) -> bool:
    if not profile:
        return True  # a one-segment chain has no context to judge by
    fit = maker_fit(index, context, profile, cid)
    if fit is None or fit >= config.context_min_fit:
        return True
    return any(
        pid in context.neighbourhood and pid not in matched
        for pid, _ in index.portfolio.get(cid, ())
    )


def same_kind(
    index: GraphIndex,
    context: ChainContext,
    profile: dict[str, float],
    pid: int,
    config: EngineConfig,
) -> bool:
    """Is a containing name (`油套管` for the term 套管) the same kind of thing in this chain?"""
    if pid in context.neighbourhood or not profile:
        return True
    makers = [cid for cid, _ in index.makers.get(pid, ())]
    if not makers:
        return False
    fits = [maker_fit(index, context, profile, cid) for cid in makers]
    known = [f for f in fits if f is not None]
    if not known:
        return True
    return sum(1 for f in known if f >= config.context_min_fit) * 2 > len(known)


def sibling_products(index: GraphIndex, products: set[int]) -> dict[int, int]:
    """Products sharing a specific parent with one of `products` → that product."""
    found: dict[int, int] = {}
    for pid in products:
        for parent in index.superclasses.get(pid, ()):
            siblings = index.subclasses.get(parent, ())
            if len(siblings) > 40:
                continue  # a broad parent (`设备`) makes no siblings
            for sib in siblings:
                if sib not in products and index.usable(sib):
                    found.setdefault(sib, pid)
    return found


def dominant_industries(index: GraphIndex, cids: list[int]) -> set[str]:
    """Level-3 industries held by at least two of `cids` and by the most of them."""
    counts: defaultdict[str, int] = defaultdict(int)
    for cid in cids:
        for code in set(index.company_industries.get(cid, ())):
            counts[code] += 1
    if not counts:
        return set()
    top = max(counts.values())
    return {c for c, n in counts.items() if n == top and n >= 2}
