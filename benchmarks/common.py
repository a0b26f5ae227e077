"""Shared helpers for `make bench`: a throw-away data folder, Django in this process, a real
gunicorn server (`chainchief serve`) in a subprocess, a bounded concurrent HTTP load client
(127.0.0.1 only, stdlib), peak memory of the server's process tree from /proc, percentiles and
the figures table.

A bench module exposes `main()`; `benchmarks/run.py` runs each one in its own process, so
each may call `setup_django()` with its own data folder.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


# ---------------------------------------------------------------- run options


def quick_mode() -> bool:
    """`--quick` on the command line (or CHAINCHIEF_BENCH_QUICK=1): a smaller, faster run."""
    return "--quick" in sys.argv[1:] or os.environ.get("CHAINCHIEF_BENCH_QUICK") == "1"


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


@contextlib.contextmanager
def timed(label: str) -> Iterator[dict]:
    """Times the block; prints `label: N.NN s` and leaves the seconds in the yielded dict."""
    result: dict = {}
    start = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start
        print(f"   {label}: {result['seconds']:.2f} s", flush=True)


# ---------------------------------------------------------------- data folder and Django


@contextlib.contextmanager
def temp_data_dir(name: str) -> Iterator[Path]:
    """A fresh data folder under /tmp, removed afterwards (CHAINCHIEF_BENCH_KEEP=1 keeps it)."""
    path = Path(tempfile.mkdtemp(prefix=f"chainchief-bench-{name}-"))
    try:
        yield path
    finally:
        if os.environ.get("CHAINCHIEF_BENCH_KEEP") == "1":
            print(f"   (data folder kept: {path})")
        else:
            shutil.rmtree(path, ignore_errors=True)


def setup_django(data_dir: Path, *, migrate: bool = True, database_url: str | None = None) -> None:
    """Configure Django in this process on `data_dir` (SQLite) and migrate it; with
    `database_url`, on that PostgreSQL database instead (the data folder keeps the uploads).

    Must run before anything imports chainchief models; once per process.
    """
    os.environ["CHAINCHIEF_DATA"] = str(data_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)  # the figures are for the embedded SQLite database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chainchief.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


# ---------------------------------------------------------------- PostgreSQL


LOCAL_PG = "postgres://chainchief:chainchief-ci@127.0.0.1:5432/chainchief"


def pg_server_url() -> str:
    """The PostgreSQL server the benches may create throw-away databases on:
    CHAINCHIEF_BENCH_PG, else DATABASE_URL, else the local development cluster."""
    return os.environ.get("CHAINCHIEF_BENCH_PG") or os.environ.get("DATABASE_URL") or LOCAL_PG


def pg_unreachable(url: str) -> str | None:
    """Why the PostgreSQL server at `url` cannot host a throw-away database (None: it can)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
    except Exception as exc:  # noqa: BLE001 (any failure means: skip PostgreSQL)
        return f"cannot connect ({str(exc).strip().splitlines()[0] if str(exc).strip() else exc})"
    if not row or not row[0]:
        return "the role may not create databases (ALTER ROLE ... CREATEDB)"
    return None


