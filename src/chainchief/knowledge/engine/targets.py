"""Investment-attraction targets (招商目标): national companies that make a gap's products,
ranked by an explainable score; every target carries its reasons in Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.context import (
    ChainContext,
    build_context,
    dominant_industries,
    in_context,
    industry_label,
    industry_prior,
    kin_product,
    maker_fit,
    same_kind,
    sibling_products,
)
from chainchief.knowledge.engine.gaps import CLASS_LABELS, STAGE_LABELS
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.names import is_delisted, is_stop_word, normalize


@dataclass(frozen=True)
class TargetSegment:
    id: int
    name: str
    stage: str
    gap_class: str
    products: frozenset[int]
    # How each product was resolved (resolve.py); empty means all exact.
    how: Mapping[int, str] = field(default_factory=dict, hash=False, compare=False)
    terms: tuple[str, ...] = ()  # the segment's terms and their synonyms, for name evidence


@dataclass(frozen=True)
class UniverseCandidate:
    """A company of the city's own registry (非上市), its products matched from its scope."""

    id: int
    name: str
    credit_code: str
    province: str
    city: str
    capital: float  # 注册资本, 万元
    products: Mapping[int, str] = field(default_factory=dict, hash=False, compare=False)


CONFIDENCE_LABELS = {"high": "高", "medium": "中", "low": "低"}
EVIDENCE_LABELS = {
    "product": "主营产品",
    "name": "公司全称",
    "sibling": "同类产品",
    "industry": "申万行业",
    "universe": "经营范围（城市企业名录）",
}


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
    context: ChainContext | None = None,
    marks: Mapping[int, set[str]] | None = None,
    universe: list[UniverseCandidate] = (),
    more_evidence: bool = True,
) -> list[dict]:
    """Targets for the segments, best first. Product evidence ranks first (高: exact,
    sub-class or synonym product, maker in the chain's context; 中: a containing name of
    the same kind, or a registry company whose scope names the product); weaker evidence
    (full name, sibling products, industry) and makers out of context follow (低).
    `marks`: segment id → company keys the office marked 不相关 for that segment."""
    config = config or EngineConfig()
    demand = demand or {}
    marks = marks or {}
    include_distressed = (
        config.include_distressed if include_distressed is None else include_distressed
    )
    regions = config.preferred_regions if regions is None else regions
    chain_products = (
        chain_products
        if chain_products is not None
        else set().union(*(s.products for s in segments))
    )
    if context is None:
        context = build_context(
            index,
            {s.id: dict(s.how) or dict.fromkeys(s.products, "exact") for s in segments},
            config,
            terms={s.id: s.terms for s in segments},
        )
    best: dict[str, dict] = {}

    def keep(target: dict) -> None:
        current = best.get(target["key"])
        if current is None:
            best[target["key"]] = target
            return
        current["segments"].append(target["segments"][0])
        if (target["tier"], -target["score"]) < (current["tier"], -current["score"]):
            target["segments"] = current["segments"]
            target["reasons"] = target["reasons"] + [
                r for r in current["reasons"] if r not in target["reasons"]
            ]
            best[target["key"]] = target

    for segment in segments:
        how = dict(segment.how) or dict.fromkeys(segment.products, "exact")
        profile = context.profile_without(segment.id)
        products = {
            pid
            for pid in segment.products
            if how.get(pid) != "contains"
            or same_kind(index, context, profile, pid, config, segment.id)
        }
        marked = marks.get(segment.id, set())
        matched: dict[int, dict[int, float]] = {}
        for pid in products:
            for cid, weight in index.makers.get(pid, ()):
                matched.setdefault(cid, {})[pid] = weight
        industry_fit = {cid: maker_fit(index, context, profile, cid) for cid in matched}
        best_fit = max((f for f in industry_fit.values() if f is not None), default=0.0)
        for cid, found in matched.items():
            info = index.companies[cid]
            if not _eligible(info, excluded, marked, include_distressed):
                continue
            fits = in_context(index, context, profile, cid, set(found), config, segment.id)
            prior = (
                industry_prior(industry_fit[cid], best_fit)
                if context.has_peers(segment.id)
                else 1.0
            )
            keep(
                _score(
                    index, info, segment, found, how, fits, demand, chain_products, regions,
                    config, prior,
                )
            )  # fmt: skip
        for target in _named_industry(
            index, segment, set(matched), context, profile, excluded, marked, include_distressed,
            chain_products, regions, config,
        ):  # fmt: skip
            keep(target)
        for candidate in universe:
            hit = {p: t for p, t in candidate.products.items() if p in products}
            if hit and candidate.credit_code not in marked:
                keep(_score_universe(index, candidate, segment, hit, demand, regions, config))
        if more_evidence:
            have = sum(
                1 for t in best.values() if any(s["id"] == segment.id for s in t["segments"])
            )
            # Weaker evidence only where the product links are thin.
            if have < min(top, config.thin_below):
                for target in _weaker_evidence(
                    index, segment, products, how, set(matched), context, profile, excluded, marked,
                    include_distressed, chain_products, regions, config, top - have,
                ):  # fmt: skip
                    keep(target)
    ranked = sorted(best.values(), key=lambda t: (t["tier"], -t["score"], t["code"]))[:top]
    for target in ranked:
        if len(target["segments"]) > 1:
            # Filling several gaps at once is worth more: a small bonus per extra segment.
            target["score"] = round(target["score"] + 0.03 * (len(target["segments"]) - 1), 4)
            target["reasons"].append(f"可同时补 {len(target['segments'])} 个环节")
        target["reason"] = "；".join(target["reasons"])
    ranked.sort(key=lambda t: (t["tier"], -t["score"], t["code"]))
    return ranked


