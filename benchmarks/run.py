"""`make bench`: run every benchmark module and print its figures.

    python benchmarks/run.py [--quick] [--only foundation,knowledge] [--list]

Each `bench_<name>.py` beside this file exposes `main()`. Every bench runs in its own Python
process (each configures Django on its own throw-away data folder); a bench that cannot be
imported yet is reported as not available and the others still run. The exit status is 1
when a bench failed (an exception, or a figure that missed its goal, signalled by `main()`
returning False or a non-zero number).
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["foundation", "knowledge", "projects"]  # first these, then any other bench_*.py
NOT_AVAILABLE = 3


def bench_names() -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    return [n for n in ORDER] + [n for n in found if n not in ORDER]


def run_one(name: str, extra: list[str]) -> int:
    """Import bench_<name> and call its main() in this process; the exit status tells the outcome."""
    sys.path.insert(0, str(HERE))
    try:
        module = importlib.import_module(f"bench_{name}")
    except ImportError as exc:
        print(f"bench {name}: not available yet ({exc})")
        return NOT_AVAILABLE
    except Exception:
        traceback.print_exc()
        return 1
    main = getattr(module, "main", None)
    if main is None:
        print(f"bench {name}: not available yet (bench_{name}.main() is missing)")
        return NOT_AVAILABLE
    sys.argv = [str(HERE / f"bench_{name}.py"), *extra]
    try:
        result = main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception:
        traceback.print_exc()
        return 1
    if result is False:
        return 1
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="smaller generated data and fewer requests"
    )
    parser.add_argument("--only", default="", help="comma-separated bench names (default: all)")
    parser.add_argument("--list", action="store_true", help="list the benches and exit")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args, extra = parser.parse_known_args()
    if args.quick:
        extra = ["--quick", *extra]
        os.environ["CHAINCHIEF_BENCH_QUICK"] = "1"
    if args.child:
        return run_one(args.child, extra)

    names = bench_names()
    if args.list:
        print("\n".join(names))
        return 0
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        names = [n for n in names if n in wanted] + [n for n in wanted if n not in names]

    outcomes: list[tuple[str, str, float]] = []
    for name in names:
        print(f"\n######## bench {name} ########", flush=True)
        start = time.perf_counter()
        command = [sys.executable, str(Path(__file__).resolve()), "--child", name, *extra]
        code = subprocess.call(command, cwd=HERE.parent)
        seconds = time.perf_counter() - start
        outcome = {0: "ok", NOT_AVAILABLE: "not available"}.get(code, f"FAILED (exit {code})")
        outcomes.append((name, outcome, seconds))

    print("\n######## summary ########")
    for name, outcome, seconds in outcomes:
        print(f"  {name:<12} {outcome:<20} {seconds:7.1f} s")
    return 1 if any(o.startswith("FAILED") for _, o, _ in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
