"""Reads for pages, the API and commands: load local data, call the engine, return plain data."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from chainchief.chains.models import Chain, Segment
from chainchief.enterprises.models import Enterprise, EnterpriseTier, MonthlyIndicator, Tier
from chainchief.knowledge import local_cache
from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.context import build_context
from chainchief.knowledge.engine.gaps import LocalEnterprise, SegmentInput, find_gaps
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.matching import match_products_text
from chainchief.knowledge.engine.resolve import resolve_terms
from chainchief.knowledge.engine.supply import local_supporting_rate
from chainchief.knowledge.engine.synonyms import (
    SynonymError,
    SynonymGroup,
    builtin_groups,
    parse_line,
    synonym_pairs,
)
from chainchief.knowledge.engine.targets import (
    TargetSegment,
    UniverseCandidate,
    anchor_demand,
    local_company_ids,
    rank_targets,
)
from chainchief.knowledge.importer import graph_counts
from chainchief.knowledge.loader import NOT_IMPORTED, get_index
from chainchief.knowledge.models import (
    EnterpriseProduct,
    GraphImport,
    Product,
    Synonym,
    TargetMark,
    UniverseProduct,
)
from chainchief.knowledge.names import normalize

_match_cache: dict[tuple, frozenset[int]] = {}


def get_config(*, chain: Chain | None = None, **overrides) -> EngineConfig:
    """The engine's settings, with the synonym groups that apply in `chain` (all chains'
    groups when None)."""
    base = EngineConfig().with_overrides(**getattr(settings, "CHAINCHIEF_KNOWLEDGE", {}))
    base = base.with_overrides(
        synonyms=synonym_pairs(synonym_groups(), chain.name if chain is not None else "")
    )
    return base.with_overrides(**{k: v for k, v in overrides.items() if v is not None})


def synonym_groups() -> list[SynonymGroup]:
    """The curated list shipped with the product, then the office's additions."""
    groups = builtin_groups()
    for row in Synonym.objects.order_by("id"):
        try:
            group = parse_line(row.text, source=f"office:{row.pk}")
        except SynonymError:
            continue  # the service validates; an old bad row never breaks the analysis
        if group is not None:
            groups.append(
                SynonymGroup(group.words, group.narrower, row.scope or group.scope, group.source)
            )
    return groups


def segment_local_enterprises(chain: Chain) -> dict[int, dict]:
    """THE definition of a segment's local enterprises, for every page that counts them:
    segment id → {"assigned": enterprise ids assigned to it (or a sub-segment) in the
    enterprise library, "matched": ids not assigned but whose products (entered, or matched
    from main products and business scope) include one of its products, "count": both}.
    The segment table, the gap analysis and the chain pages all read it from here."""
    report = chain_gaps(chain)
    return {
        row["id"]: {
            "assigned": [x["id"] for x in row["local"] if x["via"] == "linked"],
            "matched": [x["id"] for x in row["local"] if x["via"] == "matched"],
            "count": row["local_count"],
        }
        for row in report["segments"]
    }


def segment_inputs(chain: Chain) -> list[SegmentInput]:
    return [
        SegmentInput(s.id, s.name, s.stage, s.parent_id, tuple(s.terms or ()), float(s.weight))
        for s in Segment.objects.filter(chain=chain).order_by("sort", "id")
    ]


def _output_by_enterprise(months: int) -> dict[int, float]:
    # The window ends at the latest month reported, so old demo data still has a window.
    latest = MonthlyIndicator.objects.aggregate(m=Max("month"))["m"]
    if latest is None:
        return {}
    year, month = divmod(latest.year * 12 + latest.month - 1 - (months - 1), 12)
    start = datetime.date(year, month + 1, 1)
    rows = (
        MonthlyIndicator.objects.filter(month__gte=start, month__lte=latest)
        .values("enterprise_id")
        .annotate(total=Sum("output_value"))
    )
    return {r["enterprise_id"]: float(r["total"] or 0) for r in rows}


def local_enterprises(
    index: GraphIndex, chain: Chain | None = None, config: EngineConfig | None = None
) -> list[LocalEnterprise]:
    """Every enterprise of the city with its graph products (stored links, or matched from
    its texts when it has none stored), its segment links in `chain`, output and anchor flag.
    Cached per process until the data or the graph changes (local_cache.py)."""
    config = config or get_config()
    key = (index.stamp, chain.id if chain is not None else None, config.output_months)
    return list(
        local_cache.cached(
            key, local_cache.data_stamp(), lambda: _load_local_enterprises(index, chain, config)
        )
    )


