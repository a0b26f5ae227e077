import io

import pytest

from chainchief.jobs.models import JobStatus
from chainchief.jobs.services import run_job_foreground

pytestmark = pytest.mark.django_db


def test_the_command_line_runs_the_same_function_with_a_progress_bar():
    stream = io.StringIO()
    job = run_job_foreground(
        kind="test",
        title="数到四",
        user=None,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 4},
        stream=stream,
    )
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 4}
    assert "4/4" in stream.getvalue()
