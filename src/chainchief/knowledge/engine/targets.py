"""Investment-attraction targets (招商目标): national companies that make a gap's products,
ranked by an explainable score; every target carries its reasons in Chinese."""

from __future__ import annotations

from dataclasses import dataclass

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.gaps import CLASS_LABELS, STAGE_LABELS
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.names import normalize


@dataclass(frozen=True)
class TargetSegment:
    id: int
    name: str
    stage: str
    gap_class: str
    products: frozenset[int]


def local_company_ids(index: GraphIndex, enterprise_names: list[str]) -> set[int]:
    """Graph companies that are already in the city: same full name or short name."""
    found = set()
    for name in enterprise_names:
        cid = index.company_by_name.get(normalize(name))
        if cid is not None:
            found.add(cid)
    return found


def anchor_demand(
    index: GraphIndex, anchors: list[tuple[str, frozenset[int]]]
) -> dict[int, tuple[str, str]]:
    """Upstream material → (anchor name, anchor product) for every local anchor's products."""
    demand: dict[int, tuple[str, str]] = {}
    for anchor_name, products in anchors:
        for pid in sorted(products):
            for kind in index.kinds_of(pid):
                for material in index.materials.get(kind, ()):
                    demand.setdefault(material, (anchor_name, index.name[pid]))
                    for sub in index.subclasses.get(material, ()):
                        demand.setdefault(sub, (anchor_name, index.name[pid]))
    return demand


def rank_targets(
    index: GraphIndex,
    segments: list[TargetSegment],
    *,
    excluded: set[int] = frozenset(),
    demand: dict[int, tuple[str, str]] | None = None,
    chain_products: set[int] | None = None,
    config: EngineConfig | None = None,
    top: int = 50,
    include_distressed: bool | None = None,
    regions: tuple[str, ...] | None = None,
) -> list[dict]:
    config = config or EngineConfig()
    demand = demand or {}
    include_distressed = (
        config.include_distressed if include_distressed is None else include_distressed
    )
    regions = config.preferred_regions if regions is None else regions
    chain_products = (
        chain_products
        if chain_products is not None
        else set().union(*(s.products for s in segments))
    )
    best: dict[int, dict] = {}
    for segment in segments:
        matched: dict[int, dict[int, float]] = {}
        for pid in segment.products:
            for cid, weight in index.makers.get(pid, ()):
                matched.setdefault(cid, {})[pid] = weight
        for cid, products in matched.items():
            info = index.companies[cid]
            if (
                cid in excluded
                or not info.is_primary
                or (info.distressed and not include_distressed)
            ):
                continue
            target = _score(index, info, segment, products, demand, chain_products, regions, config)
            current = best.get(cid)
            if current is None:
                best[cid] = target
            else:
                current["segments"].append(target["segments"][0])
                if target["score"] > current["score"]:
                    target["segments"] = current["segments"]
                    target["reasons"] = target["reasons"] + [
                        r for r in current["reasons"] if r not in target["reasons"]
                    ]
                    best[cid] = target
    ranked = sorted(best.values(), key=lambda t: (-t["score"], t["code"]))[:top]
    for target in ranked:
        if len(target["segments"]) > 1:
            # Filling several gaps at once is worth more: a small bonus per extra segment.
            target["score"] = round(target["score"] + 0.03 * (len(target["segments"]) - 1), 4)
            target["reasons"].append(f"可同时补 {len(target['segments'])} 个环节")
        target["reason"] = "；".join(target["reasons"])
    ranked.sort(key=lambda t: (-t["score"], t["code"]))
    return ranked


def _score(
    index, info, segment, products: dict[int, float], demand, chain_products, regions, config
) -> dict:
    portfolio = index.portfolio.get(info.id, ())
    revenue = min(1.0, sum(max(w, config.min_weight) for w in products.values()))
    in_chain = sum(1 for pid, _ in portfolio if pid in chain_products)
    specialisation = in_chain / len(portfolio) if portfolio else 0.0
    breadth = min(1.0, len(products) / 3)
    pulled = [(pid, demand[pid]) for pid in products if pid in demand]
    home = info.province in regions if info.province else False
    score = (
        config.w_revenue * revenue
        + config.w_specialisation * specialisation
        + config.w_breadth * breadth
        + config.w_demand * (1.0 if pulled else 0.0)
        + config.w_region * (1.0 if home else 0.0)
    )
    if info.distressed:
        score *= 1 - config.distress_penalty
    main = sorted(products.items(), key=lambda pw: -pw[1])
    top_pid, top_weight = main[0]
    label = f"{STAGE_LABELS.get(segment.stage, '')}·{segment.name}"
    reason = f"主营 {index.name[top_pid]} 占收入 {top_weight:.0%}"
    if len(main) > 1:
        reason += f" 等 {len(main)} 种相关产品"
    reasons = [f"{reason}，可补{label} {CLASS_LABELS.get(segment.gap_class, '')}".rstrip()]
    if pulled:
        anchor, product = pulled[0][1]
        reasons.append(f"本地链主 {anchor} 的上游材料（{product} 需要 {index.name[pulled[0][0]]}）")
    if portfolio and specialisation >= 0.5:
        reasons.append(f"专业化：{len(portfolio)} 种主营产品中 {in_chain} 种属本链")
    if home:
        reasons.append(f"位于{info.province}（优先承接地区）")
    if info.distressed:
        reasons.append("风险警示（ST）公司，谨慎接触")
    return {
        "company_id": info.id,
        "key": info.key,
        "code": info.code,
        "name": info.short_name,
        "full_name": info.full_name,
        "province": info.province,
        "city": info.city,
        "distressed": info.distressed,
        "score": round(score, 4),
        "components": {
            "revenue": round(revenue, 3),
            "specialisation": round(specialisation, 3),
            "breadth": round(breadth, 3),
            "demand": bool(pulled),
            "region": home,
        },
        "matched": [{"product": index.name[pid], "weight": round(w, 4)} for pid, w in main[:5]],
        "segments": [{"id": segment.id, "name": segment.name, "label": label}],
        "reasons": reasons,
    }


def industry_baseline(
    index: GraphIndex, segment: TargetSegment, *, excluded: set[int] = frozenset(), top: int = 50
) -> list[int]:
    """Baseline for the evaluation: rank companies by Shenwan industry alone (the industry
    most common among the segment's makers, then its level-2 and level-1 parents)."""
    counts: dict[str, int] = {}
    for pid in segment.products:
        for cid, _ in index.makers.get(pid, ()):
            for code in index.company_industries.get(cid, ()):
                counts[code] = counts.get(code, 0) + 1
    if not counts:
        return []
    main = max(counts, key=lambda c: (counts[c], c))
    level2 = index.industries.get(main, ("", 3, ""))[2]
    level1 = index.industries.get(level2, ("", 2, ""))[2] if level2 else ""

    def rank(cid: int) -> float:
        codes = index.company_industries.get(cid, ())
        if main in codes:
            return 1.0
        parents = {index.industries.get(c, ("", 0, ""))[2] for c in codes}
        if level2 and level2 in parents:
            return 0.5
        grand = {index.industries.get(p, ("", 0, ""))[2] for p in parents if p}
        return 0.25 if level1 and level1 in grand else 0.0

    scored = [
        (rank(cid), info.code, cid)
        for cid, info in index.companies.items()
        if cid not in excluded and info.is_primary and not info.distressed
    ]
    scored = [s for s in scored if s[0] > 0]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [cid for _, _, cid in scored[:top]]
