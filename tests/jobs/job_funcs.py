"""Job functions the jobs tests run (a job names its function by dotted path)."""

from __future__ import annotations

from chainchief.jobs.models import Job
from chainchief.jobs.services import JobError


def count_to(progress, *, n: int) -> dict:
    for i in range(1, n + 1):
        progress.update(i, n, f"第 {i} 步")
    return {"counted": n}


def fail_politely(progress) -> None:
    raise JobError("第 3 行：统一社会信用代码校验位错误")


def crash(progress) -> None:
    raise KeyError("boom")


def cancel_midway(progress, *, n: int) -> dict:
    done = 0
    for i in range(1, n + 1):
        if i == 3:  # the user presses 取消 while the job runs
            Job.objects.filter(pk=progress.job.pk).update(cancel_requested=True)
        if progress.cancelled():
            break
        done = i
        progress.update(i, n)
    return {"done": done}


def with_file(progress) -> dict:
    progress.attach_file("结果.txt", "你好".encode())
    progress.link("/enterprises/")
    return {"ok": 1}


def daily(progress, *, today: str) -> dict:
    return {"day": today}
