import pytest

from chainchief.jobs.models import Job, JobStatus
from chainchief.jobs.services import start_job
from tests.jobs.worker import run_worker_until_idle

pytestmark = pytest.mark.django_db


def test_a_job_waits_in_the_queue_until_the_worker_runs_it(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start_job(
        kind="test",
        title="数到三",
        user=None,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 3},
    )
    assert job.status == JobStatus.QUEUED
    assert job.task_id

    run_worker_until_idle(monkeypatch)

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 3}


def test_the_servers_own_worker_marks_jobs_cut_off_by_a_crash_as_failed(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start_job(kind="test", title="x", user=None, func_path="tests.jobs.job_funcs.count_to",
                    params={"n": 1})  # fmt: skip
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)  # the worker was killed

    from chainchief.jobs.services import fail_interrupted_jobs

    assert fail_interrupted_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "中断" in job.error