def _eligible(info, excluded, marked: set[str], include_distressed: bool) -> bool:
    if info.id in excluded or not info.is_primary or info.key in marked or info.code in marked:
        return False
    risky = info.distressed or is_delisted(info.short_name)
    return include_distressed or not risky


def _score(
    index, info, segment, products: dict[int, float], how, fits: bool, demand, chain_products,
    regions, config, prior: float = 1.0,
) -> dict:  # fmt: skip
    portfolio = index.portfolio.get(info.id, ())
    capped = {pid: min(1.0, w) for pid, w in products.items()}
    revenue = min(1.0, sum(max(w, config.min_weight) for w in capped.values()))
    kin = kin_product(index, info.id, set(products)) if config.kin_share else None
    if kin:
        revenue = min(1.0, revenue + config.kin_share * min(1.0, kin[2]))
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
    score *= prior
    main = sorted(capped.items(), key=lambda pw: -pw[1])
    top_pid, top_weight = main[0]
    label = f"{STAGE_LABELS.get(segment.stage, '')}·{segment.name}"
    kind = how.get(top_pid, "exact")
    reason = f"主营 {index.name[top_pid]} 占收入 {top_weight:.0%}"
    if kind == "contains":
        reason = f"主营 {index.name[top_pid]}（名称含产品词，经产业链上下文判定为同类）占收入 {top_weight:.0%}"
    if len(main) > 1:
        reason += f" 等 {len(main)} 种相关产品"
    reasons = [f"{reason}，可补{label} {CLASS_LABELS.get(segment.gap_class, '')}".rstrip()]
    if kin:
        reasons.append(
            f"同类产品 {index.name[kin[0]]} 占收入 {min(1.0, kin[2]):.0%}"
            f"（与 {index.name[kin[1]]} 同属一类），为本行当企业，按 {config.kin_share:.0%} 计入收入占比"
        )
    confidence = "high" if any(how.get(p, "exact") != "contains" for p in products) else "medium"
    tier = 0
    if not fits:
        industry = industry_label(index, info.id) or "其他行业"
        reasons = [f"主营{index.name[top_pid]}，属{industry}，与本链不符，已降权（可补{label}）"]
        score *= config.context_penalty
        confidence, tier = "low", 2
    elif prior < 0.75:
        industry = industry_label(index, info.id)
        reasons.append(f"所属行业（{industry}）离本链的主要行业较远，已降权")
        if top_weight < config.marginal_share:
            # A side line of a company from another trade: weaker than a product it lives on.
            reasons.append(f"该产品占其收入不足 {config.marginal_share:.0%}，证据较弱")
            confidence, tier = "medium", 1
    raw = {pid: w for pid, w in products.items() if w > 1.0}
    if raw:
        pid, w = next(iter(raw.items()))
        reasons.append(f"图谱中 {index.name[pid]} 收入占比为 {w:.0%}，数据有误，按 100% 计")
    total = sum(w for _, w in portfolio)
    if total > 1.05:
        reasons.append(f"图谱中该公司各产品收入占比合计 {total:.0%}，数据不一致")
    if pulled and fits:
        anchor, product = pulled[0][1]
        reasons.append(f"本地链主 {anchor} 的上游材料（{product} 需要 {index.name[pulled[0][0]]}）")
    if portfolio and specialisation >= 0.5:
        reasons.append(f"专业化：{len(portfolio)} 种主营产品中 {in_chain} 种属本链")
    if home:
        reasons.append(f"位于{info.province}（优先承接地区）")
    if is_delisted(info.short_name):
        reasons.append("已退市或退市整理中，谨慎接触")
    elif info.distressed:
        reasons.append("风险警示（ST）公司，谨慎接触")
    return _target(
        index, info, segment, label, score, reasons, confidence, "product", tier,
        components={
            "revenue": round(revenue, 3),
            "specialisation": round(specialisation, 3),
            "breadth": round(breadth, 3),
            "kin": round(min(1.0, kin[2]), 3) if kin else 0.0,
            "demand": bool(pulled),
            "region": home,
        },
        matched=[{"product": index.name[pid], "weight": round(w, 4)} for pid, w in main[:5]],
    )  # fmt: skip


