"""Background jobs: start a long piece of work, show its progress, let the user cancel it.

How to use it from another app
------------------------------
Write the work as a plain function in your app that takes a `progress` object first and
keyword parameters after (JSON values only: ids, strings, numbers), and returns a small
JSON-able dict (or None) as the result::

    # myapp/jobs.py
    from chainchief.jobs.services import JobError

    def recompute_scores(progress, *, run_id: int) -> dict:
        rows = list(...)
        for i, row in enumerate(rows, 1):
            if progress.cancelled():          # the user pressed 取消; stop cleanly
                return {"done": i - 1}
            ...
            progress.update(i, len(rows), f"正在计算第 {i} 行")
        progress.attach_file("得分.xlsx", xlsx_bytes)   # optional: a file to download
        progress.link("/evaluation/runs/7/")           # optional: where the result lives
        return {"scored": len(rows)}

    # myapp/views.py (the request returns at once; the page polls the job)
    job = start_job(kind="evaluation", title="计算 2026 年评价", user=request.user,
                    func_path="chainchief.myapp.jobs.recompute_scores",
                    params={"run_id": run.pk}, chain=run.chain)
    return redirect(job)                      # /jobs/<id>/: progress, result, 取消

    # a management command runs the same function in the foreground with a progress bar
    run_job_foreground(kind=..., title=..., user=None, func_path=..., params=...)

- `raise JobError("中文原因")` fails the job with that message shown to the user; any
  other exception fails it with a generic Chinese message (the traceback goes to the log).
- The job runs under `acting_user(job.user)`, so the change log names who started it, and
  under the operation id "job-<id>", so its rows are grouped (同一操作) and findable.
- `progress.update` writes at most a few times a second; call it as often as you like,
  but outside a long write transaction (inside one, nobody else sees it until commit).
- Jobs run in the worker (`chainchief worker`, started by `make run` / `chainchief serve`);
  in tests, `settings.TASKS` uses django-tasks' ImmediateBackend, so `start_job` runs the
  function before it returns.
- Who sees a job: the user who started it and the chain office (accounts/scoping.py,
  `visible_jobs`).
- Nightly work: see `chainchief.jobs.ticks`.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from chainchief.accounts.changelog import acting_user, operation
from chainchief.jobs.models import FINISHED, Job, JobStatus

logger = logging.getLogger(__name__)

UPDATE_EVERY = 0.3  # seconds between progress writes


class JobError(Exception):
    """A failure the user should read: the message (Chinese) is shown on the job page."""


class Progress:
    """Handed to a job function: report progress, check for cancellation, attach results."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.job.progress_done = max(0, int(done))
        self.job.progress_total = None if total is None else max(0, int(total))
        self.job.progress_message = str(message)[:300]
        now = time.monotonic()
        finished = total is not None and done >= total
        if finished or now - self._last_write >= UPDATE_EVERY:
            self._last_write = now
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=self.job.progress_done,
                progress_total=self.job.progress_total,
                progress_message=self.job.progress_message,
                updated_at=timezone.now(),
            )

    def cancelled(self) -> bool:
        return Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists()

    def attach_file(self, filename: str, content: bytes) -> None:
        self.job.result_file.save(filename, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job.pk).update(result_file=self.job.result_file.name)

    def link(self, url: str) -> None:
        self.job.result_url = url[:300]
        Job.objects.filter(pk=self.job.pk).update(result_url=self.job.result_url)


class _BarProgress(Progress):
    """Progress for the command line: the same writes, plus a tqdm bar on stderr."""

    def __init__(self, job: Job, stream) -> None:
        super().__init__(job)
        from tqdm import tqdm

        self.bar = tqdm(total=None, file=stream, unit="行", dynamic_ncols=True)

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        super().update(done, total, message)
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        if message:
            self.bar.set_description_str(message[:40], refresh=False)
        self.bar.refresh()


def _new_job(*, kind, title, user, func_path, params, chain) -> Job:
    import_string(func_path)  # fail at once on a wrong path, not later in the worker
    return Job.objects.create(
        kind=kind,
        title=title[:200],
        user=user if getattr(user, "pk", None) else None,
        chain=chain,
        func_path=func_path,
        params=params or {},
    )


def start_job(
    *,
    kind: str,
    title: str,
    user,
    func_path: str,
    params: dict[str, Any] | None = None,
    chain=None,
) -> Job:
    """Record a job and hand it to the task queue; returns the (queued) job at once."""
    from chainchief.jobs.tasks import run_job_task

    job = _new_job(
        kind=kind, title=title, user=user, func_path=func_path, params=params, chain=chain
    )
    result = run_job_task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def run_job_foreground(
    *,
    kind: str,
    title: str,
    user,
    func_path: str,
    params: dict[str, Any] | None = None,
    chain=None,
    stream=None,
) -> Job:
    """Run a job in this process (commands): the same function, with a progress bar."""
    job = _new_job(
        kind=kind, title=title, user=user, func_path=func_path, params=params, chain=chain
    )
    return execute_job(job.pk, progress_factory=lambda j: _BarProgress(j, stream or sys.stderr))


def execute_job(job_id: int, *, progress_factory=Progress) -> Job:
    """Run a recorded job to its end (the worker's task and the foreground path)."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job  # cancelled before it started, or already run
    if job.cancel_requested:
        return _finish(job, JobStatus.CANCELLED)
    progress = progress_factory(job)
    try:
        func = import_string(job.func_path)
        with acting_user(job.user), operation(f"job-{job.pk}"):
            result = func(progress, **job.params)
    except JobError as exc:
        return _finish(job, JobStatus.FAILED, error=str(exc))
    except Exception as exc:  # noqa: BLE001 (any failure ends the job, never the worker)
        logger.exception("job %s (%s) failed", job.pk, job.func_path)
        if transaction.get_connection().needs_rollback:
            raise  # inside a broken outer transaction (tests): let it surface
        return _finish(
            job,
            JobStatus.FAILED,
            error=_("任务执行出错（%(name)s），请联系系统管理员查看日志。")
            % {"name": exc.__class__.__name__},
        )
    finally:
        bar = getattr(progress, "bar", None)
        if bar is not None:
            bar.close()
    status = JobStatus.CANCELLED if progress.cancelled() else JobStatus.SUCCEEDED
    return _finish(job, status, result=result)


def _finish(job: Job, status: str, *, result=None, error: str = "") -> Job:
    fields = {"status": status, "finished_at": timezone.now(), "error": error[:2000]}
    if result is not None:
        fields["result"] = result
    if status == JobStatus.SUCCEEDED and job.progress_total:
        fields["progress_done"] = job.progress_total
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def request_cancel(*, job: Job, by) -> Job:
    """Ask a job to stop: a queued job is cancelled at once, a running one at its next check."""
    if job.status in FINISHED:
        return job
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED,
        finished_at=timezone.now(),
        error=_("已由 %(user)s 取消") % {"user": getattr(by, "display_name", "") or by},
    )
    job.refresh_from_db()
    return job


def fail_interrupted_jobs() -> int:
    """Jobs still marked running when the only worker starts were cut off (the process was
    killed): mark them failed so their pages stop polling. Returns how many."""
    return Job.objects.filter(status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        error=_("后台任务进程曾中断（例如服务器重启），该任务未完成，请重新发起。"),
    )
