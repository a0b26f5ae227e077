"""Knowledge figures (issue 3) on the full national graph, SQLite, throw-away data folder.

1. `kg import` of the full graph (goal ≤ 20 s) and the second, unchanged run;
2. engine index build (goal ≤ 3 s) and the memory of the real server with it loaded
   (goal ≤ 400 MB): the sum of the proportional set sizes (PSS, /proc/PID/smaps_rollup)
   of the gunicorn master and its workers, i.e. the RAM the server really holds, each
   page shared by the preloaded master and its forked workers counted once. The sum of
   their RSS counts a shared page once per process; it is printed too, without a goal;
3. a generated city around a chain proposed from 变压器: gap analysis per chain (goal
   ≤ 50 ms), top-50 targets (goal ≤ 100 ms), both through the service (the local data
   from the per-process cache, its stamp query included) and the engine alone;
4. text matching of ~120-character business-scope texts on one core (goal ≥ 30,000 /s);
5. the city registry (one core and a local Dask cluster): see bench_universe.py;
6. targets with chain context per segment (goal ≤ 50 ms) and their precision@10 / recall@20
   against hand-written lists of well-known makers (targeting_makers.yaml), beside the plain
   "product name contains the term, by revenue weight" query (goal ≥ 1.5× its precision).

    python benchmarks/bench_knowledge.py [--quick]
"""

from __future__ import annotations

import datetime
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Client,
    Figure,
    Server,
    print_figures,
    process_tree,
    quick_mode,
    section,
    setup_django,
    temp_data_dir,
)

KG = Path(__file__).resolve().parents[2] / "shared" / "data" / "chain-kg"
USERNAME, PASSWORD = "bench_kg_office", "Bench#pass2026x"
SCOPE = "一般项目：{}制造；{}销售；{}研发；技术服务、技术开发、技术咨询；货物进出口；（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"


def _timed_ms(fn, repeat: int) -> float:
    fn()  # warm caches (resolution, matching)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def _rollup_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory_kib(pid: int) -> tuple[int, int, int]:
    """(sum of PSS, sum of RSS, number of processes) of `pid` and its descendants."""
    pids = process_tree(pid)
    return (
        sum(_rollup_kib(p, "Pss") for p in pids),
        sum(_rollup_kib(p, "Rss") for p in pids),
        len(pids),
    )