def _load_local_enterprises(
    index: GraphIndex, chain: Chain | None, config: EngineConfig
) -> tuple[LocalEnterprise, ...]:
    stored: defaultdict[int, set[int]] = defaultdict(set)
    for eid, pid in EnterpriseProduct.objects.values_list("enterprise_id", "product_id"):
        stored[eid].add(pid)
    segment_links: defaultdict[int, set[int]] = defaultdict(set)
    anchors: set[int] = set()
    if chain is not None:
        through = Enterprise.segments.through
        for eid, sid in through.objects.filter(segment__chain=chain).values_list(
            "enterprise_id", "segment_id"
        ):
            segment_links[eid].add(sid)
        anchors = set(
            EnterpriseTier.objects.filter(tier=Tier.ANCHOR, chain=chain).values_list(
                "enterprise_id", flat=True
            )
        )
    output = _output_by_enterprise(config.output_months)
    result = []
    for eid, name, main_products, scope, updated in Enterprise.objects.values_list(
        "id", "name", "main_products", "business_scope", "updated_at"
    ):
        products = stored.get(eid)
        if products is None and not index.empty:
            key = (eid, updated, index.stamp)
            products = _match_cache.get(key)
            if products is None:
                products = frozenset(match_products_text(index, main_products, scope))
                _match_cache[key] = products
        result.append(
            LocalEnterprise(
                eid,
                name,
                frozenset(products or ()),
                frozenset(segment_links.get(eid, ())),
                output.get(eid, 0.0),
                eid in anchors,
            )
        )
    return tuple(result)


def chain_gaps(chain: Chain, *, config: EngineConfig | None = None) -> dict:
    config = config or get_config(chain=chain)
    index = get_index()
    report = find_gaps(
        index, segment_inputs(chain), local_enterprises(index, chain, config), config
    )
    report["chain"] = {"code": chain.code, "name": chain.name}
    return report


def chain_resolution(chain: Chain) -> dict:
    index = get_index()
    config = get_config(chain=chain)
    segments = []
    for segment in segment_inputs(chain):
        resolutions = resolve_terms(index, list(segment.terms), config) if not index.empty else []
        segments.append(
            {
                "id": segment.id,
                "name": segment.name,
                "stage": segment.stage,
                "terms": [r.as_dict(index) for r in resolutions],
            }
        )
    return {
        "graph_imported": not index.empty,
        "note": "" if not index.empty else NOT_IMPORTED,
        "segments": segments,
    }


def chain_targets(
    chain: Chain,
    *,
    segment_id: int | None = None,
    top: int = 50,
    include_distressed: bool | None = None,
    regions: tuple[str, ...] | None = None,
) -> dict:
    """Targets for one segment, or for every missing and weak segment of the chain."""
    config = get_config(chain=chain)
    index = get_index()
    if index.empty:
        return {"graph_imported": False, "note": NOT_IMPORTED, "targets": [], "segments": []}
    enterprises = local_enterprises(index, chain, config)
    inputs = segment_inputs(chain)
    gaps = find_gaps(index, inputs, enterprises, config)
    how: dict[int, dict[int, str]] = {}
    words: dict[int, tuple[str, ...]] = {}
    synonyms = dict(config.synonyms)
    for s in inputs:
        resolutions = resolve_terms(index, list(s.terms), config)
        how[s.id] = {pid: h for r in resolutions for pid, h in r.products.items()}
        words[s.id] = tuple(
            dict.fromkeys(w for t in s.terms for w in (t, *synonyms.get(normalize(t), ())))
        )
    rows = [r for r in gaps["segments"] if r["leaf"]]
    if segment_id is not None:
        rows = [r for r in gaps["segments"] if r["id"] == segment_id]
        if not rows:
            return {
                "graph_imported": True,
                "note": "该产业链没有这个环节",
                "targets": [],
                "segments": [],
            }
    else:
        rows = [r for r in rows if r["gap_class"] != "strong"] or rows
    segments = [
        TargetSegment(
            r["id"],
            r["name"],
            r["stage"],
            r["gap_class"],
            frozenset(how[r["id"]]),
            how[r["id"]],
            words[r["id"]],
        )  # fmt: skip
        for r in rows
    ]
    by_id = {e.id: e for e in enterprises}
    chain_anchor_ids = {
        eid for r in gaps["segments"] for eid in (x["id"] for x in r["local"]) if by_id[eid].anchor
    }
    demand = anchor_demand(
        index, [(by_id[e].name, by_id[e].products) for e in sorted(chain_anchor_ids)]
    )
    targets = rank_targets(
        index,
        segments,
        excluded=local_company_ids(index, [e.name for e in enterprises]),
        demand=demand,
        chain_products=set().union(*how.values()) if how else set(),
        config=config,
        top=top,
        include_distressed=include_distressed,
        regions=regions,
        context=build_context(index, how, config, terms=words, chain_name=chain.name),
        marks=target_marks(chain),
        universe=universe_candidates(set().union(*(s.products for s in segments))),
    )
    return {
        "graph_imported": True,
        "note": "",
        "chain": {"code": chain.code, "name": chain.name},
        "segments": [{"id": s.id, "name": s.name, "gap_class": s.gap_class} for s in segments],
        "targets": targets,
        "thin": _thin_segments(targets, segments, top),
    }


