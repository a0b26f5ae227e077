"""Audit at scale: 20,000 findings over 10 years, 5,000 projects, 10,000 enterprises.

Measures, in-process through the Django test client (middleware, access check, queries,
templates): the rectification ledger page (goal p95 ≤ 150 ms), its .xlsx export of a whole
year and of everything (goal ≤ 5 s), and the nightly early-warning run over 5,000 projects and
10,000 enterprises with 24 months of indicators (goal ≤ 5 s).

    .venv/bin/python benchmarks/bench_audit.py [--quick]     (or `make bench`)

Uses its own data folder (/tmp/chainchief-bench-audit) unless Django is already set up.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal

QUICK = "--quick" in sys.argv[1:] or os.environ.get("CHAINCHIEF_BENCH_QUICK") == "1"
N_FINDINGS = 4_000 if QUICK else 20_000
N_PROJECTS = 1_000 if QUICK else 5_000
N_ENTERPRISES = 2_000 if QUICK else 10_000
YEARS = list(range(2017, 2027))
PAGE_GOAL_MS, EXPORT_GOAL_S, WARN_GOAL_S = 150.0, 5.0, 5.0
PREFIX = "BA"


def _setup_django() -> None:
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("CHAINCHIEF_DATA", "/tmp/chainchief-bench-audit")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chainchief.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _generate() -> None:
    from chainchief.accounts.models import Role, User
    from chainchief.audit.models import (
        Audit,
        Finding,
        FindingCategory,
        Outcome,
        Rectification,
        RectKind,
        RectState,
    )  # fmt: skip
    from chainchief.chains.models import Chain
    from chainchief.enterprises.models import Enterprise, MonthlyIndicator
    from chainchief.enterprises.validators import make_credit_code
    from chainchief.places.models import Department, District
    from chainchief.projects.models import PIPELINE, Kind, Project

    if Finding.objects.count() >= N_FINDINGS:
        return
    rnd = random.Random(2026)
    today = datetime.date.today()
    User.objects.get_or_create(username="bench_auditor", defaults={"role": Role.AUDITOR})
    units = [Department.objects.get_or_create(name=f"基准审计单位{i}")[0] for i in range(40)]
    chains = [Chain.objects.get_or_create(code=f"{PREFIX}{i:02d}", defaults={"name": f"审计基准链{i}"})[0]
              for i in range(10)]  # fmt: skip
    district = District.objects.get_or_create(code="430499", defaults={"name": "基准区"})[0]
    enterprises = [
        Enterprise(name=f"审计基准企业{i:05d}", credit_code=make_credit_code(f"91430499MB{i:07d}"),
                   district=district)
        for i in range(N_ENTERPRISES)
    ]  # fmt: skip
    Enterprise.objects.bulk_create(enterprises, batch_size=2000)
    enterprises = list(Enterprise.objects.filter(name__startswith="审计基准企业"))
    months = []
    for i in range(24):
        y, m = divmod(today.year * 12 + today.month - 25 + i, 12)
        months.append(datetime.date(y, m + 1, 1))
    falling = {e.pk for e in enterprises if rnd.random() < 0.1}  # output down 40 % this year
    indicators = [
        MonthlyIndicator(enterprise=e, month=month, output_value=Decimal(rnd.randrange(100, 5000))
                         * (Decimal("0.6") if e.pk in falling and j >= 12 else 1))
        for e in enterprises for j, month in enumerate(months)
    ]  # fmt: skip
    MonthlyIndicator.objects.bulk_create(indicators, batch_size=5000)
    projects = []
    for i in range(N_PROJECTS):
        stage = rnd.choice(PIPELINE)
        started = stage in PIPELINE[3:]
        projects.append(Project(
            name=f"审计基准项目{i:05d}", chain=chains[i % 10], stage=stage,
            kind=rnd.choice(Kind.values), planned_investment=Decimal(rnd.randrange(1000, 100000)),
            invested=Decimal(rnd.randrange(0, 50000)), department=rnd.choice(units),
            investor_enterprise=(owner := rnd.choice(enterprises) if rnd.random() < 0.4 else None),
            policy_funds=Decimal(rnd.randrange(50, 2000)) if owner and rnd.random() < 0.5 else None,
            signed_on=today - datetime.timedelta(days=400) if stage in PIPELINE[2:] and rnd.random() < 0.9 else None,
            started_on=today - datetime.timedelta(days=rnd.randrange(30, 900)) if started else None,
            last_progress_on=today - datetime.timedelta(days=rnd.randrange(0, 300)),
        ))  # fmt: skip
    Project.objects.bulk_create(projects, batch_size=2000)
    categories = list(FindingCategory.objects.all())
    audits = [
        Audit(year=y, name=f"{y}年度基准审计项目{i:03d}", kind="special", focus_area="performance",
              subject="基准", stage="rectifying", notice_on=datetime.date(y, 3, 1))
        for y in YEARS for i in range(50)
    ]  # fmt: skip
    Audit.objects.bulk_create(audits, batch_size=1000)
    audits = list(Audit.objects.filter(name__contains="基准审计项目"))
    findings = []
    for i in range(N_FINDINGS):
        audit = audits[i % len(audits)]
        findings.append(Finding(
            audit=audit, number=f"{audit.year}-{audit.pk}-{i:05d}", summary=f"基准问题{i:05d}",
            category=rnd.choice(categories), unit=rnd.choice(units),
            amount=Decimal(rnd.randrange(0, 2000)), is_repeat=rnd.random() < 0.1,
            found_on=datetime.date(audit.year, rnd.randint(4, 11), rnd.randint(1, 28)),
        ))  # fmt: skip
    Finding.objects.bulk_create(findings, batch_size=2000)
    rects = []
    for f in Finding.objects.filter(summary__startswith="基准问题").only("id", "found_on"):
        state = rnd.choices(RectState.values, weights=[1, 1, 3, 1, 8])[0]
        closed = state == RectState.CLOSED
        rects.append(Rectification(
            finding_id=f.pk, state=state, assigned_on=f.found_on,
            plan_due_on=f.found_on + datetime.timedelta(days=30), kind=rnd.choice(RectKind.values),
            measures="整改措施", due_on=f.found_on + datetime.timedelta(days=rnd.randrange(30, 400)),
            money_recovered=Decimal(rnd.randrange(0, 300)), evidence_count=rnd.randrange(0, 5),
            outcome=Outcome.DONE if closed else "",
            closed_on=f.found_on + datetime.timedelta(days=rnd.randrange(20, 500)) if closed else None,
        ))  # fmt: skip
    Rectification.objects.bulk_create(rects, batch_size=2000)


def _measure(client, url: str, n: int) -> tuple[float, float, float]:
    for _ in range(3):
        client.get(url)
    times, cpu = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return (
        statistics.median(times),
        times[max(0, int(len(times) * 0.95) - 1)],
        statistics.median(cpu),
    )


def _export(client, url: str) -> tuple[float, float, int]:
    t, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = len(response.content)
    return time.perf_counter() - t, time.process_time() - cpu, size


def _enterprise_sized_export(n: int = 200_000) -> tuple[float, float, int]:
    """The one writer alone on 200,000 rows shaped like the enterprise export (14 columns:
    names, 18-character codes, lists, long text, a date), made as they are written (as the
    export's query does), so the time includes making them."""
    from chainchief.enterprises.imports.exporting import ENTERPRISE_COLUMNS
    from chainchief.imports.template import headers_of
    from chainchief.web.excel import build_workbook, workbook_bytes

    rows = (
        [f"基准企业{i:06d}有限公司", f"91430499MB{i:07d}X", "430499", "基准园区",
         "输变电装备、新能源", "整机", "", "变压器、互感器", "输变电设备制造、销售；技术服务",
         datetime.date(2010, 1, 1) + datetime.timedelta(days=i % 5000), "张三", "李四",
         f"1390734{i % 10000:04d}", ""]
        for i in range(n)
    )  # fmt: skip
    t, cpu = time.perf_counter(), time.process_time()
    data = workbook_bytes(build_workbook("企业", headers_of(ENTERPRISE_COLUMNS), rows))
    return time.perf_counter() - t, time.process_time() - cpu, len(data)


def _in_child(fn):
    """Run `fn` in a forked process: its result and the process's peak RSS while it ran, with
    the growth over the RSS it started with ("—" without fork or /proc)."""
    import pickle

    if not hasattr(os, "fork"):
        return fn(), "—"
    from django.db import connections

    connections.close_all()  # the child opens its own
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the result, leave without the parent's clean-up
        os.close(read)
        try:
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")  # reset the peak (VmHWM) to the RSS inherited from the parent
            start = _proc_mb("VmRSS")
        except OSError:
            start = 0.0
        try:
            result = fn()
            payload = pickle.dumps(("ok", (result, start, _proc_mb("VmHWM"))))
        except BaseException as exc:  # noqa: BLE001
            payload = pickle.dumps(("error", repr(exc)))
        with os.fdopen(write, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as src:
        status, answer = pickle.loads(src.read())
    os.waitpid(pid, 0)
    if status != "ok":
        raise RuntimeError(answer)
    result, start, peak = answer
    return result, f"{peak:.0f} MB (+{peak - start:.0f} MB)" if start and peak else "—"


def _proc_mb(field: str) -> float:
    try:
        with open("/proc/self/status") as status:
            line = next(x for x in status if x.startswith(field + ":"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration, ValueError):
        return 0.0


def main(n: int = 40) -> bool:
    """Print the figures; True when every goal is met."""
    _setup_django()
    from django.test import Client

    from chainchief.accounts.models import User
    from chainchief.audit.models import Finding
    from chainchief.audit.warnings import run_rules

    t = time.perf_counter()
    _generate()
    from chainchief.audit.models import EarlyWarning

    EarlyWarning.objects.all().delete()  # the first run creates every warning
    print(f"audit bench: {Finding.objects.count()} findings over {len(YEARS)} years "
          f"(ready in {time.perf_counter() - t:.1f} s)")  # fmt: skip
    client = Client()
    client.force_login(User.objects.get(username="bench_auditor"))
    ok = True
    print(f"{'page':<32}{'median ms':>10}{'p95 ms':>10}  goal p95 ≤ {PAGE_GOAL_MS:.0f} ms")
    for label, url in [
        ("ledger page 1", "/audit/ledger/"),
        ("ledger, one year", "/audit/ledger/?year=2024"),
        ("ledger, state+search", "/audit/ledger/?state=in_progress&q=基准问题1"),
        ("ledger, last page", "/audit/ledger/?page=400"),
        ("audit home (figures)", "/audit/"),
    ]:
        median, p95, cpu = _measure(client, url, n)
        passed = p95 <= PAGE_GOAL_MS
        ok &= passed
        print(f"{label:<32}{median:>10.1f}{p95:>10.1f}  {'ok' if passed else 'SLOW'}  "
              f"(cpu median {cpu:.1f} ms)")  # fmt: skip
    # Wall time is the goal; CPU time (this process, SQLite included) is printed beside it,
    # since on a loaded machine wall time mostly measures waiting for a core. Each export runs
    # in a forked child so its peak memory (RSS) is its own; the goal is ≤ 5 s, the
    # writer's own target (XlsxWriter, constant_memory) ≤ 4 s for all 10 years on an idle machine.
    print(f"{'export':<32}{'wall':>10}  goal           (cpu, peak RSS of the export process)")
    for label, url in [("ledger .xlsx, one year", "/audit/ledger.xlsx?year=2024"),
                       ("ledger .xlsx, all 10 years", "/audit/ledger.xlsx")]:  # fmt: skip
        (seconds, cpu, size), rss = _in_child(lambda url=url: _export(client, url))
        passed = seconds <= EXPORT_GOAL_S
        ok &= passed
        print(f"{label:<32}{seconds:>10.2f} s  goal ≤ {EXPORT_GOAL_S:.0f} s  "
              f"{'ok' if passed else 'SLOW'}  (cpu {cpu:.2f} s, peak RSS {rss}, "
              f"{size / 1e6:.1f} MB file)")  # fmt: skip
    (seconds, cpu, size), rss = _in_child(_enterprise_sized_export)
    print(f"{'writer: 200,000 enterprise rows':<32}{seconds:>10.2f} s  (no goal; cpu {cpu:.2f} s, "
          f"peak RSS {rss}, {size / 1e6:.1f} MB file)")  # fmt: skip
    for label in ("nightly warnings (first run)", "nightly warnings (next night)"):
        t, cpu = time.perf_counter(), time.process_time()
        counts = run_rules()
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        passed = seconds <= WARN_GOAL_S
        ok &= passed
        print(f"{label:<32}{seconds:>10.2f} s  goal ≤ {WARN_GOAL_S:.0f} s  "
              f"{'ok' if passed else 'SLOW'}  (cpu {cpu:.2f} s)  {sum(counts.values())} warnings")  # fmt: skip
    print(
        f"load average: {open('/proc/loadavg').read().split()[0]}"
        if os.path.exists("/proc/loadavg")
        else ""
    )
    return ok


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    sys.exit(0 if main() else 1)
