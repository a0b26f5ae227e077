"""Precision benchmark of target ranking against hand-written lists of real makers.

For every segment of `targeting_makers.yaml` that lists makers: rank targets with the
engine (the whole chain as context, synonyms from the shipped list) and with the plain
query "companies making a product whose name contains the term, by revenue weight", and
report precision@10 and recall@20 of both against the list. Recall counts only the listed
makers present in the graph; "missed" names listed makers the graph links to a product of
the term (exact, sub-class or synonym) that the engine left out of its top 20.

    .venv/bin/python benchmarks/targeting_precision.py [KG_DIR]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chainchief.settings")

from kg_index import index_from_files  # noqa: E402

from chainchief.knowledge.engine.config import EngineConfig  # noqa: E402
from chainchief.knowledge.engine.context import build_context  # noqa: E402
from chainchief.knowledge.engine.resolve import resolve_terms  # noqa: E402
from chainchief.knowledge.engine.synonyms import builtin_groups, synonym_pairs  # noqa: E402
from chainchief.knowledge.engine.targets import TargetSegment, rank_targets  # noqa: E402
from chainchief.knowledge.names import normalize  # noqa: E402

DEFAULT_KG = Path(__file__).resolve().parents[2] / "shared" / "data" / "chain-kg"
MAKERS = Path(__file__).resolve().parent / "targeting_makers.yaml"


def _company_ids(index, names: str) -> set[int]:
    """Graph companies (primary rows) carrying one of the `A|B` short names."""
    found = set()
    for name in names.split("|"):
        for cid, info in index.companies.items():
            if info.is_primary and normalize(info.short_name) == normalize(name):
                found.add(cid)
    return found


def plain_query(index, terms: list[str], top: int) -> list[int]:
    """Companies making a product whose name contains a term, by summed revenue weight."""
    norms = [normalize(t) for t in terms]
    weight: dict[int, float] = {}
    for pid, norm in index.norm.items():
        if any(t in norm for t in norms):
            for cid, w in index.makers.get(pid, ()):
                if index.companies[cid].is_primary:
                    weight[cid] = weight.get(cid, 0.0) + w
    return [c for c, _ in sorted(weight.items(), key=lambda cw: (-cw[1], cw[0]))][:top]


def evaluate(index, spec: dict) -> list[dict]:
    rows = []
    for chain in spec["chains"]:
        config = EngineConfig().with_overrides(
            synonyms=synonym_pairs(builtin_groups(), chain["name"])
        )
        how: dict[int, dict[int, str]] = {}
        segments = {}
        synonyms = dict(config.synonyms)
        for n, seg in enumerate(chain["segments"], 1):
            resolutions = resolve_terms(index, seg["terms"], config)
            how[n] = {pid: h for r in resolutions for pid, h in r.products.items()}
            words = tuple(
                dict.fromkeys(w for t in seg["terms"] for w in (t, *synonyms.get(normalize(t), ())))
            )
            segments[n] = TargetSegment(
                n, seg["name"], seg["stage"], "missing", frozenset(how[n]), how[n], words
            )
        context = build_context(
            index,
            how,
            config,
            terms={n: s.terms for n, s in segments.items()},
            chain_name=chain["name"],
        )
        for n, seg in enumerate(chain["segments"], 1):
            if not seg.get("makers"):
                continue
            known: set[int] = set()
            for names in seg["makers"]:
                known |= _company_ids(index, names)
            started, cpu = time.perf_counter(), time.process_time()
            # No preferred regions: a policy choice of the city, not evidence of a maker.
            ranked = rank_targets(
                index, [segments[n]], top=20, context=context, config=config, regions=()
            )
            ms = (time.perf_counter() - started) * 1000
            cpu_ms = (time.process_time() - cpu) * 1000
            engine = [t["company_id"] for t in ranked]
            plain = plain_query(index, seg["terms"], 20)
            linked = {
                cid
                for pid, h in how[n].items()
                if h != "contains"
                for cid, _ in index.makers.get(pid, ())
            }
            rows.append(
                {
                    "chain": chain["name"],
                    "segment": seg["name"],
                    "listed": len(seg["makers"]),
                    "in_graph": len(known),
                    "engine_p10": len(set(engine[:10]) & known) / 10,
                    "engine_r20": len(set(engine) & known) / len(known) if known else 0.0,
                    "plain_p10": len(set(plain[:10]) & known) / 10,
                    "plain_r20": len(set(plain) & known) / len(known) if known else 0.0,
                    "missed": sorted(
                        index.companies[c].short_name for c in (known & linked) - set(engine)
                    ),
                    "ms": ms,
                    "cpu_ms": cpu_ms,
                }
            )
    return rows


def report(rows: list[dict]) -> dict:
    print(
        f"{'链':<10}{'环节':<8}{'名单/图谱':>9}{'引擎P@10':>9}{'朴素P@10':>9}{'引擎R@20':>9}{'朴素R@20':>9}{'ms':>7}  漏掉（图谱有关联）"
    )
    for r in rows:
        print(
            f"{r['chain'][:8]:<10}{r['segment']:<8}{r['listed']:>4}/{r['in_graph']:<4}"
            f"{r['engine_p10']:>9.2f}{r['plain_p10']:>9.2f}{r['engine_r20']:>9.2f}"
            f"{r['plain_r20']:>9.2f}{r['ms']:>7.1f}  {'、'.join(r['missed']) or '—'}"
        )
    n = len(rows) or 1
    summary = {
        "segments": len(rows),
        "engine_p10": sum(r["engine_p10"] for r in rows) / n,
        "plain_p10": sum(r["plain_p10"] for r in rows) / n,
        "engine_r20": sum(r["engine_r20"] for r in rows) / n,
        "plain_r20": sum(r["plain_r20"] for r in rows) / n,
        "max_ms": max((r["ms"] for r in rows), default=0.0),
        "max_cpu_ms": max((r["cpu_ms"] for r in rows), default=0.0),
        "missed": sum(len(r["missed"]) for r in rows),
    }
    ratio = summary["engine_p10"] / summary["plain_p10"] if summary["plain_p10"] else float("inf")
    summary["ratio"] = ratio
    print(
        f"平均（{summary['segments']} 个环节）：P@10 引擎 {summary['engine_p10']:.3f} / 朴素 "
        f"{summary['plain_p10']:.3f}（{ratio:.2f} 倍）；R@20 引擎 {summary['engine_r20']:.3f} / "
        f"朴素 {summary['plain_r20']:.3f}；图谱有关联却不在前 20 的名单企业 {summary['missed']} 家"
    )
    return summary


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    directory = Path(argv[0]) if argv else DEFAULT_KG
    index = index_from_files(directory)
    spec = yaml.safe_load(MAKERS.read_text(encoding="utf-8"))
    return report(evaluate(index, spec))


if __name__ == "__main__":
    main()
