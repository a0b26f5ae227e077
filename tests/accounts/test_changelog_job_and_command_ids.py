"""Background jobs and management commands group their change-log rows too: a job under
"job-<id>", a command run through `chainchief` under one "cmd-<uuid>"."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from chainchief import cli
from chainchief.accounts.models import ChangeLog, Role, SecurityEvent
from chainchief.chains.models import Chain
from chainchief.jobs.services import start_job
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def create_two_chains(progress, *, prefix: str) -> dict:
    Chain.objects.create(code=f"{prefix}A", name=f"{prefix}甲产业链")
    Chain.objects.create(code=f"{prefix}B", name=f"{prefix}乙产业链")
    return {"created": 2}


def test_a_jobs_rows_carry_the_job_id():
    user = make_user(Role.CHAIN_OFFICE, username="office")
    job = start_job(
        kind="test",
        title="两条产业链",
        user=user,
        func_path="tests.accounts.test_changelog_job_and_command_ids.create_two_chains",
        params={"prefix": "JOB"},
    )
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    ops = set(
        ChangeLog.objects.filter(object_type="chains.chain").values_list("operation", flat=True)
    )
    assert ops == {f"job-{job.pk}"}


def test_a_commands_rows_carry_one_command_id(monkeypatch):
    # Django's run_from_argv closes the database connections afterwards, which a test's
    # transaction cannot survive (PostgreSQL): run the parsed command through call_command.
    import django.core.management as management

    monkeypatch.setattr(
        management, "execute_from_command_line", lambda argv: call_command(*argv[1:])
    )
    cli.main(["chainchief", "createadmin", "--username", "root1", "--password", "Root#pass20261x"])
    ops = set(
        SecurityEvent.objects.filter(subject_name="root1").values_list("operation", flat=True)
    )
    assert len(ops) == 1
    assert ops.pop().startswith("cmd-")
