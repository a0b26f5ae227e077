"""Every threshold and weight of the engine, in one place.

Override in settings: CHAINCHIEF_KNOWLEDGE = {"weak_share": 0.03, "preferred_regions": ["广东"]}.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class EngineConfig:
    # Gap classes: a segment is weak (弱链) with at most this many local suppliers …
    weak_supplier_count: int = 1
    # … or when its local output is below this share of the chain's local output.
    weak_share: float = 0.05
    # Completeness: what a segment of each class contributes of its weight.
    class_scores: tuple[tuple[str, float], ...] = (("strong", 1.0), ("weak", 0.5), ("missing", 0.0))
    # Regions preferred as sources of industry transfer (产业转移承接来源地).
    preferred_regions: tuple[str, ...] = ("广东", "江苏", "浙江", "上海")
    include_distressed: bool = False
    # Target score = Σ weight × component (each component 0..1).
    w_revenue: float = 0.40  # revenue share of the matched products
    w_specialisation: float = 0.20  # share of the company's products inside the chain
    w_breadth: float = 0.10  # how many of the segment's products it makes
    w_demand: float = 0.20  # its products are upstream materials of local anchors' products
    w_region: float = 0.10  # home region is preferred
    distress_penalty: float = 0.5  # score multiplier cut when distressed ones are included
    min_weight: float = 0.02  # a 0.0 revenue weight in the source still marks a maker
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
