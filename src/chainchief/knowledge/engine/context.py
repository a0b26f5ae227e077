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

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.names import is_stop_word, normalize

CORE_HOWS = frozenset({"exact", "subclass", "synonym"})
MATERIAL_WEIGHT = 0.5  # supplying industries count half as much as the chain's own


@dataclass
class ChainContext:
    by_segment: dict[int, Counter] = field(default_factory=dict)  # segment → level-2 weights
    total: Counter = field(default_factory=Counter)
    neighbourhood: set[int] = field(default_factory=set)
    core_products: set[int] = field(default_factory=set)
    segment_products: dict[int, set[int]] = field(default_factory=dict)
    # Industries that supply the chain: makers of the graph's upstream materials of its
    # products (steel for transformers, copper foil makers for batteries), per material.
    by_material: dict[int, Counter] = field(default_factory=dict)
    materials_total: Counter = field(default_factory=Counter)
    # Words that tie a product name to this chain (锂电, 电池 in a 锂电池 chain; the other
    # segments' terms): `锂电铜箔` or `锂离子电池隔膜` is this chain's, whoever makes it.
    chain_words: set[str] = field(default_factory=set)
    segment_words: dict[int, set[str]] = field(default_factory=dict)
    # Segment → makers of its core products, filled as the ranking asks (targets.py).
    makers_cache: dict[int, set[int]] = field(default_factory=dict)

    def words_without(self, segment_id: int | None) -> set[str]:
        own = self.segment_words.get(segment_id, set())
        words = set(self.chain_words)
        for sid, own in self.segment_words.items():
            if sid != segment_id:
                words |= own
        return words - own

    def has_peers(self, segment_id: int | None) -> bool:
        """Do other segments' makers give this segment an industry profile to judge by?"""
        return any(sid != segment_id and counts for sid, counts in self.by_segment.items())

    def profile_without(self, segment_id: int | None) -> dict[str, float]:
        counts = self.total.copy()
        if segment_id in self.by_segment:
            counts.subtract(self.by_segment[segment_id])
        own = self.segment_products.get(segment_id, set())
        supply = self.materials_total.copy()
        for pid in own & self.by_material.keys():
            supply.subtract(self.by_material[pid])
        for code, weight in supply.items():
            counts[code] += MATERIAL_WEIGHT * weight
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
    *,
    terms: dict[int, tuple[str, ...]] | None = None,
    chain_name: str = "",
) -> ChainContext:
    """segments: segment id → {product id: how it was resolved}; terms: segment id → its
    terms (and synonyms); chain_name: its two-character words tie names to the chain."""
    config = config or EngineConfig()
    context = ChainContext()
    core = normalize(chain_name).removesuffix("产业链").removesuffix("链")
    for part in re.split("[及与和、]", core):
        context.chain_words |= {part[i : i + 2] for i in range(len(part) - 1)}
    context.chain_words = {w for w in context.chain_words if not _broad(w)}
    for sid, words in (terms or {}).items():
        context.segment_words[sid] = {
            n for n in (normalize(w) for w in words) if len(n) >= 2 and not _broad(n)
        }
    for sid, products in segments.items():
        context.segment_products[sid] = set(products)
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
    materials: set[int] = set()
    for pid in context.core_products:
        for kind in index.kinds_of(pid):
            materials.update(index.materials.get(kind, ()))
        near.update(index.used_in.get(pid, ()))
        near.update(index.subclasses.get(pid, ()))
        near.update(index.superclasses.get(pid, ()))
    near |= materials
    context.neighbourhood = {p for p in near if index.usable(p)}
    for pid in materials:
        if not index.usable(pid):
            continue
        counts = Counter()
        for cid, weight in index.makers.get(pid, ()):
            share = min(1.0, max(weight, config.min_weight))
            for code in index.company_industries.get(cid, ()):
                counts[level2(index, code)] += share
        if counts:
            context.by_material[pid] = counts
            context.materials_total.update(counts)
    return context


