"""Scale figures (issue 7): a province-sized city of 200,000 enterprises with 24 months of
indicators (4.8 million rows), on SQLite and on PostgreSQL, the real server.

1. Generated fast: reference data through the ORM, enterprises and their links with
   bulk_create, the indicator rows with executemany (SQLite) or COPY (PostgreSQL), then the
   indicator summary rebuilt once (as an import does) and the planner statistics gathered.
2. `chainchief serve` (gunicorn) on that database; 20 logged-in clients. Each measuring
   round starts with a real edit through the services (an enterprise's products and one
   month of its figures), which moves every cache version, then the 20 clients request the
   page at once. Pages: the cockpit as the chain office and as a chain chief, the
   enterprise list (first page), a filtered list and a searched list. Goal: p95 ≤ 300 ms.
   One client alone with an edit before every request gives the uncached time of a page.

    python benchmarks/bench_scale.py [--quick] [--enterprises N] [--rounds N] [--db sqlite|postgres]

Without --db both databases run, each in its own process. PostgreSQL is the server named
by CHAINCHIEF_BENCH_PG or DATABASE_URL (else the local development cluster); the bench
creates a throw-away database there, or says why it cannot and skips PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_foundation import CHAINS, DISTRICTS, KINDS, PARKS, WORDS  # noqa: E402
from common import (  # noqa: E402
    Client,
    Figure,
    LoadResult,
    Server,
    Tally,
    pg_database,
    pg_server_url,
    pg_unreachable,
    print_figures,
    quick_mode,
    section,
    setup_django,
    temp_data_dir,
    timed,
)

SEED = 20261127
MONTHS = 24
CLIENTS = 20
P95_GOAL_MS = 300.0
OFFICE = ("scale_office", "Bench#pass2026x")
CHIEF = ("scale_chief", "Bench#pass2026y")
TIERS = ["billion", "listed", "high_tech", "above_scale", "little_giant"]
SEARCH = "华盛"  # two of the name words: about one name in 450


def pages() -> list[tuple[str, str, tuple[str, str]]]:
    return [
        ("cockpit / (office)", "/", OFFICE),
        ("cockpit / (chain chief)", "/", CHIEF),
        ("enterprise list", "/enterprises/", OFFICE),
        ("list: chain + tier filter", "/enterprises/?chain=C03&tier=high_tech", OFFICE),
        ("list: search", f"/enterprises/?q={quote(SEARCH)}", OFFICE),
    ]


# ---------------------------------------------------------------- generated city


def _place_models():
    from chainchief.places.models import District, Park

    return District, Park


def build_reference_data() -> None:
    from chainchief.accounts.models import Role, User
    from chainchief.chains.models import Chain, ChainOrgMember, OrgRole, Segment, Stage

    District, Park = _place_models()
    District.objects.bulk_create([District(code=c, name=n) for c, n in DISTRICTS])
    districts = {d.code: d for d in District.objects.all()}
    Park.objects.bulk_create([Park(name=n, district=districts[d]) for n, d in PARKS])
    stages = [Stage.UPSTREAM] * 2 + [Stage.MIDSTREAM] * 2 + [Stage.DOWNSTREAM] * 2
    for sort, (code, name, segments, products) in enumerate(CHAINS):
        chain = Chain.objects.create(code=code, name=f"{name}产业链", sort=sort)
        Segment.objects.bulk_create(
            Segment(chain=chain, stage=stage, name=seg, terms=[seg, products[0]], sort=i)
            for i, (stage, seg) in enumerate(zip(stages, segments, strict=True))
        )
    office = User.objects.create(username=OFFICE[0], full_name="压测办公室", role=Role.CHAIN_OFFICE)
    office.set_password(OFFICE[1])
    office.save()
    chief = User.objects.create(username=CHIEF[0], full_name="压测链长", role=Role.CHAIN_CHIEF)
    chief.set_password(CHIEF[1])
    chief.save()
    ChainOrgMember.objects.create(
        chain=Chain.objects.get(code="C01"), role=OrgRole.objects.get(code="chief"), user=chief
    )


def bulk_enterprises(n: int) -> None:
    """Enterprises, their chain and segment links and tiers, with bulk_create."""
    from chainchief.chains.models import Chain, Segment
    from chainchief.enterprises.models import Enterprise, EnterpriseTier
    from chainchief.enterprises.validators import make_credit_code

    District, Park = _place_models()
    rng = random.Random(SEED)
    districts = dict(District.objects.values_list("code", "id"))
    parks = list(Park.objects.values_list("id", flat=True))
    chains = {c.code: c for c in Chain.objects.all()}
    segments: dict[str, list[int]] = {}
    for seg_id, code in Segment.objects.values_list("id", "chain__code"):
        segments.setdefault(code, []).append(seg_id)
    batch: list[Enterprise] = []
    links: list[tuple[list[str], list[int], list[str]]] = []
    for i in range(1, n + 1):
        code = DISTRICTS[i % len(DISTRICTS)][0]
        items = rng.sample(CHAINS, 2 if rng.random() < 0.2 else 1)
        products = rng.sample(items[0][3], 2)
        batch.append(
            Enterprise(
                name=f"{rng.choice(WORDS)}{rng.choice(WORDS)}{KINDS[i % len(KINDS)]}{i:06d}有限公司",
                credit_code=make_credit_code(f"91{code}MA{i:08d}"[:17]),
                district_id=districts[code],
                park_id=rng.choice(parks) if rng.random() < 0.6 else None,
                main_products="、".join(products),
                business_scope=f"{products[0]}的研发、生产和销售；货物进出口。",
                established_on=datetime.date(1995 + i % 30, 1 + i % 12, 1 + i % 28),
            )
        )
        first_segments = segments[items[0][0]]
        links.append(
            (
                [c[0] for c in items],
                rng.sample(first_segments, rng.randint(1, 2)),
                [t for t in TIERS if rng.random() < 0.12],
            )
        )
    Enterprise.objects.bulk_create(batch, batch_size=5_000)
    ids = list(Enterprise.objects.order_by("id").values_list("id", flat=True))
    ChainLink, SegmentLink = Enterprise.chains.through, Enterprise.segments.through
    chain_rows, segment_rows, tier_rows = [], [], []
    anchors_left = {code: 3 for code in chains}
    for eid, (codes, segs, tiers) in zip(ids, links, strict=True):
        chain_rows += [ChainLink(enterprise_id=eid, chain_id=chains[c].pk) for c in codes]
        segment_rows += [SegmentLink(enterprise_id=eid, segment_id=s) for s in segs]
        tier_rows += [EnterpriseTier(enterprise_id=eid, tier=t) for t in tiers]
        if anchors_left[codes[0]] and rng.random() < 0.001:
            anchors_left[codes[0]] -= 1
            tier_rows.append(
                EnterpriseTier(enterprise_id=eid, tier="anchor", chain=chains[codes[0]])
            )
    ChainLink.objects.bulk_create(chain_rows, batch_size=10_000)
    SegmentLink.objects.bulk_create(segment_rows, batch_size=10_000)
    EnterpriseTier.objects.bulk_create(tier_rows, batch_size=10_000)


def months_back(n: int) -> list[datetime.date]:
    """The n months before this one, oldest first."""
    today = datetime.date.today()
    index = today.year * 12 + today.month - 1
    return [datetime.date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(n, 0, -1)]


def _indicator_rows(ids: list[int], months: list[datetime.date]):
    rng = random.Random(SEED + 1)
    for eid in ids:
        base = rng.lognormvariate(6, 1.1)  # 万元 a month: most small, a few large
        people = int(base / 20) + rng.randint(5, 50)
        for k, month in enumerate(months):
            output = base * (1 + 0.006 * k) * (0.85 + 0.3 * rng.random())
            yield (
                eid,
                month,
                f"{output:.2f}",
                f"{output * 0.97:.2f}",
                f"{output * 0.04:.2f}",
                people,
            )


def bulk_indicators(months: list[datetime.date]) -> int:
    """24 months for every enterprise: executemany on SQLite, COPY on PostgreSQL."""
    from django.db import connection, transaction

    from chainchief.enterprises.models import Enterprise, MonthlyIndicator

    table = MonthlyIndicator._meta.db_table
    columns = "enterprise_id, month, output_value, revenue, tax, employees"
    ids = list(Enterprise.objects.order_by("id").values_list("id", flat=True))
    rows = _indicator_rows(ids, months)
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"
            chunk: list[tuple] = []
            for row in rows:
                chunk.append((row[0], row[1].isoformat(), *row[2:]))
                if len(chunk) >= 50_000:
                    cursor.executemany(sql, chunk)
                    written += len(chunk)
                    chunk = []
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


def refresh_summaries() -> None:
    """What an import does after writing indicators: the cockpit's summary, rebuilt."""
    try:
        from chainchief.enterprises.summary import rebuild_output_summary
    except ImportError:
        return
    rebuild_output_summary()


