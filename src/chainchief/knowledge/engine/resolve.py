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
    "synonym": "同义词",
}


@dataclass
class TermResolution:
    term: str
    products: dict[int, str] = field(default_factory=dict)  # pid → how
    note: str = ""
    via: dict[int, str] = field(default_factory=dict)  # pid → the synonym that reached it
    synonyms: list[tuple[str, int]] = field(default_factory=list)  # (synonym, products added)

    def as_dict(self, index: GraphIndex) -> dict:
        return {
            "term": self.term,
            "note": self.note,
            "synonyms": [{"word": w, "count": n} for w, n in self.synonyms],
            "products": [
                {
                    "id": pid,
                    "name": index.name[pid],
                    "how": how,
                    "how_label": HOW_LABELS[how]
                    + (f"：{self.via[pid]}" if pid in self.via else ""),
                }
                for pid, how in self.products.items()
            ],
        }


def resolve_term(
    index: GraphIndex, term: str, config: EngineConfig | None = None
) -> TermResolution:
    config = config or EngineConfig()
    key = (term, config.subclass_depth, config.max_products_per_term, config.synonyms)
    cached = index._resolve_cache.get(key)
    if cached is not None:
        return cached
    result = _resolve(index, term, config)
    variants = dict(config.synonyms).get(normalize(term), ())
    if variants and result.note != "泛称，不参与匹配":
        _add_synonyms(index, result, variants, config)
    if not result.products:
        _broader(index, result, normalize(term))
    if result.products:
        result.note = ""
    index._resolve_cache[key] = result
    return result


def _add_synonyms(index, result: TermResolution, variants, config: EngineConfig) -> None:
    """Products of each synonym join the term's: exact and sub-class ones as `synonym`,
    containing names as `contains` (the chain context still checks those)."""
    if any(how == "broader" for how in result.products.values()):
        result.products.clear()  # a synonym is better evidence than a broader fallback
    for variant in variants:
        found = _resolve(index, variant, config, fallback=False)
        added = 0
        for pid, how in found.products.items():
            if (
                pid not in result.products
                and len(result.products) < config.max_products_per_term * 2
            ):
                result.products[pid] = "contains" if how == "contains" else "synonym"
                result.via[pid] = variant
                added += 1
        result.synonyms.append((variant, added))


def _broader(index: GraphIndex, result: TermResolution, norm: str) -> None:
    # The term is more specific than anything in the graph: fall back to the longest
    # graph product that ends the term (干式电力变压器 → 变压器).
    for cut in range(1, len(norm) - 1):
        pid = index.by_norm.get(norm[cut:])
        if pid is not None and index.usable(pid) and norm[cut:] not in GENERIC_WORDS:
            result.products[pid] = "broader"
            result.note = ""
            return


def _resolve(
    index: GraphIndex, term: str, config: EngineConfig, *, fallback: bool = True
) -> TermResolution:
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
    if not result.products and fallback and not dict(config.synonyms).get(norm):
        _broader(index, result, norm)
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
