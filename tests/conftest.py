from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings


def kg_dir() -> Path:
    return Path(settings.CHAINCHIEF_KG_DIR)


@pytest.fixture(scope="session")
def kg_path() -> Path:
    """The full national graph; tests that need it fail in CI when it is missing, skip elsewhere."""
    path = kg_dir()
    if not (path / "company.json").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the national graph is missing at {path}")
        pytest.skip(f"national graph not found at {path}")
    return path


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashing costs about a second per password here; tests don't need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures are keyed on database ids, which a rolled-back test hands out again.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _jobs_run_immediately(settings):
    # start_job runs the job before it returns; tests of the worker path switch back to
    # the database backend themselves (tests/jobs/test_worker_runs_queued_jobs.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