def _target(
    index, info, segment, label, score, reasons, confidence, evidence, tier, *, components, matched
) -> dict:
    return {
        "kind": "listed",
        "company_id": info.id,
        "key": info.key,
        "code": info.code,
        "name": info.short_name,
        "full_name": info.full_name,
        "province": info.province,
        "city": info.city,
        "distressed": info.distressed or is_delisted(info.short_name),
        "industry": industry_label(index, info.id),
        "score": round(score, 4),
        "tier": tier,
        "confidence": confidence,
        "confidence_label": CONFIDENCE_LABELS[confidence],
        "evidence": evidence,
        "evidence_label": EVIDENCE_LABELS[evidence],
        "components": components,
        "matched": matched,
        "segments": [{"id": segment.id, "name": segment.name, "label": label}],
        "reasons": reasons,
    }


def _score_universe(index, candidate: UniverseCandidate, segment, hit, demand, regions, config):
    label = f"{STAGE_LABELS.get(segment.stage, '')}·{segment.name}"
    breadth = min(1.0, len(hit) / 3)
    pulled = [pid for pid in hit if pid in demand]
    home = candidate.province in regions if candidate.province else False
    size = min(1.0, candidate.capital / 50000) if candidate.capital else 0.0
    score = (
        config.w_revenue * 0.5 * size
        + config.w_breadth * breadth
        + config.w_demand * (1.0 if pulled else 0.0)
        + config.w_region * (1.0 if home else 0.0)
    )
    texts = "、".join(dict.fromkeys(hit.values()))
    reasons = [f"经营范围含“{texts}”，可补{label}（城市企业名录，非上市公司）"]
    if candidate.capital:
        reasons.append(f"注册资本 {candidate.capital:,.0f} 万元")
    if pulled:
        anchor, product = demand[pulled[0]]
        reasons.append(f"本地链主 {anchor} 的上游材料（{product} 需要 {index.name[pulled[0]]}）")
    if home:
        reasons.append(f"位于{candidate.province}（优先承接地区）")
    return {
        "kind": "universe",
        "company_id": None,
        "key": f"U{candidate.credit_code}",
        "code": candidate.credit_code,
        "name": candidate.name,
        "full_name": candidate.name,
        "province": candidate.province,
        "city": candidate.city,
        "distressed": False,
        "industry": "",
        "score": round(score, 4),
        "tier": 0,
        "confidence": "medium",
        "confidence_label": CONFIDENCE_LABELS["medium"],
        "evidence": "universe",
        "evidence_label": EVIDENCE_LABELS["universe"],
        "components": {"revenue": 0.0, "specialisation": 0.0, "breadth": round(breadth, 3),
                       "kin": 0.0, "demand": bool(pulled), "region": home},
        "matched": [{"product": index.name[pid], "weight": 0.0} for pid in list(hit)[:5]],
        "segments": [{"id": segment.id, "name": segment.name, "label": label}],
        "reasons": reasons,
    }  # fmt: skip


