"""Problem assignment (issue 8) at scale, SQLite: 100,000 cases over 3 years.

1. the daily tick (cards and reminders over every open case): goal ≤ 5 s;
2. `chainchief serve`, 10 logged-in clients on the case ledger (问题台账) and on the
   statistics page: goal p95 ≤ 150 ms each.

    .venv/bin/python benchmarks/bench_casework.py [--quick]   (or `make bench`)
"""

from __future__ import annotations

import datetime
import os
import random
import sys
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

N_CASES = 100_000
N_CHAINS = 12
N_DEPARTMENTS = 25
USERNAME, PASSWORD = "bench_office", "Bench#pass2026x"
TICK_GOAL_S, P95_GOAL_MS = 5.0, 150.0
CONCURRENCY = 10
CATEGORIES = ["skills", "financing_access", "financing_cost", "capacity", "university",
              "research", "land", "power_gas", "approval", "logistics", "market", "policy"]  # fmt: skip


def generate(n_cases: int) -> dict:
    from chainchief.accounts.changelog import paused
    from chainchief.accounts.models import Role, User
    from chainchief.casework import calendar
    from chainchief.casework.models import Case, CaseUnit
    from chainchief.chains.models import Chain
    from chainchief.enterprises.models import Enterprise
    from chainchief.enterprises.validators import make_credit_code
    from chainchief.places.models import Department, District

    rng = random.Random(2026)
    today = datetime.date.today()
    with paused():
        office = User.objects.create(username=USERNAME, role=Role.CHAIN_OFFICE)
        office.set_password(PASSWORD)
        office.save()
        chains = [
            Chain.objects.create(code=f"B{i:02d}", name=f"基准链{i}") for i in range(N_CHAINS)
        ]
        depts = [Department.objects.create(name=f"基准部门{i}") for i in range(N_DEPARTMENTS)]
        district = District.objects.create(code="430407", name="石鼓区")
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(
                name=f"基准企业{i}有限公司",
                credit_code=make_credit_code(f"91430400MA{i:07d}"),
                district=district,
            )
            for i in range(2000)
        )
        cases, open_count = [], 0
        for i in range(n_cases):
            raised = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
            limit = rng.choice([5, 10, 15])
            assigned = calendar.add_working_days(raised, 1)
            due = calendar.add_working_days(assigned, limit)
            age = (today - raised).days
            is_open = age < 60 and rng.random() < 0.5
            used = rng.randint(1, limit + 5)
            answered = calendar.add_working_days(assigned, used)
            rating = rng.choices(["satisfied", "basic", "unsatisfied", ""], [60, 20, 8, 12])[0]
            open_count += is_open
            cases.append(
                Case(
                    kind="problem",
                    number=f"WT{raised.year}{i + 1:06d}",
                    title=f"基准事项{i}",
                    text="扩产需要技能工人",
                    category=rng.choice(CATEGORIES),
                    enterprise=rng.choice(enterprises),
                    chain=rng.choice(chains),
                    lead_department=rng.choice(depts),
                    raised_on=raised,
                    assigned_on=assigned,
                    clock="answer" if is_open else "",
                    clock_started_on=assigned,
                    limit_days=limit,
                    due_on=due,
                    state=rng.choice(["assigned", "in_progress"]) if is_open else "closed",
                    answered_on=None if is_open else answered,
                    closed_on=None if is_open else answered,
                    closed_on_time=None if is_open else answered <= due,
                    working_days_used=None if is_open else used + 1,
                    rating="" if is_open else rating,
                    reopen_count=1 if not is_open and rng.random() < 0.05 else 0,
                    hand_back_count=1 if rng.random() < 0.04 else 0,
                )  # fmt: skip
            )
        Case.objects.bulk_create(cases, batch_size=5000)
        units = [
            CaseUnit(case_id=pk, department_id=dept, role="lead")
            for pk, dept in Case.objects.values_list("id", "lead_department_id").iterator(5000)
        ]
        CaseUnit.objects.bulk_create(units, batch_size=5000)
    return {"open": open_count}


def main() -> int:
    quick = quick_mode()
    n_cases = 10_000 if quick else N_CASES
    per_page = 100 if quick else 300
    figures: list[Figure] = []
    load_before = os.getloadavg()[0]
    with temp_data_dir("casework") as data:
        setup_django(data)
        from django.db import connections

        from chainchief.casework import services

        section(f"Generate {n_cases:,} cases over 3 years")
        with timed("generate"):
            made = generate(n_cases)
        section("Daily tick")
        with timed("tick") as t_tick:
            counts = services.tick()
        figures.append(
            Figure(
                f"daily tick over {made['open']:,} open cases",
                t_tick["seconds"],
                "s",
                TICK_GOAL_S,
                note=f"{counts['red']:,} red, {counts['yellow']:,} yellow, {counts['reminders']:,} reminders",
            )  # fmt: skip
        )
        with timed("tick again (idempotent)") as t_again:
            again = services.tick()
        figures.append(
            Figure("daily tick, second run the same day", t_again["seconds"], "s", TICK_GOAL_S)
        )
        figures[-1].failed = again["changed"] != 0 or again["reminders"] != 0
        connections.close_all()
        section(f"Server: chainchief serve, {CONCURRENCY} clients, {per_page} requests a page")
        with Server(data) as server:
            clients = [Client(server.port) for _ in range(CONCURRENCY)]
            for client in clients:
                client.login(USERNAME, PASSWORD)
            for label, path in (
                ("case ledger", "/cases/"),
                ("case ledger, filtered", "/cases/?state=closed&category=skills&page=3"),
                ("statistics page", "/cases/stats/"),
            ):
                alone = load(clients[:1], path, total=20, warmup=2)
                result = load(clients, path, total=per_page, warmup=1)
                figures.append(Figure(f"{label}: 1 client, median", alone.median_ms, "ms"))
                figures.append(
                    Figure(
                        f"{label}: {CONCURRENCY} clients, p95",
                        result.p95_ms,
                        "ms",
                        P95_GOAL_MS,
                        note=f"{len(result.latencies)} ok, {result.errors} errors, {result.rps:.0f} req/s",
                    )  # fmt: skip
                )
                if result.errors or alone.errors:
                    figures[-1].failed = True
                    print(server.log_tail(), flush=True)
    ok = print_figures(
        f"Casework figures ({n_cases:,} cases, SQLite; {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before the run)",
        figures,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