def _first_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _make_city(index, chain, enterprises: int):
    from chainchief.enterprises.models import (
        Enterprise,
        EnterpriseTier,
        MonthlyIndicator,
        Tier,
    )
    from chainchief.enterprises.validators import make_credit_code
    from chainchief.places.models import District

    rng = random.Random(20260301)
    chain_terms = [t for s in chain.segments.all() for t in s.terms]
    usable = [n for p, n in index.name.items() if p not in index.noise and 2 <= len(n) <= 6]
    district, _ = District.objects.get_or_create(code="430407", defaults={"name": "石鼓区"})
    rows = []
    for n in range(enterprises):
        words = rng.sample(usable, 3)
        if n % 4 == 0:
            words[0] = rng.choice(chain_terms)
        rows.append(
            Enterprise(
                name=f"压测企业{n:05d}有限公司",
                credit_code=make_credit_code(f"91430400MB{n:07d}"),
                district=district,
                main_products="、".join(words[:2]),
                business_scope=SCOPE.format(*words),
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=1000)
    ids = list(Enterprise.objects.values_list("id", flat=True))
    MonthlyIndicator.objects.bulk_create(
        [
            MonthlyIndicator(
                enterprise_id=eid,
                month=datetime.date(2025, m, 1),
                output_value=rng.randint(10, 5000),
            )
            for eid in ids
            for m in range(1, 13)
        ],
        batch_size=5000,
    )
    for eid in rng.sample(ids, 5):
        EnterpriseTier.objects.create(enterprise_id=eid, tier=Tier.ANCHOR, chain=chain)
    return ids


def _texts(index, count: int) -> list[str]:
    rng = random.Random(7)
    usable = [n for p, n in index.name.items() if p not in index.noise and 2 <= len(n) <= 6]
    texts = []
    for _ in range(count):
        text = SCOPE.format(*rng.sample(usable, 3))
        texts.append((text + "、".join(rng.sample(usable, 6)))[:120])
    return texts


def main() -> bool:
    quick = quick_mode()
    if not (KG / "company.json").exists():
        print(f"national graph not found at {KG}; skipped")
        return True
    figures: list[Figure] = []
    with temp_data_dir("knowledge") as data:
        setup_django(data)
        from django.db import connection

        from chainchief.accounts.models import Role, User
        from chainchief.enterprises.models import EnterpriseTier, Tier
        from chainchief.knowledge import local_cache
        from chainchief.knowledge.engine.gaps import find_gaps
        from chainchief.knowledge.engine.matching import match_text, match_texts
        from chainchief.knowledge.engine.targets import TargetSegment, rank_targets
        from chainchief.knowledge.importer import import_graph
        from chainchief.knowledge.loader import clear_index, get_index
        from chainchief.knowledge.selectors import (
            chain_gaps,
            chain_targets,
            local_enterprises,
            segment_inputs,
        )
        from chainchief.knowledge.services import match_enterprises, propose_chain

        section("import of the full graph (SQLite)")
        cpu = time.process_time()
        result = import_graph(KG, progress=False)
        cpu = time.process_time() - cpu
        figures.append(
            Figure("kg import (full graph)", result.seconds, "s", 20, f"CPU {cpu:.1f} s")
        )
        again = import_graph(KG, progress=False, force=True)
        figures.append(
            Figure(
                "kg import again (forced diff)",
                again.seconds,
                "s",
                None,
                "no changes" if again.unchanged else "CHANGED",
                failed=not again.unchanged,
            )
        )

        section("index")
        clear_index()
        start, cpu = time.perf_counter(), time.process_time()
        index = get_index()
        figures.append(
            Figure(
                "index build",
                time.perf_counter() - start,
                "s",
                3,
                f"CPU {time.process_time() - cpu:.1f} s",
            )
        )

        section("generated city")
        chain = propose_chain(product="变压器")
        chain.status = "active"
        chain.save()
        n = 500 if quick else 3000
        _make_city(index, chain, n)
        start = time.perf_counter()
        matched = match_enterprises()
        figures.append(
            Figure(
                f"enterprise match ({n} enterprises)",
                time.perf_counter() - start,
                "s",
                None,
                f"{matched['links']} links",
            )
        )
        figures.append(
            Figure(
                "gap analysis per chain (service, cached local data)",
                _timed_ms(lambda: chain_gaps(chain), 10),
                "ms",
                50,
                f"{chain.segments.count()} segments, {n} enterprises",
            )
        )
        local_cache.clear()
        figures.append(
            Figure(
                "gap analysis per chain (service, first call)",
                _first_ms(lambda: chain_gaps(chain)),
                "ms",
                None,
                "local data loaded from the DB (after any write)",
            )
        )
        segments = segment_inputs(chain)
        locals_ = local_enterprises(index, chain)
        figures.append(
            Figure(
                "gap analysis per chain (engine)",
                _timed_ms(lambda: find_gaps(index, segments, locals_), 10),
                "ms",
                50,
            )
        )
        figures.append(
            Figure(
                "top-50 targets, whole chain (service)",
                _timed_ms(lambda: chain_targets(chain, top=50), 10),
                "ms",
                100,
                "cached local data",
            )
        )
        report = find_gaps(index, segments, locals_)
        from chainchief.knowledge.engine.resolve import resolve_term, resolved_products

        target_segments = [
            TargetSegment(
                s.id,
                s.name,
                s.stage,
                "missing",
                frozenset(resolved_products([resolve_term(index, t) for t in s.terms])),
            )
            for s in segments
        ]
        figures.append(
            Figure(
                "top-50 targets, whole chain (engine)",
                _timed_ms(lambda: rank_targets(index, target_segments, top=50), 10),
                "ms",
                100,
                f"{len(target_segments)} segments; completeness {report['completeness']}",
            )
        )

        section("text matching (one core)")
        texts = _texts(index, 10_000 if quick else 60_000)
        start, cpu = time.perf_counter(), time.process_time()
        matched_texts = match_texts(index, texts)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        # One core: CPU time of this single-threaded process (wall time suffers on a busy machine).
        rate = len(texts) / cpu
        avg = sum(map(len, texts)) / len(texts)
        sample = texts[:500]
        if [match_text(index, t) for t in sample] != matched_texts[:500]:
            raise AssertionError("batched matching differs from matching one text at a time")
        figures.append(
            Figure(
                "business-scope texts matched per second",
                rate,
                "texts/s",
                30_000,
                f"CPU time; {len(texts) / wall:,.0f} /s wall; avg {avg:.0f} chars",
                at_least=True,
            )
        )

        # The city registry (one core and a local Dask cluster): bench_universe.py.

        section("targets with chain context: precision against hand-written maker lists")
        import yaml
        from targeting_precision import MAKERS, evaluate, report

        precision = report(evaluate(index, yaml.safe_load(MAKERS.read_text(encoding="utf-8"))))
        figures.append(
            Figure(
                "targets with context, slowest segment",
                precision["max_ms"],
                "ms",
                50,
                f"{precision['segments']} segments across 3 chains, engine only; "
                f"slowest {precision['max_cpu_ms']:.1f} ms CPU",
            )
        )
        figures.append(
            Figure(
                "precision@10 of the engine, as % of the plain 'name contains' query",
                precision["ratio"] * 100,
                "%",
                150,
                f"P@10 {precision['engine_p10']:.3f} vs {precision['plain_p10']:.3f}; "
                f"R@20 {precision['engine_r20']:.3f} vs {precision['plain_r20']:.3f}",
                at_least=True,
            )
        )

        section("server memory with the index loaded")
        user = User.objects.create(username=USERNAME, full_name="图谱压测", role=Role.CHAIN_OFFICE)
        user.set_password(PASSWORD)
        user.save()
        connection.close()
        with Server(data) as server:
            clients = [Client(server.port) for _ in range(4)]
            for client in clients:
                client.login(USERNAME, PASSWORD)
            anchor = EnterpriseTier.objects.filter(tier=Tier.ANCHOR).first().enterprise_id
            connection.close()
            paths = [
                f"/api/knowledge/chains/{chain.code}/gaps",
                f"/api/knowledge/chains/{chain.code}/targets?top=50",
                f"/api/knowledge/enterprises/{anchor}/supply",
                f"/api/knowledge/chains/{chain.code}/resolution",
            ]
            for _ in range(3):
                for client in clients:
                    for path in paths:
                        client.get(path)
            server.sample_memory()
            pss, rss, processes = tree_memory_kib(server.process.pid)
            figures.append(
                Figure(
                    "server memory, sum of PSS (master + workers)",
                    pss / 1024,
                    "MiB",
                    400,
                    f"{processes} processes; index preloaded in the master, shared by fork",
                )
            )
            figures.append(
                Figure(
                    "server memory, sum of RSS (master + workers)",
                    rss / 1024,
                    "MiB",
                    None,
                    f"peak {server.peak_rss_kib / 1024:,.0f} MiB; shared pages counted per process",
                )
            )
    return print_figures("knowledge (full national graph)", figures)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
