"""One demo city per test module, built once and shared by its tests.

Building the demo city takes 10-30 s; a module's tests that read the city share one build.
The build runs inside a transaction that stays open for the whole module and is rolled back
after its last test. Each test (`django_db`, not transactional) runs in a savepoint inside
it, so a test that resets or rebuilds the city changes nothing the next test sees.

A module that uses `shared_city` must hold only tests that want that city: a test of the
same module that expects an empty database would find the city there.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test.utils import override_settings

TODAY = datetime.date(2026, 5, 15)
SHARED = {"seed": 7, "enterprises": 60, "months": 3, "today": TODAY}


@pytest.fixture(scope="module")
def shared_city(django_db_setup, django_db_blocker):
    """The small demo city (seed 7, 60 enterprises, 3 months to 2026-04), built once per
    module; yields the builder's summary."""
    from chainchief.demo import build_demo_city

    # The function-scoped fixtures of tests/conftest.py do not reach a module-scoped build:
    # the same fast hasher and immediate jobs, here, for the build.
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        summary = build_demo_city(**SHARED)
        yield summary
        transaction.set_rollback(True)