@contextlib.contextmanager
def pg_database(name: str, server_url: str | None = None) -> Iterator[str]:
    """A fresh PostgreSQL database on the server, dropped afterwards (CHAINCHIEF_BENCH_KEEP=1
    keeps it); yields its URL."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    server_url = server_url or pg_server_url()
    dbname = f"{name}_{os.getpid()}"
    parts = urlsplit(server_url)
    url = urlunsplit(parts._replace(path="/" + dbname))
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        yield url
    finally:
        if os.environ.get("CHAINCHIEF_BENCH_KEEP") == "1":
            print(f"   (database kept: {url})")
        else:
            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _chainchief_command() -> list[str]:
    script = Path(sys.executable).with_name("chainchief")
    return [str(script)] if script.exists() else [sys.executable, "-m", "chainchief"]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        # Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    tree = _children()
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(tree.get(p, []))
    return found


def _status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> tuple[int, int]:
    """(current RSS, sum of each process's own peak RSS `VmHWM`) of the tree, in KiB."""
    pids = process_tree(pid)
    return sum(_status_kib(p, "VmRSS") for p in pids), sum(_status_kib(p, "VmHWM") for p in pids)


@dataclass
class Server:
    """`chainchief serve --port P` (gunicorn: master + workers) on a data folder."""

    data_dir: Path
    port: int = 0
    workers: int | None = None
    database_url: str | None = None  # PostgreSQL; None: the data folder's SQLite database
    log_path: Path | None = None
    process: subprocess.Popen | None = None
    peak_rss_kib: int = 0
    peak_hwm_kib: int = 0
    _stop_sampling: threading.Event = field(default_factory=threading.Event)
    _sampler: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        self.port = self.port or free_port()
        env = {**os.environ, "CHAINCHIEF_DATA": str(self.data_dir)}
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.pop("ACCESS_LOG", None)
        command = [*_chainchief_command(), "serve", "--host", HOST, "--port", str(self.port)]
        if self.workers:
            command += ["--workers", str(self.workers)]
        self.log_path = self.log_path or self.data_dir / "server.log"
        log = open(self.log_path, "wb")  # noqa: SIM115 (kept open for the server's life)
        self.process = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server exited early; see {self.log_path}:\n{self.log_tail()}"
                )
            try:
                status, _, _ = request(self.port, "GET", "/accounts/login/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log_tail()}")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def _sample(self) -> None:
        while not self._stop_sampling.is_set():
            self.sample_memory()
            self._stop_sampling.wait(0.05)

    def sample_memory(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        rss, hwm = tree_rss_kib(self.process.pid)
        self.peak_rss_kib = max(self.peak_rss_kib, rss)
        self.peak_hwm_kib = max(self.peak_hwm_kib, hwm)

    def stop(self) -> None:
        self._stop_sampling.set()
        if self._sampler is not None:
            self._sampler.join(timeout=2)
        if self.process is None or self.process.poll() is not None:
            return
        self.sample_memory()
        self.process.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of master and workers
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ---------------------------------------------------------------- HTTP client (stdlib)


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    conn: http.client.HTTPConnection | None = None,
) -> tuple[int, dict, bytes]:
    """One request to the local server; returns (status, headers, body)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        if own:
            conn.close()


class Client:
    """A logged-in browser stand-in: cookies, CSRF, one keep-alive connection per thread."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self._local = threading.local()

    def _conn(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        return conn

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"Accept-Language": "zh-CN", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**headers, **(extra or {})}

    def _keep_cookies(self, response) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                jar = SimpleCookie()
                jar.load(value)
                for key, morsel in jar.items():
                    self.cookies[key] = morsel.value

    def fetch(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, body, seconds); reconnects once if the server closed the keep-alive."""
        for attempt in (1, 2):
            conn = self._conn()
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=self._headers(headers))
                response = conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, ConnectionError, BrokenPipeError):
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - start
            self._keep_cookies(response)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                self._local.conn = None
            return response.status, data, seconds
        raise AssertionError("unreachable")

    def get(self, path: str):
        return self.fetch("GET", path)

    def login(self, username: str, password: str) -> None:
        """Log in through the log-in form, as a browser would."""
        status, page, _ = self.get("/accounts/login/")
        if status != 200:
            raise RuntimeError(f"GET /accounts/login/ answered {status}")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not match:
            raise RuntimeError("no CSRF token on the log-in page")
        form = urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": username,
                "password": password,
            }
        ).encode()
        status, page, _ = self.fetch(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}/accounts/login/",
                "Origin": f"http://{HOST}:{self.port}",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in as {username} failed (HTTP {status})")


@dataclass
class LoadResult:
    path: str
    latencies: list[float]
    errors: int
    statuses: dict[int, int]
    seconds: float

    @property
    def median_ms(self) -> float:
        return percentile(self.latencies, 50) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 95) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 99) * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class Tally:
    """What many threads' requests got: latencies of the 200 answers, every status, errors
    (a refused or dropped connection, or any status but 200)."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0
        self._lock = threading.Lock()

    def get(self, client: Client, path: str) -> None:
        """One GET of `path` by `client`, recorded."""
        try:
            status, _, seconds = client.get(path)
        except OSError:
            with self._lock:
                self.errors += 1
            return
        with self._lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 200:
                self.latencies.append(seconds)
            else:
                self.errors += 1

    def result(self, path: str, seconds: float) -> LoadResult:
        return LoadResult(path, self.latencies, self.errors, self.statuses, seconds)


def load(clients: Sequence[Client], path: str, *, total: int, warmup: int = 0) -> LoadResult:
    """`total` GETs of `path`, spread over one thread per client (the concurrency), bounded.

    Each client first makes `warmup` untimed requests (connections, caches, lazy imports)."""
    for client in clients:
        for _ in range(warmup):
            client.get(path)
    tally = Tally()
    lock = threading.Lock()
    remaining = [total]

    def worker(client: Client) -> None:
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            tally.get(client, path)

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.result(path, time.perf_counter() - start)


# ---------------------------------------------------------------- figures


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: float | None = None  # the value must be at most this (at least, with at_least=True)
    note: str = ""
    failed: bool = False  # failed for another reason (errors, a wrong result); say why in note
    at_least: bool = False  # higher is better (throughput): the value must reach the goal

    @property
    def verdict(self) -> str:
        if self.failed:
            return "FAIL"
        if self.goal is None:
            return "-"
        met = self.value >= self.goal if self.at_least else self.value <= self.goal
        return "PASS" if met else "FAIL"


def print_figures(title: str, figures: Sequence[Figure]) -> bool:
    """Prints the table; True when every figure with a goal meets it."""
    rows = [
        (
            f.name,
            f"{f.value:,.1f} {f.unit}" if f.value == f.value else "n/a",
            f"{'≥' if f.at_least else '≤'} {f.goal:,.0f} {f.unit}" if f.goal is not None else "",
            f.verdict,
            f.note,
        )
        for f in figures
    ]
    headers = ("figure", "value", "goal", "result", "note")
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    print(f"\n{title}")
    print(line)
    for i, row in enumerate([headers, *rows]):
        print("| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |")
        if i == 0:
            print(line)
    print(line, flush=True)
    return all(f.verdict != "FAIL" for f in figures)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
