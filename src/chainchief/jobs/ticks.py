"""Nightly ticks: work that runs once a day by itself (escalations, early warnings …).

Register a tick in your app's `AppConfig.ready()`::

    from chainchief.jobs.ticks import register_tick
    register_tick("casework.escalate", "chainchief.casework.jobs.escalate_overdue")

The function is a job function (see jobs/services.py) called as `func(progress, today="YYYY-MM-DD")`;
it must be safe to run twice for the same day.

- `chainchief tick [--name N] [--date YYYY-MM-DD]` runs the ticks now, in the foreground.
- The worker (`chainchief worker`, which `make run` starts) checks every minute and, from
  `settings.CHAINCHIEF_TICK_HOUR` o'clock (default 2, local time) on, starts each tick
  that has not run that day as a background job. A row in TickRun (name, day) makes sure
  only one of several workers starts it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Tick:
    name: str
    func_path: str


_ticks: dict[str, Tick] = {}


def register_tick(name: str, func_path: str) -> None:
    _ticks[name] = Tick(name=name, func_path=func_path)


def registered_ticks() -> list[Tick]:
    return [_ticks[name] for name in sorted(_ticks)]


def get_tick(name: str) -> Tick | None:
    return _ticks.get(name)


def tick_hour() -> int:
    return int(getattr(settings, "CHAINCHIEF_TICK_HOUR", 2))


def schedule_due_ticks(now: datetime.datetime | None = None) -> list:
    """Start, as background jobs, the ticks due today and not started yet; returns the jobs."""
    from chainchief.jobs.models import TickRun
    from chainchief.jobs.services import start_job

    now = timezone.localtime(now or timezone.now())
    if now.hour < tick_hour():
        return []
    started = []
    for tick in registered_ticks():
        try:
            with transaction.atomic():
                run = TickRun.objects.create(name=tick.name, day=now.date())
        except IntegrityError:
            continue
        job = start_job(
            kind="tick",
            title=f"每日任务 {tick.name} {now.date().isoformat()}",
            user=None,
            func_path=tick.func_path,
            params={"today": now.date().isoformat()},
        )
        TickRun.objects.filter(pk=run.pk).update(job=job)
        started.append(job)
    return started
