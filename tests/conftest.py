from __future__ import annotations

import datetime
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


# Real hashing costs about a second per password here; tests don't need its strength.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


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
    settings.TASKS = IMMEDIATE_TASKS


def fast_and_immediate():
    """The fast hasher and immediate jobs of the function-scoped fixtures above, for a
    module-scoped build (those fixtures do not reach it)."""
    from django.test.utils import override_settings

    return override_settings(PASSWORD_HASHERS=FAST_HASHERS, TASKS=IMMEDIATE_TASKS)


# The small demo city every module that reads a demo city shares: seed 7, 60 enterprises,
# 3 months to 2026-04.
TODAY = datetime.date(2026, 5, 15)
SHARED = {"seed": 7, "enterprises": 60, "months": 3, "today": TODAY}
_CITY: dict[str, object] = {}  # the first build's summary and rows, for the next modules


@pytest.fixture(scope="module")
def shared_city(django_db_setup, django_db_blocker):
    """The small demo city (SHARED), for the module's tests; yields the builder's summary.

    Building it takes 10-30 s. The first module that asks builds it and keeps a copy of every
    table's rows; the next modules get that copy written back (about a second), the same
    rows with the same ids. Either way it sits in a transaction that stays open for the whole
    module and is rolled back after its last test. Each test (`django_db`, not
    transactional) runs in a savepoint inside it, so a test that resets or rebuilds the city
    changes nothing the next test sees. A module that uses it must hold only tests that want
    the city: a test of the same module that expects an empty database would find it there.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from chainchief.demo import build_demo_city

    with django_db_blocker.unblock(), fast_and_immediate(), transaction.atomic():
        if _CITY.get("vendor") == connection.vendor:
            _write_rows(connection, _CITY["rows"])
            ContentType.objects.clear_cache()
        else:
            _CITY.update(summary=build_demo_city(**SHARED))
            _CITY.update(rows=_read_rows(connection), vendor=connection.vendor)
        yield _CITY["summary"]
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()


def _read_rows(connection) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every model table's columns and rows."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    return out


def _write_rows(connection, rows: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """Every model table holds exactly `rows` (foreign keys are checked at commit, so the
    order does not matter); the id sequences continue after them."""
    from django.apps import apps
    from django.core.management.color import no_style

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in rows:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, values) in rows.items():
            if values:
                names = ", ".join(quote(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)


def demo_enterprises_only(monkeypatch) -> None:
    """Builds of the demo city stop after the places, users, chains and enterprises (for a
    test about the builder or its command, not about the modules' demo data)."""
    monkeypatch.setattr("chainchief.demo.build.build_demo_projects", lambda *a, **k: 0)
    monkeypatch.setattr(
        "chainchief.demo.casework.build_demo_cases",
        lambda *a, **k: {"cases": 0, "visits": 0, "red": 0},
    )
    monkeypatch.setattr("chainchief.demo.pools.build_demo_pools", lambda *a, **k: {})
    monkeypatch.setattr("chainchief.demo.audit.build_demo_audit", lambda *a, **k: "")
    monkeypatch.setattr(
        "chainchief.demo.evaluation.build_demo_evaluation",
        lambda *a, **k: {"runs": 0, "comments": 0, "incentives": 0},
    )
