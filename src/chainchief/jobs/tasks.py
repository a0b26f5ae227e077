"""The one django-tasks task: it runs a recorded Job (see services.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job_task(job_id: int) -> str:
    from chainchief.jobs.services import execute_job

    return execute_job(job_id).status
