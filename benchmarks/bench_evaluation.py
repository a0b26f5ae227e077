"""Review-meeting figures (issue 10) on a generated 14-chain city, SQLite:

1. an evaluation run for 2026Q3 (every data source, drill-down rows, ranks, draft comments)
   over 10,000 enterprises (21 months of indicators), 5,000 projects and 100,000 cases:
   goal ≤ 10 s;
2. the meeting pack (.docx with charts + .xlsx + .pdf, 14 chains): goal ≤ 60 s;
3. `chainchief serve`, 10 logged-in clients on the ranking board: goal p95 ≤ 150 ms (the
   code aims at ≤ 120 ms on an idle machine, so the goal holds with margin); with the
   single-client median, the queries a repeat visit takes and the page's size.

    .venv/bin/python benchmarks/bench_evaluation.py [--quick]   (or `make bench`)
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    Client,
    Figure,
    Server,
    load,
    print_figures,
    quick_mode,
    section,
    setup_django,
    temp_data_dir,
    timed,
)

N_CHAINS = 14
USERNAME, PASSWORD = "bench_office", "Bench#pass2026x"
RUN_GOAL_S, PACK_GOAL_S, P95_GOAL_MS = 10.0, 60.0, 150.0
P95_AIM_MS = 120.0  # on an idle machine: the margin under the goal
BOARD_QUERIES_GOAL = 4  # session, user, the run with the selector's runs, the layout's statement
CONCURRENCY = 10


def _months() -> list[datetime.date]:
    return [
        datetime.date(y, m, 1) for y in (2025, 2026) for m in range(1, 13) if (y, m) <= (2026, 9)
    ]


def generate(n_enterprises: int, n_projects: int, n_cases: int) -> None:
    from chainchief.accounts.changelog import paused
    from chainchief.accounts.models import Role, User
    from chainchief.chains.models import Chain, DevelopmentGoal, Segment
    from chainchief.enterprises.models import (
        Enterprise,
        EnterpriseTier,
        MonthlyIndicator,
        Tier,
    )
    from chainchief.enterprises.validators import make_credit_code
    from chainchief.places.models import Department, District
    from chainchief.projects.models import PIPELINE, Project

    rnd = random.Random(10)
    with paused():
        user = User.objects.create(
            username=USERNAME, full_name="压测办公室", role=Role.CHAIN_OFFICE
        )
        user.set_password(PASSWORD)
        user.save()
        district = District.objects.create(code="430401", name="基准区")
        department = Department.objects.create(name="基准部门")
        chains = [
            Chain.objects.create(code=f"E{i:02d}", name=f"基准产业链{i:02d}", sort=i)
            for i in range(N_CHAINS)
        ]
        for c in chains:
            for j, stage in enumerate(("upstream", "midstream", "downstream")):
                Segment.objects.create(chain=c, name=f"环节{j}", stage=stage, terms=[f"产品{j}"])
            DevelopmentGoal.objects.create(
                chain=c,
                indicator="规上工业总产值",
                unit="亿元",
                year=2026,
                target_value=Decimal(rnd.randrange(50, 400)),
            )
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    name=f"基准企业{i:05d}有限公司",
                    credit_code=make_credit_code(f"91430400MB{i:07d}"),
                    district=district,
                )
                for i in range(n_enterprises)
            ],
            batch_size=2000,
        )
        ids = list(Enterprise.objects.values_list("id", flat=True))
        through = Enterprise.chains.through
        through.objects.bulk_create(
            [through(enterprise_id=e, chain_id=chains[i % N_CHAINS].pk) for i, e in enumerate(ids)],
            batch_size=5000,
        )
        tiers = []
        for i, e in enumerate(ids):
            if i % 10 < 7:
                tiers.append(
                    EnterpriseTier(
                        enterprise_id=e,
                        tier=Tier.ABOVE_SCALE,
                        gained_on=datetime.date(2026 if i % 50 == 0 else 2020, 3, 1),
                    )
                )
            if i % 9 == 0:
                tiers.append(
                    EnterpriseTier(
                        enterprise_id=e,
                        tier=Tier.HIGH_TECH,
                        gained_on=datetime.date(rnd.choice([2024, 2026]), rnd.randrange(1, 10), 5),
                    )
                )
        EnterpriseTier.objects.bulk_create(tiers, batch_size=5000)
        rows = [
            MonthlyIndicator(
                enterprise_id=e, month=m, output_value=Decimal(rnd.randrange(100, 5000))
            )
            for e in ids
            for m in _months()
        ]
        MonthlyIndicator.objects.bulk_create(rows, batch_size=10000)
        projects = []
        for i in range(n_projects):
            stage_i = rnd.randrange(len(PIPELINE))
            day = datetime.date(2026, rnd.randrange(1, 10), rnd.randrange(1, 28))
            projects.append(
                Project(
                    name=f"基准项目{i:05d}",
                    chain=chains[i % N_CHAINS],
                    stage=PIPELINE[stage_i],
                    planned_investment=Decimal(rnd.randrange(1000, 200000)),
                    signed_on=day if stage_i >= 2 else None,
                    started_on=day if stage_i >= 3 else None,
                    production_on=day if stage_i >= 4 else None,
                    last_progress_on=day,
                    stage_since=day,
                    investor_company_code=f"{600000 + i}" if i % 7 == 0 else "",
                )
            )
        Project.objects.bulk_create(projects, batch_size=2000)
        try:
            from chainchief.casework.models import Case
        except ImportError:
            Case = None
        if Case is not None:
            cases = []
            for i in range(n_cases):
                raised = datetime.date(2026, rnd.randrange(1, 10), rnd.randrange(1, 28))
                closed = (
                    raised + datetime.timedelta(days=rnd.randrange(3, 40))
                    if rnd.random() < 0.8
                    else None
                )
                cases.append(
                    Case(
                        kind="problem",
                        title=f"基准问题{i}",
                        text="企业诉求",
                        chain=chains[i % N_CHAINS],
                        raised_on=raised,
                        state="closed" if closed else "in_progress",
                        closed_on=closed,
                        closed_on_time=bool(closed) and rnd.random() < 0.85,
                        rating=rnd.choice(["satisfied", "satisfied", "basic", "unsatisfied"])
                        if closed
                        else "",
                        lead_department=department,
                    )
                )
            Case.objects.bulk_create(cases, batch_size=5000)


def board_queries(user, path: str) -> tuple[int, int]:
    """The queries a repeat visit to the board takes (in this process) and the page's bytes."""
    from django.db import connection
    from django.test import Client as PageClient
    from django.test.utils import CaptureQueriesContext

    client = PageClient()
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return len(queries), len(response.content)


