"""Gap analysis of one chain for the city's enterprises (缺链 / 弱链 / 强链)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.resolve import resolve_terms, resolved_products

STAGE_LABELS = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
CLASS_LABELS = {"missing": "缺链", "weak": "弱链", "strong": "强链"}


@dataclass(frozen=True)
class SegmentInput:
    id: int
    name: str
    stage: str
    parent_id: int | None = None
    terms: tuple[str, ...] = ()
    weight: float = 1.0


@dataclass(frozen=True)
class LocalEnterprise:
    id: int
    name: str
    products: frozenset[int] = frozenset()  # graph products it makes (entered or matched)
    segment_ids: frozenset[int] = frozenset()  # segments staff linked it to
    output: float = 0.0  # output value of the last 12 months, 万元
    anchor: bool = False  # 链主 of this chain


@dataclass
class SegmentGap:
    segment: SegmentInput
    products: set[int]
    resolutions: list
    # The one definition of a segment's local enterprises: enterprise id → "linked" (assigned
    # to the segment or a sub-segment in the enterprise library) or "matched" (not assigned,
    # but its graph products, entered or matched from its texts, include a segment product).
    local: dict[int, str] = field(default_factory=dict)
    children: list[int] = field(default_factory=list)
    output: float = 0.0
    share: float = 0.0
    gap_class: str = "missing"
    reasons: list[str] = field(default_factory=list)
    buyers: int = 0


def products_index(
    enterprises: list[LocalEnterprise], only: set[int] | None = None
) -> dict[int, list[int]]:
    """Product → local enterprises making it (restricted to `only`: a C-level set
    intersection per enterprise instead of a Python loop over all its products)."""
    makers: defaultdict[int, list[int]] = defaultdict(list)
    for enterprise in enterprises:
        for pid in enterprise.products if only is None else enterprise.products & only:
            makers[pid].append(enterprise.id)
    return makers


def find_gaps(
    index: GraphIndex,
    segments: list[SegmentInput],
    enterprises: list[LocalEnterprise],
    config: EngineConfig | None = None,
) -> dict:
    config = config or EngineConfig()
    by_id = {e.id: e for e in enterprises}
    gaps: dict[int, SegmentGap] = {}
    for segment in segments:
        resolutions = resolve_terms(index, list(segment.terms), config) if not index.empty else []
        gaps[segment.id] = SegmentGap(segment, resolved_products(resolutions), resolutions)
    local_makers = products_index(enterprises, set().union(*(g.products for g in gaps.values())))
    for enterprise in enterprises:
        for sid in enterprise.segment_ids:
            if sid in gaps:
                gaps[sid].local[enterprise.id] = "linked"
    for gap in gaps.values():
        if gap.segment.parent_id in gaps:
            gaps[gap.segment.parent_id].children.append(gap.segment.id)
        for pid in gap.products:
            for eid in local_makers.get(pid, ()):
                gap.local.setdefault(eid, "matched")
    # A parent segment holds what its children hold.
    for gap in _post_order(gaps):
        for child in gap.children:
            for eid, via in gaps[child].local.items():
                gap.local.setdefault(eid, via)
    chain_ids = {eid for gap in gaps.values() for eid in gap.local}
    total_output = sum(by_id[eid].output for eid in chain_ids)
    buyers = segment_buyers(index, gaps, enterprises) if not index.empty else {}
    for gap in gaps.values():
        _classify(gap, by_id, total_output, config, buyers.get(gap.segment.id, 0))
    risks = single_supplier_risks(
        index, [by_id[e] for e in chain_ids if by_id[e].anchor], enterprises
    )
    return _report(index, gaps, by_id, total_output, risks, config)


def _post_order(gaps: dict[int, SegmentGap]) -> list[SegmentGap]:
    order: list[SegmentGap] = []
    seen: set[int] = set()

    def visit(gap: SegmentGap) -> None:
        if gap.segment.id in seen:
            return
        seen.add(gap.segment.id)
        for child in gap.children:
            visit(gaps[child])
        order.append(gap)

    for gap in gaps.values():
        visit(gap)
    return order


def _classify(
    gap: SegmentGap, by_id, total_output: float, config: EngineConfig, buyers: int
) -> None:
    """Missing: no local enterprise. Weak: too few or too small local suppliers for local
    demand (the three thresholds of `weak_rule`). Strong otherwise."""
    count = len(gap.local)
    gap.output = sum(by_id[eid].output for eid in gap.local)
    gap.share = gap.output / total_output if total_output > 0 else 0.0
    gap.buyers = buyers
    if count == 0:
        gap.gap_class = "missing"
        gap.reasons.append("本地没有企业生产该环节产品")
        return
    if count <= config.weak_supplier_count:
        gap.reasons.append(f"本地仅 {count} 家企业（不超过 {config.weak_supplier_count} 家）")
    if config.weak_min_output and total_output > 0 and gap.output < config.weak_min_output:
        gap.reasons.append(
            f"本地产值 {gap.output:,.0f} 万元，低于 {config.weak_min_output:,.0f} 万元"
        )
    if buyers > count * config.weak_buyers_per_supplier:
        gap.reasons.append(
            f"本地 {buyers} 家企业需要该环节产品，供应企业仅 {count} 家"
            f"（超过 1:{config.weak_buyers_per_supplier:g}）"
        )
    gap.gap_class = "weak" if gap.reasons else "strong"
    if not gap.reasons:
        gap.reasons.append(
            f"本地 {count} 家企业"
            + (f"，产值 {gap.output:,.0f} 万元" if total_output > 0 else "")
            + (f"，满足本地 {buyers} 家需求企业" if buyers else "")
        )


def weak_rule(config: EngineConfig) -> str:
    """The thresholds in words, shown beside the classes."""
    parts = [f"本地企业不超过 {config.weak_supplier_count} 家"]
    if config.weak_min_output:
        parts.append(
            f"近 {config.output_months} 个月环节产值低于 {config.weak_min_output:,.0f} 万元"
        )
    parts.append(f"本地需要该环节产品的企业超过供应企业的 {config.weak_buyers_per_supplier:g} 倍")
    return (
        "缺链：本地没有企业生产该环节产品。弱链：本地供应企业太少或太小，满足不了本地需求，即"
        + "；或".join(parts)
        + "。本地企业＝企业库中归入该环节（含下级环节）的企业 ＋ 主营产品或经营范围匹配到该环节产品的企业，两者分别列出。"
    )


def segment_buyers(
    index: GraphIndex, gaps: dict[int, SegmentGap], enterprises: list[LocalEnterprise]
) -> dict[int, int]:
    """Segment → local enterprises of the chain (in any of its segments) that need one of
    its products as an upstream material: the local demand for the segment."""
    chain_ids = {eid for gap in gaps.values() for eid in gap.local}
    needs: dict[int, frozenset[int]] = {}
    cache = index._resolve_cache
    for enterprise in enterprises:
        if enterprise.id in chain_ids and enterprise.products:
            # Many enterprises share a product set: their needs are computed once per index.
            key = ("needs", enterprise.products)
            found = cache.get(key)
            if found is None:
                found = cache[key] = frozenset(material_needs(index, enterprise))
            needs[enterprise.id] = found
    result = {}
    for sid, gap in gaps.items():
        result[sid] = sum(
            1
            for eid, wanted in needs.items()
            if eid not in gap.local and not wanted.isdisjoint(gap.products)
        )
    return result


def single_supplier_risks(
    index: GraphIndex, anchors: list[LocalEnterprise], enterprises: list[LocalEnterprise]
) -> list[dict]:
    """Upstream materials of a local anchor that exactly one other local enterprise makes."""
    needs = {anchor.id: material_needs(index, anchor) for anchor in anchors}
    wanted = {
        m
        for n in needs.values()
        for material in n
        for m in (material, *index.subclasses.get(material, ()))
    }
    makers = products_index(enterprises, wanted)
    by_id = {e.id: e for e in enterprises}
    risks = []
    for anchor in anchors:
        for material, made_by in needs[anchor.id].items():
            suppliers = {
                eid
                for pid in (material, *index.subclasses.get(material, ()))
                for eid in makers.get(pid, ())
            } - {anchor.id}
            if len(suppliers) == 1:
                supplier = by_id[next(iter(suppliers))]
                risks.append(
                    {
                        "anchor_id": anchor.id,
                        "anchor": anchor.name,
                        "material_id": material,
                        "material": index.name[material],
                        "for_product": index.name[made_by],
                        "supplier_id": supplier.id,
                        "supplier": supplier.name,
                        "reason": f"链主 {anchor.name} 的 {index.name[made_by]} 所需 {index.name[material]} "
                        f"本地仅 {supplier.name} 一家供应",
                    }
                )
    return risks


def material_needs(index: GraphIndex, enterprise: LocalEnterprise) -> dict[int, int]:
    """Upstream material → the enterprise product that needs it (usable names only)."""
    needs: dict[int, int] = {}
    for pid in sorted(enterprise.products):
        for kind in index.kinds_of(pid):
            for material in index.materials.get(kind, ()):
                if index.usable(material) and material not in enterprise.products:
                    needs.setdefault(material, pid)
    return needs


def _report(index, gaps, by_id, total_output, risks, config) -> dict:
    leaves = [g for g in gaps.values() if not g.children]
    weight_sum = sum(g.segment.weight for g in leaves) or 1.0
    rows = []
    score = 0.0
    for gap in gaps.values():
        segment = gap.segment
        contribution = 0.0
        if not gap.children:
            contribution = segment.weight * config.class_score(gap.gap_class) / weight_sum
            score += contribution
        local = sorted(gap.local, key=lambda eid: -by_id[eid].output)
        rows.append(
            {
                "id": segment.id,
                "name": segment.name,
                "stage": segment.stage,
                "stage_label": STAGE_LABELS.get(segment.stage, segment.stage),
                "parent_id": segment.parent_id,
                "leaf": not gap.children,
                "weight": segment.weight,
                "gap_class": gap.gap_class,
                "gap_label": CLASS_LABELS[gap.gap_class],
                "reasons": gap.reasons,
                "product_count": len(gap.products),
                "terms": [r.as_dict(index) for r in gap.resolutions],
                "local_count": len(local),
                "local_assigned": sum(1 for eid in local if gap.local[eid] == "linked"),
                "local_matched": sum(1 for eid in local if gap.local[eid] == "matched"),
                "buyers": gap.buyers,
                "output": round(gap.output, 2),
                "output_share": round(gap.share, 4),
                "local": [
                    {
                        "id": eid,
                        "name": by_id[eid].name,
                        "via": gap.local[eid],
                        "output": round(by_id[eid].output, 2),
                        "anchor": by_id[eid].anchor,
                    }
                    for eid in local
                ],
                "anchors": [by_id[eid].name for eid in local if by_id[eid].anchor],
                "risks": [r for r in risks if r["material_id"] in gap.products],
                "contribution": round(contribution * 100, 2),
            }
        )
    summary = {c: sum(1 for g in leaves if g.gap_class == c) for c in CLASS_LABELS}
    return {
        "graph_imported": not index.empty,
        "note": "" if not index.empty else "未导入全国产业图谱：仅按已关联到环节的企业分析",
        "segments": rows,
        "summary": summary,
        "single_supplier_risks": risks,
        "total_output": round(total_output, 2),
        "completeness": round(score * 100, 1),
        "weak_rule": weak_rule(config),
        "completeness_explained": (
            f"完整度 = Σ(末级环节权重 × 等级得分) ÷ 末级环节权重合计（{weight_sum:g}）× 100；"
            + "，".join(f"{CLASS_LABELS[c]}得 {s:g}" for c, s in config.class_scores)
        ),
    }