def analyze() -> None:
    """Planner statistics after the bulk load; on PostgreSQL with VACUUM too. A bulk load of
    4.8 million rows otherwise has autovacuum start on them while the pages are measured,
    and until it has run the visibility map is empty (no index-only scans): two fresh runs
    measured p95 212–244 and 317–401 ms, by whether autovacuum was done."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# ---------------------------------------------------------------- one edit before each round


class Editor:
    """A real edit through the services: one enterprise's products, one month of its figures."""

    def __init__(self) -> None:
        from chainchief.accounts.models import User

        self.user = User.objects.get(username=OFFICE[0])
        self.rng = random.Random(SEED + 3)
        self.count = 0
        from chainchief.enterprises.models import Enterprise

        self.ids = list(Enterprise.objects.values_list("id", flat=True)[:1000])

    def edit(self) -> None:
        from chainchief.enterprises import services
        from chainchief.enterprises.models import Enterprise, MonthlyIndicator

        self.count += 1
        enterprise = Enterprise.objects.get(pk=self.rng.choice(self.ids))
        services.save_enterprise(
            by=self.user,
            enterprise=enterprise,
            version=enterprise.version,
            main_products=f"{enterprise.product_list()[0]}、压测产品{self.count}",
        )
        month = MonthlyIndicator.objects.filter(enterprise=enterprise).order_by("-month").first()
        services.save_indicator(
            enterprise=enterprise,
            by=self.user,
            month=month.month,
            output_value=month.output_value + 1,
            revenue=month.revenue,
            tax=month.tax,
            employees=month.employees,
        )


