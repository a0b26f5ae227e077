"""Leave-one-out evaluation of target ranking on the real national graph.

The "city" is every listed company whose full name carries 湖南. Each product a Hunan
company makes (and that 2 to 100 companies make nationally) is a segment of the chain
drawn around the city's products. For every Hunan maker of a segment: hide it (it becomes
an outside company), rank targets for the gap it leaves with the other Hunan companies as
the local enterprises and anchors, and note where the hidden company lands.
Compared with a baseline that ranks by Shenwan industry alone.

    .venv/bin/python benchmarks/targeting_eval.py [KG_DIR]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chainchief.settings")

from kg_index import index_from_files  # noqa: E402

from chainchief.knowledge.engine.config import EngineConfig  # noqa: E402
from chainchief.knowledge.engine.resolve import resolve_term  # noqa: E402
from chainchief.knowledge.engine.targets import (  # noqa: E402
    TargetSegment,
    anchor_demand,
    industry_baseline,
    rank_targets,
)

DEFAULT_KG = Path(__file__).resolve().parents[2] / "shared" / "data" / "chain-kg"
DEPTH = 1000  # ranks beyond this count as not found


def evaluate(directory: Path, *, region: str = "湖南", config: EngineConfig | None = None) -> dict:
    config = config or EngineConfig()
    index = index_from_files(directory)
    city = {c.id for c in index.companies.values() if c.is_primary and region in c.full_name}
    segments: dict[int, TargetSegment] = {}
    for cid in city:
        for pid, _ in index.portfolio.get(cid, ()):
            makers = len(index.makers.get(pid, ()))
            if pid in segments or not index.usable(pid) or not 2 <= makers <= 100:
                continue
            products = frozenset(resolve_term(index, index.name[pid], config).products) | {pid}
            segments[pid] = TargetSegment(pid, index.name[pid], "midstream", "missing", products)
    chain_products = set().union(*(s.products for s in segments.values()))
    engine_ranks, baseline_ranks = [], []
    started = time.perf_counter()
    for segment in segments.values():
        hidden_candidates = {
            c for p in segment.products for c, _ in index.makers.get(p, ()) if c in city
        }
        for hidden in hidden_candidates:
            if index.companies[hidden].distressed:
                continue  # excluded by default, by design
            local = city - {hidden}
            demand = anchor_demand(
                index,
                [
                    (
                        index.companies[c].short_name,
                        frozenset(p for p, _ in index.portfolio.get(c, ())),
                    )
                    for c in local
                ],
            )
            ranked = rank_targets(
                index,
                [segment],
                excluded=local,
                demand=demand,
                chain_products=chain_products,
                config=config,
                top=DEPTH,
            )
            engine_ranks.append(
                next((n for n, t in enumerate(ranked, 1) if t["company_id"] == hidden), None)
            )
            baseline = industry_baseline(index, segment, excluded=local, top=DEPTH)
            baseline_ranks.append(next((n for n, c in enumerate(baseline, 1) if c == hidden), None))
    seconds = time.perf_counter() - started
    return {
        "city_companies": len(city),
        "segments": len(segments),
        "cases": len(engine_ranks),
        "engine": _metrics(engine_ranks),
        "baseline": _metrics(baseline_ranks),
        "ms_per_case": round(1000 * seconds / max(1, len(engine_ranks)), 2),
    }


def _metrics(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    return {
        "recall@10": round(sum(1 for r in ranks if r and r <= 10) / n, 3),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
    }


def main(argv: list[str] | None = None) -> dict:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else Path(os.environ.get("CHAINCHIEF_KG_DIR", DEFAULT_KG))
    if not (directory / "company.json").exists():
        print(f"national graph not found at {directory}; skipped")
        return {}
    result = evaluate(directory)
    neutral = evaluate(directory, config=EngineConfig(preferred_regions=()))
    print(
        "Targeting leave-one-out evaluation (city = listed companies whose full name carries 湖南)"
    )
    print(
        f"  city companies {result['city_companies']}, segments {result['segments']}, cases {result['cases']}"
    )
    for label, data in (
        ("engine", result["engine"]),
        ("engine, no preferred regions", neutral["engine"]),
        ("baseline (Shenwan industry only)", result["baseline"]),
    ):
        print(f"  {label:<34} recall@10 {data['recall@10']:.3f}   MRR {data['mrr']:.3f}")
    print(f"  {result['ms_per_case']} ms per case (engine + baseline)")
    return {"default": result, "no_regions": neutral}


if __name__ == "__main__":
    main()
