"""Every threshold and weight of the engine, in one place.

Override in settings: CHAINCHIEF_KNOWLEDGE = {"weak_share": 0.03, "preferred_regions": ["广东"]}.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class EngineConfig:
    # Gap classes. A segment is weak (弱链) when its local suppliers are too few or too small
    # for local demand: at most this many local suppliers …
    weak_supplier_count: int = 1
    # … or their output of the last 12 months below this (万元; 0 turns the rule off) …
    weak_min_output: float = 5000.0
    # … or more local buyers (chain enterprises needing its products) per supplier than this.
    weak_buyers_per_supplier: float = 8.0
    # Completeness: what a segment of each class contributes of its weight.
    class_scores: tuple[tuple[str, float], ...] = (("strong", 1.0), ("weak", 0.5), ("missing", 0.0))
    # Regions preferred as sources of industry transfer (产业转移承接来源地).
    preferred_regions: tuple[str, ...] = ("广东", "江苏", "浙江", "上海")
    include_distressed: bool = False
    # Target score = Σ weight × component (each component 0..1).
    w_revenue: float = 0.50  # revenue share of the matched products
    w_specialisation: float = 0.15  # share of the company's products inside the chain
    w_breadth: float = 0.05  # how many of the segment's products it makes
    w_demand: float = 0.20  # its products are upstream materials of local anchors' products
    w_region: float = 0.10  # home region is preferred
    # A maker's own trade: the revenue share of its other products of the same kind as a
    # matched one (蓄电池 beside 锂电池, both 电池 in the graph) counts this much toward the
    # revenue component, so a battery maker with a small lithium line is no side line.
    kin_share: float = 0.2
    distress_penalty: float = 0.5  # score multiplier cut when distressed ones are included
    min_weight: float = 0.02  # a 0.0 revenue weight in the source still marks a maker
    # Chain context: a maker whose Shenwan industries carry less than this share of the
    # chain's industry profile is out of context (its score is multiplied by the penalty).
    context_min_fit: float = 0.02
    context_penalty: float = 0.3
    # A matched product below this share of the maker's revenue, from a maker whose
    # industry sits far from the chain, is a side line: medium evidence, after the 高 ones.
    marginal_share: float = 0.05
    # Weaker evidence (full name, sibling products, industry) fills lists up to `top` but
    # ranks below product evidence; its score is scaled by this.
    weak_evidence_scale: float = 0.5
    thin_below: int = 20  # … when a segment has fewer product-evidence targets than this
    # Synonym groups: (term, variants) pairs, variants resolved with the term (synonyms.py).
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Term resolution.
    subclass_depth: int = 2
    max_products_per_term: int = 80
    containment_extra_chars: int = 6
    # Proposal.
    proposal_max_segments: int = 12
    # Months of output that count for output shares.
    output_months: int = 12

    def class_score(self, gap_class: str) -> float:
        return dict(self.class_scores)[gap_class]

    def with_overrides(self, **overrides) -> EngineConfig:
        known = {f.name for f in fields(self)}
        clean = {
            k: (tuple(v) if isinstance(v, list) else v) for k, v in overrides.items() if k in known
        }
        return replace(self, **clean)
