import pytest
from django.core.management import call_command

from chainchief.jobs.models import Job, JobStatus
from chainchief.jobs.services import start_job

pytestmark = pytest.mark.django_db


def test_a_job_waits_in_the_queue_until_the_worker_runs_it(settings):
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

    call_command(
        "worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0
    )

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 3}