def _thin_segments(targets: list[dict], segments: list[TargetSegment], top: int) -> list[str]:
    """Segments whose list rests mostly on weak evidence: said plainly on the page."""
    thin = []
    for segment in segments:
        strong = sum(
            1
            for t in targets
            if t["confidence"] == "high" and any(s["id"] == segment.id for s in t["segments"])
        )
        if strong < min(5, top):
            thin.append(f"{segment.name}（高可信目标 {strong} 家）")
    return thin


def target_marks(chain: Chain) -> dict[int, set[str]]:
    marks: defaultdict[int, set[str]] = defaultdict(set)
    for sid, key in TargetMark.objects.filter(segment__chain=chain).values_list(
        "segment_id", "company_key"
    ):
        marks[sid].add(key.removeprefix("U"))
        marks[sid].add(key)
    return dict(marks)


UNIVERSE_LIMIT = 5000  # registry links read per ranking (largest registered capital first)


def universe_candidates(products: set[int]) -> list[UniverseCandidate]:
    """Registry companies whose scope matched one of `products`."""
    if not products:
        return []
    found: dict[int, dict] = {}
    rows = (
        UniverseProduct.objects.filter(product_id__in=products)
        .order_by("-company__registered_capital", "company_id")
        .values_list(
            "company_id",
            "product_id",
            "matched_text",
            "company__name",
            "company__credit_code",
            "company__province",
            "company__city",
            "company__registered_capital",
        )[:UNIVERSE_LIMIT]
    )
    for cid, pid, text, name, code, province, city, capital in rows:
        entry = found.setdefault(
            cid,
            {"name": name, "code": code, "province": province, "city": city,
             "capital": capital or 0.0, "products": {}},
        )  # fmt: skip
        entry["products"][pid] = text
    return [
        UniverseCandidate(
            cid, e["name"], e["code"], e["province"], e["city"], e["capital"], e["products"]
        )
        for cid, e in found.items()
    ]


def enterprise_supply(enterprise: Enterprise) -> dict:
    config = get_config()
    index = get_index()
    enterprises = local_enterprises(index, None, config)
    anchor = next(e for e in enterprises if e.id == enterprise.id)
    is_anchor = EnterpriseTier.objects.filter(enterprise=enterprise, tier=Tier.ANCHOR).exists()
    report = local_supporting_rate(
        index,
        anchor,
        enterprises,
        excluded=local_company_ids(index, [e.name for e in enterprises]),
        config=config,
    )
    report["is_anchor"] = is_anchor
    report["enterprise"] = {"id": enterprise.id, "name": enterprise.name}
    report["matched_products"] = (
        [index.name[p] for p in sorted(anchor.products)] if not index.empty else []
    )
    return report


def search_products(query: str, limit: int = 20) -> list[dict]:
    query = (query or "").strip()
    if not query:
        return []
    rows = (
        Product.objects.filter(name__icontains=query)
        .order_by("noise")
        .values("id", "name", "noise", "noise_reason")[: limit * 3]
    )
    index = get_index()
    result = [
        {
            **r,
            "makers": len(index.makers.get(r["id"], ())),
            "materials": len(index.materials.get(r["id"], ())),
        }
        for r in rows
    ]
    result.sort(key=lambda r: (r["noise"], r["name"] != query, -r["makers"], len(r["name"])))
    return result[:limit]


def kg_stats() -> dict:
    last = GraphImport.objects.first()
    return {
        "imported": last is not None,
        "note": "" if last else NOT_IMPORTED,
        "imported_at": last.imported_at.isoformat() if last else None,
        # Local time with a space between date and time (the ISO form run together on the page).
        "imported_at_display": (
            timezone.localtime(last.imported_at).strftime("%Y-%m-%d %H:%M:%S") if last else ""
        ),
        "source": last.source if last else "",
        "counts": graph_counts(),
        "duplicate_codes": len(last.duplicates) if last else 0,
    }
