import pytest

from chainchief.jobs.models import JobStatus
from chainchief.jobs.services import start_job

pytestmark = pytest.mark.django_db


def test_a_job_error_is_shown_as_written():
    job = start_job(
        kind="test", title="x", user=None, func_path="tests.jobs.job_funcs.fail_politely"
    )
    assert job.status == JobStatus.FAILED
    assert job.error == "第 3 行：统一社会信用代码校验位错误"


def test_an_unexpected_error_fails_the_job_with_a_generic_chinese_message():
    job = start_job(kind="test", title="x", user=None, func_path="tests.jobs.job_funcs.crash")
    assert job.status == JobStatus.FAILED
    assert job.error == "任务执行出错（KeyError），请联系系统管理员查看日志。"
