"""Segment terms → graph products, saying how each product was reached."""

from __future__ import annotations

from dataclasses import dataclass, field

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.names import GENERIC_WORDS, normalize

HOW_LABELS = {
    "exact": "精确匹配",
    "subclass": "产品小类",
    "contains": "名称包含（同类产品）",
    "broader": "更宽的产品名",
}


@dataclass
class TermResolution:
    term: str
    products: dict[int, str] = field(default_factory=dict)  # pid → how
    note: str = ""

    def as_dict(self, index: GraphIndex) -> dict:
        return {
            "term": self.term,
            "note": self.note,
            "products": [
                {"id": pid, "name": index.name[pid], "how": how, "how_label": HOW_LABELS[how]}
                for pid, how in self.products.items()
            ],
        }


def resolve_term(
    index: GraphIndex, term: str, config: EngineConfig | None = None
) -> TermResolution:
    config = config or EngineConfig()
    cached = index._resolve_cache.get((term, config.subclass_depth, config.max_products_per_term))
    if cached is not None:
        return cached
    result = _resolve(index, term, config)
    index._resolve_cache[(term, config.subclass_depth, config.max_products_per_term)] = result
    return result


def _resolve(index: GraphIndex, term: str, config: EngineConfig) -> TermResolution:
    result = TermResolution(term=term)
    norm = normalize(term)
    if len(norm) < 2 and norm not in index.by_norm:
        result.note = "产品词过短"
        return result
    if norm in GENERIC_WORDS:
        result.note = "泛称，不参与匹配"
        return result
    limit = config.max_products_per_term
    exact = index.by_norm.get(norm)
    # An exact one-character name (硼, 氯) is a real material when the user writes it;
    # fragments, debris and generic words never resolve.
    if exact is not None and index.noise.get(exact, "one_char") == "one_char":
        result.products[exact] = "exact"
        frontier = [exact]
        for _ in range(config.subclass_depth):
            nxt = []
            for pid in frontier:
                for sub in index.subclasses.get(pid, ()):
                    if sub in result.products or not _is_kind_of(index, sub, pid):
                        continue
                    if len(result.products) < limit:
                        result.products[sub] = "subclass"
                        nxt.append(sub)
            frontier = nxt
    if len(norm) >= 2:
        for pid in index.ending_with(norm, limit):
            if len(result.products) >= limit:
                break
            if (
                pid not in result.products
                and len(index.norm[pid]) - len(norm) <= config.containment_extra_chars
            ):
                result.products[pid] = "contains"
    if not result.products:
        # The term is more specific than anything in the graph: fall back to the longest
        # graph product that ends the term (干式电力变压器 → 变压器).
        for cut in range(1, len(norm) - 1):
            pid = index.by_norm.get(norm[cut:])
            if pid is not None and index.usable(pid) and norm[cut:] not in GENERIC_WORDS:
                result.products[pid] = "broader"
                break
    if not result.products:
        result.note = "图谱中未找到该产品"
    return result


def _is_kind_of(index: GraphIndex, sub: int, parent: int) -> bool:
    """Guard on the graph's sub-class edges: `变压器油` under `变压器` is a material, not a
    kind of transformer. A sub-class that spells out its parent must keep its head noun."""
    if not index.usable(sub):
        return False
    sub_norm, parent_norm = index.norm[sub], index.norm[parent]
    return parent_norm not in sub_norm or sub_norm.endswith(parent_norm[-1])


def resolve_terms(
    index: GraphIndex, terms: list[str], config: EngineConfig | None = None
) -> list[TermResolution]:
    return [resolve_term(index, term, config) for term in terms if term and term.strip()]


def resolved_products(resolutions: list[TermResolution]) -> set[int]:
    products: set[int] = set()
    for resolution in resolutions:
        products.update(resolution.products)
    return products