def measure(clients: list[Client], path: str, rounds: int, editor: Editor) -> LoadResult:
    """`rounds` times: an edit, then every client requests `path` at once."""
    import threading

    tally = Tally()
    start = time.perf_counter()
    busy = 0.0
    for _ in range(rounds):
        editor.edit()
        threads = [threading.Thread(target=tally.get, args=(c, path)) for c in clients]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        busy += time.perf_counter() - t0
    return tally.result(path, busy or time.perf_counter() - start)


# ---------------------------------------------------------------- one database


def run_city(db: str, n: int, rounds: int, *, serve: bool = True, reuse: str = "") -> int:
    """Generate the city on `db` (or `reuse` one kept by an earlier run: a data folder for
    SQLite, a database URL for PostgreSQL), then serve and measure it."""
    figures: list[Figure] = []
    load_before = os.getloadavg()
    if db == "postgres" and not reuse:
        why = pg_unreachable(pg_server_url())
        if why:
            print(f"\nPostgreSQL: {why} — the PostgreSQL run is skipped.", flush=True)
            return 0
    if reuse:
        folder = contextlib.nullcontext(Path(reuse)) if db == "sqlite" else temp_data_dir("scale")
        database = contextlib.nullcontext(reuse if db == "postgres" else None)
    else:
        folder = temp_data_dir(f"scale-{db}")
        database = (
            pg_database("chainchief_bench_scale") if db == "postgres" else contextlib.nullcontext()
        )
    with folder as data, database as database_url:
        if reuse:
            section(f"Kept city on {db}: {reuse}")
            setup_django(data, database_url=database_url)
        else:
            section(f"Generated city on {db}: {n:,} enterprises × {MONTHS} months ({data})")
            with timed("migrate"):
                setup_django(data, database_url=database_url)
            build_reference_data()
            with timed(f"bulk-create {n:,} enterprises with links and tiers") as t_ent:
                bulk_enterprises(n)
            months = months_back(MONTHS)
            with timed(f"bulk-load {n * MONTHS:,} indicator rows") as t_ind:
                written = bulk_indicators(months)
            with timed("rebuild the indicator summary (as after an import)") as t_sum:
                refresh_summaries()
            with timed("VACUUM ANALYZE" if db == "postgres" else "ANALYZE"):
                analyze()
            figures.append(Figure(f"generate {n:,} enterprises", t_ent["seconds"], "s"))
            figures.append(Figure(f"load {written:,} indicator rows", t_ind["seconds"], "s"))
            figures.append(Figure("rebuild indicator summary", t_sum["seconds"], "s"))
        editor = Editor()

        from django.db import connections

        connections.close_all()
        if not serve:
            return 0
        section(f"Server: chainchief serve (gunicorn), {CLIENTS} clients, {rounds} rounds a page")
        with Server(data, database_url=database_url) as server:
            logged_in: dict[str, list[Client]] = {}
            for username, password in (OFFICE, CHIEF):
                logged_in[username] = []
                for _ in range(CLIENTS):
                    client = Client(server.port)
                    client.login(username, password)
                    logged_in[username].append(client)
            for label, path, (username, _pw) in pages():
                clients = logged_in[username]
                alone = measure(clients[:1], path, max(5, rounds // 2), editor)
                result = measure(clients, path, rounds, editor)
                print(
                    f"   {label:<28} 1 client after an edit: median {alone.median_ms:6.1f} ms | "
                    f"{CLIENTS} clients: p50 {result.median_ms:6.1f}  p95 {result.p95_ms:6.1f}  "
                    f"p99 {result.p99_ms:6.1f} ms  errors {result.errors + alone.errors}",
                    flush=True,
                )
                figures.append(
                    Figure(f"{label}: 1 client, after an edit, median", alone.median_ms, "ms")
                )
                figures.append(Figure(f"{label}: {CLIENTS} clients, p50", result.median_ms, "ms"))
                figures.append(
                    Figure(
                        f"{label}: {CLIENTS} clients, p95",
                        result.p95_ms,
                        "ms",
                        P95_GOAL_MS,
                        note=f"{len(result.latencies)} ok, {result.errors} errors",
                    )
                )
                figures.append(Figure(f"{label}: {CLIENTS} clients, p99", result.p99_ms, "ms"))
                if result.errors or alone.errors:
                    figures[-2].failed = True
                    print(server.log_tail(), flush=True)
        connections.close_all()
    ok = print_figures(
        f"Scale figures on {db} ({n:,} enterprises, {n * MONTHS:,} indicator rows; "
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} {load_before[1]:.1f} "
        f"{load_before[2]:.1f} before the run, {os.getloadavg()[0]:.1f} after)",
        figures,
    )
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="20,000 enterprises, fewer rounds")
    parser.add_argument("--enterprises", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=0, help="measuring rounds per page")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="")
    parser.add_argument(
        "--reuse",
        default="",
        help="measure a city kept by an earlier run (SQLite: its data folder; PostgreSQL: its URL)",
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="build the city and stop (with CHAINCHIEF_BENCH_KEEP=1: to profile it)",
    )
    args, _ = parser.parse_known_args(sys.argv[1:])
    quick = args.quick or quick_mode()
    n = args.enterprises or (20_000 if quick else 200_000)
    rounds = args.rounds or (6 if quick else 15)
    if args.db:
        return run_city(args.db, n, rounds, serve=not args.generate_only, reuse=args.reuse)
    failed = 0
    for db in ("sqlite", "postgres"):
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--db",
            db,
            "--enterprises",
            str(n),
            "--rounds",
            str(rounds),
        ]
        failed |= subprocess.call(command) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
