"""One small demo city per test module (seed 7, 60 enterprises, 3 months to 2026-04), built
once inside a transaction rolled back after the module's last test."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test.utils import override_settings


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    from chainchief.demo import build_demo_city

    # The function-scoped fixtures of tests/conftest.py do not reach a module-scoped build.
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield build_demo_city(seed=7, enterprises=60, months=3, today=datetime.date(2026, 5, 15))
        transaction.set_rollback(True)
