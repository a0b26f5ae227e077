"""The demo build behind `make run` and `make demo`: time and memory of
`chainchief demo --reset --noinput` on a fresh, migrated SQLite data folder.

    python benchmarks/bench_demo.py [--quick]

The build goes through every app's services (see the README's demo paragraph); the goal keeps
that affordable: at most 35 s and 250 MB on an idle machine for the full city (1,500
enterprises, 24 months). `--quick` builds 300 enterprises and sets no goal. The load average
is printed with the figures: on a busy machine the wall time is pessimistic, the CPU time less so.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import time

from common import Figure, print_figures, quick_mode, section, temp_data_dir

BUILD_GOAL_S = 35.0
MEMORY_GOAL_MB = 250.0


def _chainchief(data, *args: str) -> subprocess.CompletedProcess:
    from common import _chainchief_command

    env = {**os.environ, "CHAINCHIEF_DATA": str(data)}
    env.pop("DATABASE_URL", None)  # the embedded SQLite database, as `make run` uses
    return subprocess.run(
        [*_chainchief_command(), *args], env=env, capture_output=True, text=True, check=True
    )


def main() -> int:
    quick = quick_mode()
    size = ["--enterprises", "300"] if quick else []
    with temp_data_dir("demo") as data:
        section("Migrate a fresh data folder")
        _chainchief(data, "migrate", "--noinput", "-v", "0")
        load_before = os.getloadavg()[0]
        section(f"chainchief demo --reset --noinput {' '.join(size)}".rstrip())
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = _chainchief(data, "demo", "--reset", "--noinput", *size)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        print("\n".join("   " + line for line in done.stdout.splitlines()[:12]), flush=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = after.ru_maxrss / 1024  # the largest child so far: the build (migrate is smaller)
    reported = re.search(r"用时 ([\d.]+) 秒", done.stdout)
    load = f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    label = "300 enterprises" if quick else "1,500 enterprises, 24 months"
    figures = [
        Figure(f"demo build ({label}), wall", wall, "s", None if quick else BUILD_GOAL_S,
               note=load),
        Figure("demo build, CPU (user + system)", cpu, "s",
               note="less sensitive to other processes than the wall time"),
        Figure("demo build, builder's own timer", float(reported.group(1)) if reported else
               float("nan"), "s", note="inside the transaction, without start-up"),
        Figure("demo build, peak memory", peak_mb, "MB", None if quick else MEMORY_GOAL_MB),
    ]  # fmt: skip
    return 0 if print_figures("Demo build", figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
