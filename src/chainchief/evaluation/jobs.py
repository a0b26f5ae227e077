"""The evaluation run as a background job (jobs app); the command runs it in the foreground."""

from __future__ import annotations

from django.urls import reverse

from chainchief.evaluation import services
from chainchief.evaluation.models import Run
from chainchief.jobs.services import JobError


def compute_run_job(progress, *, run_id: int, publish: bool = False) -> dict:
    run = Run.objects.select_related("system").get(pk=run_id)
    progress.link(reverse("evaluation:run", args=[run.pk]))
    try:
        run = services.compute_run(run=run, progress=progress.update)
    except services.EvaluationError as exc:
        services.fail_run(run=run, error=str(exc))
        raise JobError(str(exc)) from None
    except Exception:
        services.fail_run(run=run, error="计算出错，请联系系统管理员查看日志")
        raise
    if publish:
        run = services.publish_run(run=run, by=run.created_by)
    return {"run": run.pk, "period": run.period, "number": run.number, "status": run.status}


def start_run_job(*, run: Run, user, publish: bool = False, foreground: bool = False):
    from chainchief.jobs.services import run_job_foreground, start_job

    start = run_job_foreground if foreground else start_job
    job = start(
        kind="evaluation",
        title=f"考评计算：{run.system.name} {run.period} 第{run.number}版",
        user=user,
        func_path="chainchief.evaluation.jobs.compute_run_job",
        params={"run_id": run.pk, "publish": publish},
    )
    Run.objects.filter(pk=run.pk).update(job_id=str(job.pk))
    return job