def _industry_members(index: GraphIndex) -> dict[str, list[int]]:
    """Industry code → companies, built once per index."""
    members = index._resolve_cache.get("industry_members")
    if members is None:
        members = {}
        for cid, codes in index.company_industries.items():
            for code in codes:
                members.setdefault(code, []).append(cid)
        index._resolve_cache["industry_members"] = members
    return members


def _full_names(index: GraphIndex) -> dict[int, str]:
    """Normalised full names of primary companies, built once per index."""
    names = index._resolve_cache.get("full_names")
    if names is None:
        names = {
            cid: normalize(info.full_name)
            for cid, info in index.companies.items()
            if info.is_primary and info.full_name
        }
        index._resolve_cache["full_names"] = names
    return names


def _named_industries(index: GraphIndex, words: list[str]) -> list[str]:
    """Level-3 Shenwan industries whose name holds one of the words (申万 逆变器, 硅料硅片)."""
    names = index._resolve_cache.get("level3_industry_names")
    if names is None:
        names = {
            code: normalize(name)
            for code, (name, level, _parent) in index.industries.items()
            if level == 3
        }
        index._resolve_cache["level3_industry_names"] = names
    return sorted(code for code, name in names.items() if any(w in name for w in words))


def _named_industry(
    index, segment, already, context, profile, excluded, marked, include_distressed,
    chain_products, regions, config,
) -> list[dict]:  # fmt: skip
    """Companies classed by Shenwan in an industry named after the segment's product.
    Shenwan classes a company by where most of its revenue comes from, so this is product
    evidence of a kind (中): scored as if the product were 30 % of revenue, the least a
    main business carries under that rule."""
    words = [normalize(t) for t in segment.terms]
    words = [w for w in dict.fromkeys(words) if len(w) >= 2 and not is_stop_word(w)]
    label = f"{STAGE_LABELS.get(segment.stage, '')}·{segment.name}"
    found = []
    members = _industry_members(index)
    for code in _named_industries(index, words):
        name = index.industries[code][0]
        for cid in members.get(code, ()):
            info = index.companies[cid]
            if cid in already or not _eligible(info, excluded, marked, include_distressed):
                continue
            if not in_context(index, context, profile, cid, set(), config, segment.id):
                continue
            already.add(cid)
            found.append(
                _unlinked_target(
                    index, info, segment, label, chain_products, regions, config,
                    reason=f"属申万行业“{name}”（按主营业务归类，行业名称即本环节产品），可补{label}",
                    base=config.w_revenue * 0.3, revenue=0.3, scale=1.0, confidence="medium",
                    evidence="industry", tier=0,
                )
            )  # fmt: skip
    return found


def _unlinked_target(
    index, info, segment, label, chain_products, regions, config, *, reason: str, base: float,
    revenue: float, scale: float, confidence: str, evidence: str, tier: int,
) -> dict:  # fmt: skip
    """A target without a product link (named industry, full name, sibling, shared
    industry): the score is the evidence's `base` plus specialisation and region, times
    `scale`; `revenue` is the revenue share the evidence stands for (0 when none)."""
    home = info.province in regions if info.province else False
    portfolio = index.portfolio.get(info.id, ())
    in_chain = sum(1 for pid, _ in portfolio if pid in chain_products)
    spec = in_chain / len(portfolio) if portfolio else 0.0
    score = scale * (
        base + config.w_specialisation * spec + config.w_region * (1.0 if home else 0.0)
    )
    reasons = [reason]
    if home:
        reasons.append(f"位于{info.province}（优先承接地区）")
    return _target(
        index, info, segment, label, score, reasons, confidence, evidence, tier,
        components={"revenue": revenue, "specialisation": round(spec, 3), "breadth": 0.0,
                    "kin": 0.0, "demand": False, "region": home},
        matched=[],
    )  # fmt: skip


