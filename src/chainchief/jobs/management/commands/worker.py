"""`chainchief worker`: django-tasks-db's db_worker plus the nightly-tick scheduler.

`make run` (through `chainchief serve`) starts one beside gunicorn; production may run more
on the same database (ticks still start once a day: see jobs/ticks.py).
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from chainchief.jobs.ticks import schedule_due_ticks

logger = logging.getLogger(__name__)

TICK_CHECK_EVERY = 60  # seconds


def _tick_loop(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            schedule_due_ticks()
        except Exception:  # noqa: BLE001 (a failed check is retried a minute later)
            logger.exception("nightly tick check failed")
        finally:
            connection.close()
        stop.wait(TICK_CHECK_EVERY)


class Command(DbWorkerCommand):
    help = "运行后台任务进程（执行导入、匹配、报告等任务，并每天按时启动每日任务）。"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-ticks", action="store_true", help="不启动每日任务调度")
        parser.add_argument(
            "--recover-interrupted",
            action="store_true",
            help="启动时把上次中断（仍显示运行中）的任务标记为失败；仅在只有这一个任务进程时使用",
        )

    def handle(
        self, *args, no_ticks: bool = False, recover_interrupted: bool = False, **options
    ) -> None:
        if recover_interrupted:
            from chainchief.jobs.services import fail_interrupted_jobs

            fail_interrupted_jobs()
        stop = threading.Event()
        if not no_ticks and not options.get("batch"):
            threading.Thread(target=_tick_loop, args=(stop,), daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
