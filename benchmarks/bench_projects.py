"""Project library at city scale: 5,000 projects and 50,000 progress entries.

Measures the library page, its filters, the funnel and the API list through the Django
test client in-process (the whole request: middleware, scoping, queries, templates) and
prints median and p95. Goal: p95 ≤ 150 ms for the list and the funnel.

    .venv/bin/python benchmarks/bench_projects.py      (or `make bench`, which calls main())

Uses its own data folder (/tmp/chainchief-bench-projects) unless Django is already set up.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal

N_PROJECTS = 5_000
N_PROGRESS = 50_000
N_CHAINS = 10
GOAL_MS = 150.0
PREFIX = "BP"


def _setup_django() -> None:
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("CHAINCHIEF_DATA", "/tmp/chainchief-bench-projects")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chainchief.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _generate() -> None:
    from chainchief.accounts.models import Role, User
    from chainchief.chains.models import Chain, Segment
    from chainchief.places.models import Department, District
    from chainchief.projects.models import (
        PIPELINE,
        Kind,
        Milestone,
        ProgressEntry,
        Project,
        Stage,
    )

    if Project.objects.filter(chain__code__startswith=PREFIX).count() >= N_PROJECTS:
        return
    rnd = random.Random(2026)
    today = datetime.date.today()
    Project.objects.filter(chain__code__startswith=PREFIX).delete()
    chains = [
        Chain.objects.get_or_create(code=f"{PREFIX}{i:02d}", defaults={"name": f"基准产业链{i}"})[0]
        for i in range(N_CHAINS)
    ]
    segments = {
        c.pk: [
            Segment.objects.get_or_create(
                chain=c, name=f"环节{j}", defaults={"stage": "midstream"}
            )[0]
            for j in range(5)
        ]
        for c in chains
    }
    departments = [Department.objects.get_or_create(name=f"基准部门{i}")[0] for i in range(10)]
    districts = [
        District.objects.get_or_create(code=f"4304{i:02d}", defaults={"name": f"基准区{i}"})[0]
        for i in range(5)
    ]
    User.objects.get_or_create(username="bench_office", defaults={"role": Role.CHAIN_OFFICE})
    stages = [*PIPELINE, Stage.DROPPED]
    projects = []
    for i in range(N_PROJECTS):
        chain = chains[i % N_CHAINS]
        stage = rnd.choices(stages, weights=[30, 20, 15, 15, 10, 10])[0]
        planned = Decimal(rnd.randrange(1_000, 500_000))
        projects.append(
            Project(
                name=f"基准项目{i:05d}",
                kind=rnd.choice(Kind.values),
                chain=chain,
                segment=rnd.choice(segments[chain.pk]),
                stage=stage,
                is_key=rnd.random() < 0.2,
                investor_name=f"投资企业{i % 900}",
                source_region=rnd.choice(["广东", "江苏", "浙江", "上海", "湖南"]),
                planned_investment=planned,
                department=rnd.choice(departments),
                district=rnd.choice(districts),
                stage_since=today,
                signed_on=today - datetime.timedelta(days=rnd.randrange(400))
                if stage in PIPELINE[2:]
                else None,
                started_on=today - datetime.timedelta(days=rnd.randrange(300))
                if stage in PIPELINE[3:]
                else None,
                last_progress_on=today - datetime.timedelta(days=rnd.randrange(240)),
            )  # fmt: skip
        )
    Project.objects.bulk_create(projects, batch_size=1000)
    projects = list(
        Project.objects.filter(chain__code__startswith=PREFIX).only("id", "planned_investment")
    )
    milestones, entries = [], []
    per = N_PROGRESS // len(projects)
    for p in projects:
        for k in range(2):
            milestones.append(
                Milestone(
                    project=p,
                    name=f"节点{k}",
                    planned_on=today + datetime.timedelta(days=rnd.randrange(-200, 200)),
                    actual_on=today if rnd.random() < 0.5 else None,
                    planned_investment=p.planned_investment * Decimal("0.3") * (k + 1),
                )  # fmt: skip
            )
        invested = Decimal(0)
        for k in range(per):
            inc = (p.planned_investment / per / 2).quantize(Decimal("0.01"))
            invested += inc
            entries.append(
                ProgressEntry(
                    project=p,
                    reported_on=today - datetime.timedelta(days=(per - k) * 20),
                    text="项目推进情况：完成土建、设备招标等工作。",
                    invested_to_date=invested,
                    invested_increment=inc,
                )  # fmt: skip
            )
        p.invested = invested
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    ProgressEntry.objects.bulk_create(entries, batch_size=2000)
    Project.objects.bulk_update(projects, ["invested"], batch_size=1000)


def _measure(client, url: str, n: int) -> tuple[float, float]:
    for _ in range(3):
        client.get(url)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main(n: int = 60) -> bool:
    """Print the figures; True when every goal is met."""
    _setup_django()
    from django.test import Client

    from chainchief.accounts.models import User
    from chainchief.projects.models import ProgressEntry, Project

    t = time.perf_counter()
    _generate()
    print(f"project bench city: {Project.objects.count()} projects, "
          f"{ProgressEntry.objects.count()} progress entries (ready in {time.perf_counter() - t:.1f} s)")  # fmt: skip
    client = Client()
    client.force_login(User.objects.get(username="bench_office"))
    urls = [
        ("library page 1", "/projects/"),
        ("library, red warnings", "/projects/?warning=red"),
        ("library, chain+stage+search", f"/projects/?chain={PREFIX}01&stage=signed&q=基准"),
        ("library, last page", "/projects/?page=167"),
        ("funnel, all chains", "/projects/funnel/"),
        ("funnel, one chain", f"/projects/funnel/?chain={PREFIX}01"),
        ("board", "/projects/board/"),
        ("API list (50)", "/api/projects/"),
    ]
    ok = True
    print(f"{'page':<30}{'median ms':>10}{'p95 ms':>10}  goal p95 ≤ {GOAL_MS:.0f} ms")
    for label, url in urls:
        median, p95 = _measure(client, url, n)
        goal = label.startswith(("library", "funnel"))
        passed = p95 <= GOAL_MS
        ok &= passed or not goal
        mark = ("ok" if passed else "SLOW") if goal else ""
        print(f"{label:<30}{median:>10.1f}{p95:>10.1f}  {mark}")
    return ok


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    sys.exit(0 if main() else 1)
