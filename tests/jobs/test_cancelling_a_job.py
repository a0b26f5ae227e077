import pytest

from chainchief.jobs.models import JobStatus
from chainchief.jobs.services import request_cancel, start_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_running_job_stops_at_its_next_check_and_is_marked_cancelled():
    job = start_job(
        kind="test",
        title="x",
        user=None,
        func_path="tests.jobs.job_funcs.cancel_midway",
        params={"n": 10},
    )
    assert job.status == JobStatus.CANCELLED
    assert job.result == {"done": 2}


def test_a_queued_job_is_cancelled_at_once_and_never_runs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = UserFactory(full_name="张三")
    job = start_job(
        kind="test",
        title="x",
        user=user,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 3},
    )
    assert job.status == JobStatus.QUEUED
    job = request_cancel(job=job, by=user)
    assert job.status == JobStatus.CANCELLED
    assert job.progress_done == 0
    assert "张三" in job.error


def test_cancelling_a_finished_job_changes_nothing():
    job = start_job(
        kind="test",
        title="x",
        user=None,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 1},
    )
    job = request_cancel(job=job, by=None)
    assert job.status == JobStatus.SUCCEEDED
    assert job.cancel_requested is False