def main() -> int:
    quick = quick_mode()
    n_ent, n_proj, n_cases = (2_000, 1_000, 20_000) if quick else (10_000, 5_000, 100_000)
    per_page = 100 if quick else 300
    load_before = os.getloadavg()[0]
    figures: list[Figure] = []
    with temp_data_dir("evaluation") as data:
        section(
            f"Generated city: {N_CHAINS} chains, {n_ent:,} enterprises, {n_proj:,} projects, {n_cases:,} cases"
        )
        with timed("migrate"):
            setup_django(data)
        with timed("generate"):
            generate(n_ent, n_proj, n_cases)
        from django.db import connections

        from chainchief.accounts.models import User
        from chainchief.evaluation import services
        from chainchief.evaluation.models import ChainResult, IndicatorResult
        from chainchief.evaluation.yaml_io import load_system_yaml
        from chainchief.reports import documents, pdf

        office = User.objects.get(username=USERNAME)
        system_file = (
            Path(__file__).resolve().parent.parent
            / "src/chainchief/evaluation/demo/indicators.yaml"
        )
        system = load_system_yaml(system_file.read_text(encoding="utf-8"))
        experts = system.indicators.get(code="experts")
        for chain in services.system_chains(system):
            for k in range(5):
                services.rate(
                    indicator=experts,
                    chain=chain,
                    period="2026Q3",
                    rater=f"专家{k}",
                    score=70 + k * 5,
                    by=office,
                )
        section("Evaluation run 2026Q3")
        cpu = time.process_time()
        with timed("evaluation run") as t_run:
            run = services.compute_run(
                run=services.create_run(system=system, period="2026Q3", by=office)
            )
        cpu = time.process_time() - cpu
        rows = sum(len(r.rows) for r in IndicatorResult.objects.filter(run=run).only("rows"))
        figures.append(
            Figure(
                f"evaluation run ({N_CHAINS} chains, {system.indicators.count()} indicators)",
                t_run["seconds"],
                "s",
                RUN_GOAL_S,
                note=f"{rows:,} drill-down rows stored; CPU {cpu:.1f} s",
            )
        )
        figures[-1].failed = ChainResult.objects.filter(run=run).count() != N_CHAINS
        services.publish_run(run=run, by=office)
        section("Meeting pack")
        with timed("meeting pack .docx + .xlsx + .pdf") as t_pack:
            docx, xlsx, _ = documents.build_meeting_pack(run)
            pdf_bytes = pdf.build_meeting_pack_pdf(run) if pdf.pdf_available() else b""
        figures.append(
            Figure(
                f"meeting pack for {N_CHAINS} chains",
                t_pack["seconds"],
                "s",
                PACK_GOAL_S,
                note=f".docx {len(docx) / 1024:,.0f} KiB, .xlsx {len(xlsx) / 1024:,.0f} KiB, "
                + (
                    f".pdf {len(pdf_bytes) / 1024:,.0f} KiB"
                    if pdf_bytes
                    else "no PDF (no Noto CJK)"
                ),
            )
        )
        path = f"/evaluation/runs/{run.pk}/"
        queries, size = board_queries(office, path)
        figures.append(
            Figure(
                "ranking board: queries of a repeat visit",
                queries,
                "",
                BOARD_QUERIES_GOAL,
                note=f"page {size / 1024:,.1f} KiB",
            )
        )
        connections.close_all()
        section(f"Server: chainchief serve, {CONCURRENCY} clients, {per_page} requests")
        with Server(data) as server:
            clients = [Client(server.port) for _ in range(CONCURRENCY)]
            for client in clients:
                client.login(USERNAME, PASSWORD)
            alone = load(clients[:1], path, total=40, warmup=2)
            result = load(clients, path, total=per_page, warmup=1)
            figures.append(
                Figure(
                    "ranking board: 1 client, median",
                    alone.median_ms,
                    "ms",
                    note=f"p95 {alone.p95_ms:.1f} ms, {alone.rps:.0f} req/s",
                )
            )
            figures.append(
                Figure(
                    f"ranking board: {CONCURRENCY} clients, p95",
                    result.p95_ms,
                    "ms",
                    P95_GOAL_MS,
                    note=f"{len(result.latencies)} ok, {result.errors} errors, {result.rps:.0f} req/s, "
                    f"median {result.median_ms:.0f} ms; aim ≤ {P95_AIM_MS:.0f} ms idle",
                )
            )
            if result.errors or alone.errors:
                figures[-1].failed = True
                print(server.log_tail(), flush=True)
    ok = print_figures(
        f"Evaluation figures ({N_CHAINS} chains, {n_ent:,} enterprises, {n_proj:,} projects, {n_cases:,} cases, SQLite; "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} after)",
        figures,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
