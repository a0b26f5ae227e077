"""Long imports and the write lock (issue 7), SQLite, the real server beside the import.

A 20,000-row enterprise file (the foundation bench's generated city) is imported through the
one import framework twice: first every row is new, then every row changes (products and
business scope, so the change log writes an update per row). For each run the import reports
how long its write transaction held the database's write lock (goal ≤ 5 s), and meanwhile
clients of `chainchief serve` log in again and again and save a chain goal (a web write):
all of them must succeed (no "database is locked"), and their worst latency is printed.

    python benchmarks/bench_imports.py [--quick] [--rows N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_foundation import (  # noqa: E402
    HEADERS,
    PASSWORD,
    USERNAME,
    build_reference_data,
    enterprise_rows,
    write_xlsx,
)
from common import (  # noqa: E402
    HOST,
    Client,
    Figure,
    Server,
    percentile,
    print_figures,
    quick_mode,
    section,
    setup_django,
    temp_data_dir,
    timed,
)

LOCK_GOAL_S = 5.0
LOGIN_CLIENTS = 2
WRITE_CLIENTS = 2


class Traffic:
    """Log-ins and web writes in threads until stopped; counts failures and latencies."""

    def __init__(self, port: int, chain_code: str) -> None:
        self.port, self.chain_code = port, chain_code
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.login_s: list[float] = []
        self.write_s: list[float] = []
        self.failures: list[str] = []
        self.threads: list[threading.Thread] = []
        self.token = f"{time.time():.0f}"  # goal names are unique per chain and year

    def _fail(self, what: str) -> None:
        with self.lock:
            self.failures.append(what)

    def _logins(self) -> None:
        while not self.stop.is_set():
            client = Client(self.port)
            started = time.perf_counter()
            try:
                client.login(USERNAME, PASSWORD)
            except (RuntimeError, OSError) as exc:
                self._fail(f"log-in: {exc}")
                continue
            with self.lock:
                self.login_s.append(time.perf_counter() - started)

    def _writes(self, index: int) -> None:
        client = Client(self.port)
        client.login(USERNAME, PASSWORD)
        n = 0
        while not self.stop.is_set():
            n += 1
            form = urlencode(
                {
                    "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
                    "indicator": f"压测指标{self.token}-{index}-{n}",
                    "unit": "亿元",
                    "year": 2026,
                    "target_value": "12.50",
                    "note": "",
                }
            ).encode()
            try:
                status, body, seconds = client.fetch(
                    "POST",
                    f"/chains/{self.chain_code}/goals/new/",
                    body=form,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://{HOST}:{self.port}/",
                        "Origin": f"http://{HOST}:{self.port}",
                    },
                )
            except OSError as exc:
                self._fail(f"write: {exc}")
                continue
            if status != 302:
                found = re.search(rb'class="errorlist[^"]*"[^>]*>(.{0,300})', body, re.S)
                shown = (found.group(1) if found else body[:120]).decode(errors="replace")
                self._fail(f"write: HTTP {status} {re.sub(r'<[^>]+>', ' ', shown).strip()}")
                continue
            with self.lock:
                self.write_s.append(seconds)
            time.sleep(0.05)

    def __enter__(self) -> Traffic:
        self.threads = [threading.Thread(target=self._logins) for _ in range(LOGIN_CLIENTS)]
        self.threads += [
            threading.Thread(target=self._writes, args=(i,)) for i in range(WRITE_CLIENTS)
        ]
        for t in self.threads:
            t.start()
        time.sleep(1.0)  # traffic is flowing before the import starts
        return self

    def __exit__(self, *exc) -> None:
        time.sleep(0.5)
        self.stop.set()
        for t in self.threads:
            t.join(timeout=120)


def run_import(path: Path, user):
    from chainchief.enterprises.importing import import_file

    report = import_file(path, "enterprises", dry_run=False, user=user)
    if not report.applied:
        shown = "\n".join(str(e) for e in report.errors[:10])
        raise RuntimeError(f"the import was not applied:\n{shown}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="5,000 rows")
    parser.add_argument("--rows", type=int, default=0)
    args, _ = parser.parse_known_args(sys.argv[1:])
    n = args.rows or (5_000 if args.quick or quick_mode() else 20_000)
    figures: list[Figure] = []
    load_before = os.getloadavg()

    with temp_data_dir("imports") as data:
        section(f"Enterprise import of {n:,} rows beside a live server (SQLite, {data})")
        with timed("migrate"):
            setup_django(data)
        from django.db import connections

        from chainchief.accounts import ledger
        from chainchief.accounts.models import ChangeLog, User
        from chainchief.chains.models import Chain
        from chainchief.enterprises.models import Enterprise

        build_reference_data()
        user = User.objects.get(username=USERNAME)
        chain_code = Chain.objects.order_by("code").values_list("code", flat=True).first()
        rows = enterprise_rows(n)
        new_file = write_xlsx(data / "new.xlsx", HEADERS, rows)
        for row in rows:  # every row changes: products and business scope
            row[7] = f"{row[7]}、配套件"
            row[8] = f"{row[8]}技术服务。"
        changed_file = write_xlsx(data / "changed.xlsx", HEADERS, rows)
        connections.close_all()

        with Server(data) as server:
            for label, path in (("new rows", new_file), ("changed rows", changed_file)):
                with Traffic(server.port, chain_code) as traffic, timed(f"import {label}") as t:
                    report = run_import(path, user)
                changes = report.created + report.updated
                print(
                    f"   write lock held {report.write_seconds:.2f} s of {t['seconds']:.1f} s; "
                    f"{changes:,} changes; log-ins {len(traffic.login_s)}, "
                    f"web writes {len(traffic.write_s)}, failures {len(traffic.failures)}",
                    flush=True,
                )
                for failure in traffic.failures[:5]:
                    print(f"   ! {failure}")
                figures.append(
                    Figure(
                        f"{n:,} {label}: write lock held",
                        report.write_seconds,
                        "s",
                        LOCK_GOAL_S,
                        note=f"import {t['seconds']:.1f} s in all, {changes:,} changes",
                    )
                )
                for name, values in (("log-ins", traffic.login_s), ("web writes", traffic.write_s)):
                    figure = Figure(
                        f"{label}: {name} meanwhile, slowest",
                        max(values) * 1000 if values else float("nan"),
                        "ms",
                        note=f"{len(values)} ok, p95 {percentile(values, 95) * 1000:.0f} ms",
                    )
                    kind = "log-in" if name == "log-ins" else "write"
                    failed = [f for f in traffic.failures if f.startswith(kind)]
                    if failed or not values:
                        figure.failed = True
                        figure.note += f", {len(failed)} FAILED"
                    figures.append(figure)
        assert Enterprise.objects.count() == n
        verdict = ledger.verify(ChangeLog)
        figures.append(
            Figure(
                "change log hash chain after the imports",
                verdict.checked,
                "rows",
                note="verified" if verdict.ok else f"BROKEN at {verdict.broken_at}",
                failed=not verdict.ok,
            )
        )
    load_after = os.getloadavg()
    print(
        f"\nload average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
        f"(other work on the machine makes every figure slower)"
    )
    return 0 if print_figures("Imports and the write lock (issue 7)", figures) else 1


if __name__ == "__main__":
    sys.exit(main())
