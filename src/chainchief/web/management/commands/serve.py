from __future__ import annotations

import gc
import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from chainchief.wsgi import application

        if self.cfg.preload_app:
            _warm_before_fork()
        return application


def _warm_before_fork() -> None:
    """In the master, before the workers fork: build the national graph's index once, so
    every worker shares its pages (copy-on-write) instead of building its own ~140 MB.
    gc.freeze() keeps the collector from writing to those objects (and so copying pages)."""
    from django.db import connections

    try:
        from chainchief.knowledge.loader import get_index

        get_index()
    except Exception as exc:  # noqa: BLE001 (a missing table: workers load it on first use)
        print(f"全国产业图谱索引未预加载（{exc.__class__.__name__}），将在首次使用时加载。")
    try:
        # Import every view module (the API router, openpyxl, the report code) once here, so
        # no worker's first request spends seconds importing them.
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 (the import is the point)
    except Exception as exc:  # noqa: BLE001 (a broken view module fails its own requests)
        print(f"URL 配置未预加载（{exc.__class__.__name__}），将在首次请求时加载。")
    finally:
        connections.close_all()  # never share a database connection across fork
    gc.collect()
    gc.freeze()


def _start_worker() -> subprocess.Popen:
    """One background-job worker (jobs, nightly ticks) as a child of this process; being the
    server's only worker, it marks jobs left "running" by a killed worker as failed."""
    return subprocess.Popen(
        [sys.executable, "-m", "chainchief", "worker", "--no-reload", "--recover-interrupted",
         "-v", "0"]
    )  # fmt: skip


def _stop_worker(worker: subprocess.Popen | None, owner_pid: int) -> None:
    # gunicorn's forked web workers unwind through the same `finally`: only the process
    # that started the job worker stops it.
    if worker is None or os.getpid() != owner_pid or worker.poll() is not None:
        return
    try:
        worker.wait(timeout=1)  # Ctrl-C reached it too: it stops after the task in hand
    except subprocess.TimeoutExpired:
        worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class Command(BaseCommand):
    help = "用生产级 WSGI 服务器（gunicorn）启动平台。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument(
            "--no-preload",
            action="store_true",
            default=os.environ.get("WEB_PRELOAD", "1") == "0",
            help="每个 worker 各自加载应用和图谱索引（默认在主进程预加载后共享）。",
        )
        parser.add_argument(
            "--no-jobs-worker",
            action="store_true",
            help="不在本进程旁启动后台任务进程（已另行运行 chainchief worker 时使用）。",
        )

    def handle(
        self,
        *args,
        host: str,
        port: int,
        workers: int,
        threads: int,
        no_preload: bool,
        no_jobs_worker: bool = False,
        **options,
    ) -> None:
        url = f"http://{host}:{port}"
        self.stdout.write(
            self.style.SUCCESS(f"ChainChief 已启动：{url}  （数据目录 {settings.DATA_DIR}）")
        )
        self._print_demo_logins()
        worker = None if no_jobs_worker else _start_worker()
        owner_pid = os.getpid()
        try:
            self._serve(host, port, workers, threads, no_preload)
        finally:
            _stop_worker(
                worker, owner_pid
            )  # Ctrl-C or SIGTERM stops the server and its worker together

    def _serve(self, host: str, port: int, workers: int, threads: int, no_preload: bool) -> None:
        _Server(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": "-" if os.environ.get("ACCESS_LOG") else None,
                "timeout": 120,
                # Load the app and the graph index in the master, then fork: the workers
                # share the index's memory (the server's memory goal, issue 3).
                "preload_app": not no_preload,
            }
        ).run()

    def _print_demo_logins(self) -> None:
        from chainchief.places.models import City

        city = City.current()
        if not city.is_demo:
            return
        from chainchief.web.demo_logins import DEMO_LOGINS, DEMO_PASSWORD

        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, label in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {label}")