def _segment_makers(index: GraphIndex, context: ChainContext, segment_id: int) -> set[int]:
    """Makers of a segment's core products (exact, sub-class, synonym), once per context."""
    found = context.makers_cache.get(segment_id)
    if found is None:
        found = context.makers_cache[segment_id] = {
            cid
            for pid in context.segment_products.get(segment_id, set()) & context.core_products
            for cid, _ in index.makers.get(pid, ())
        }
    return found


def _weaker_evidence(
    index, segment, products, how, already, context, profile, excluded, marked,
    include_distressed, chain_products, regions, config, wanted,
) -> list[dict]:  # fmt: skip
    """Companies without a product link to the segment: the full name carries a segment
    term (…电缆股份有限公司), a sibling product, or the industry most of its makers share."""
    label = f"{STAGE_LABELS.get(segment.stage, '')}·{segment.name}"
    found: list[dict] = []
    seen = set(already)

    def add(cid: int, evidence: str, reason: str, base: float) -> None:
        info = index.companies[cid]
        if cid in seen or not _eligible(info, excluded, marked, include_distressed):
            return
        if not in_context(index, context, profile, cid, set(), config, segment.id):
            return
        seen.add(cid)
        tier = 1 if evidence == "name" else 2
        found.append(
            _unlinked_target(
                index, info, segment, label, chain_products, regions, config,
                reason=f"{reason}，可补{label}（{EVIDENCE_LABELS[evidence]}证据，较弱）",
                base=base, revenue=0.0, scale=config.weak_evidence_scale,
                confidence="medium" if tier == 1 else "low", evidence=evidence, tier=tier,
            )
        )  # fmt: skip

    words = [normalize(t) for t in segment.terms]
    words = [w for w in dict.fromkeys(words) if len(w) >= 2 and not is_stop_word(w)]
    if words:
        for cid, full in _full_names(index).items():
            word = next((w for w in words if w in full), None)
            if word:
                add(cid, "name", f"公司全称含“{word}”", 0.35)
    core = {p for p in products if how.get(p, "exact") != "contains"}
    for sib, pid in sibling_products(index, core).items():
        for cid, _weight in index.makers.get(sib, ()):
            add(
                cid,
                "sibling",
                f"主营同类产品 {index.name[sib]}（与 {index.name[pid]} 同属一类）",
                0.25,
            )
    codes = dominant_industries(index, sorted(already))
    if not codes and already:
        # No industry shared by two makers: the industry of the maker that fits the chain best.
        fits = {cid: maker_fit(index, context, profile, cid) or 0.0 for cid in already}
        top_fit = max(fits.values())
        if top_fit > 0:
            codes = {
                code
                for cid, fit in fits.items()
                if fit == top_fit
                for code in index.company_industries.get(cid, ())
            }
    members = _industry_members(index)
    # A maker the product links place in another segment of the chain says nothing about
    # this one through its industry.
    elsewhere = set().union(
        *(
            _segment_makers(index, context, sid)
            for sid in context.segment_products
            if sid != segment.id
        )
    )
    seen |= elsewhere - set(already)
    if codes:
        names = "、".join(index.industries.get(c, (c,))[0] for c in sorted(codes))
        for cid in sorted({cid for code in codes for cid in members.get(code, ())}):
            add(cid, "industry", f"属申万行业“{names}”（该环节生产企业最集中的行业）", 0.15)
    found.sort(key=lambda t: (t["tier"], -t["score"], t["code"]))
    return found[: max(wanted, 0)]


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
