import pytest

from chainchief.jobs.models import Job, JobStatus
from chainchief.jobs.services import start_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_runs_the_function_and_keeps_its_result_and_progress():
    user = UserFactory()
    job = start_job(
        kind="test",
        title="数到五",
        user=user,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 5},
    )
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 5}
    assert (job.progress_done, job.progress_total, job.progress_message) == (5, 5, "第 5 步")
    assert job.user == user
    assert job.started_at and job.finished_at


def test_it_refuses_a_function_path_that_does_not_exist():
    with pytest.raises(ImportError):
        start_job(kind="test", title="x", user=None, func_path="tests.jobs.job_funcs.nope")
    assert not Job.objects.exists()


def test_it_keeps_an_attached_file_and_a_link_to_the_result(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    job = start_job(
        kind="test", title="附件", user=None, func_path="tests.jobs.job_funcs.with_file"
    )
    assert job.result_url == "/enterprises/"
    assert job.result_file.read().decode() == "你好"