BROAD_WORDS = frozenset({"装备", "产业", "制造", "材料", "设备", "产品", "零部", "部件", "配套"})


def _broad(word: str) -> bool:
    return word in BROAD_WORDS or is_stop_word(word)


def tied_to_chain(index: GraphIndex, pid: int, words: set[str]) -> bool:
    name = index.norm[pid]
    return any(w in name for w in words)


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
    segment_id: int | None = None,
) -> bool:
    if not profile:
        return True  # a one-segment chain has no context to judge by
    fit = maker_fit(index, context, profile, cid)
    if fit is None or fit >= config.context_min_fit:
        return True
    words = context.words_without(segment_id)
    # A matched product whose own name ties it to the chain (锂电铜箔 in a 锂电池 chain,
    # 光伏逆变器 in a 光伏 chain) vouches for its maker; otherwise another product must.
    return any(
        tied_to_chain(index, pid, words) or (pid not in matched and pid in context.neighbourhood)
        for pid, _ in index.portfolio.get(cid, ())
    )


def industry_prior(fit: float | None, best: float) -> float:
    """Score multiplier from the chain's industry profile: 1 for a maker in the industry
    that fits the chain best among the segment's makers, down to 0.5 for one far from
    it; 0.75 when the graph knows no industry of the maker."""
    if fit is None or best <= 0:
        return 0.75
    return 0.5 + 0.5 * min(1.0, fit / best)


def same_kind(
    index: GraphIndex,
    context: ChainContext,
    profile: dict[str, float],
    pid: int,
    config: EngineConfig,
    segment_id: int | None = None,
) -> bool:
    """Is a containing name (`油套管` for the term 套管) the same kind of thing in this chain?
    Yes when most of its makers are in the chain's context; with no maker known, when the
    graph links it to the chain's products."""
    if not profile or tied_to_chain(index, pid, context.words_without(segment_id)):
        return True
    makers = [cid for cid, _ in index.makers.get(pid, ())]
    fits = [maker_fit(index, context, profile, cid) for cid in makers]
    known = [f for f in fits if f is not None]
    if not known:
        return pid in context.neighbourhood
    return sum(1 for f in known if f >= config.context_min_fit) * 2 > len(known)


def sibling_products(index: GraphIndex, products: set[int]) -> dict[int, int]:
    """Products sharing a specific parent and the head noun with one of `products` → that
    product (`油浸式变压器` and `干式变压器` under `电力变压器`; not `LED灯` beside
    `LED灯散热器`)."""
    found: dict[int, int] = {}
    for pid in products:
        head = index.norm[pid][-2:]
        for parent in index.superclasses.get(pid, ()):
            siblings = index.subclasses.get(parent, ())
            if len(siblings) > 40:
                continue  # a broad parent (`设备`) makes no siblings
            for sib in siblings:
                if sib not in products and index.usable(sib) and index.norm[sib].endswith(head):
                    found.setdefault(sib, pid)
    return found


def kin_product(index: GraphIndex, cid: int, matched: set[int]) -> tuple[int, int, float] | None:
    """The company's main product of the same kind as one of its `matched` products: a
    sub-class of the same graph parent with the same head noun (蓄电池 beside 锂电池, both
    under 电池), a broad head (材料, 设备) excepted. (kin product, matched product, its
    revenue weight), or None."""
    heads: dict[int, list[tuple[str, int]]] = {}
    for pid in matched:
        head = index.norm[pid][-2:]
        if len(head) < 2 or _broad(head):
            continue
        for parent in index.superclasses.get(pid, ()):
            heads.setdefault(parent, []).append((head, pid))
    if not heads:
        return None
    for pid, weight in index.portfolio.get(cid, ()):  # heaviest first
        if pid in matched or not index.usable(pid):
            continue
        norm = index.norm[pid]
        for parent in index.superclasses.get(pid, ()):
            for head, seg_pid in heads.get(parent, ()):
                if norm.endswith(head):
                    return pid, seg_pid, weight
    return None


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
