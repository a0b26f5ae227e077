"""40 parallel wrong log-ins check at most LOGIN_MAX_FAILURES passwords, and the right
password is refused once the account is locked."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import authenticate
from django.db import OperationalError, connection

from chainchief.accounts.models import Role, SecurityEvent, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_forty_parallel_wrong_logins_check_five_passwords_and_lock(monkeypatch):
    if connection.vendor == "sqlite":
        # The test run's in-memory shared-cache SQLite answers "table is locked" without
        # waiting, and 40 threads starve each other; the PostgreSQL run of the suite runs it.
        pytest.skip("needs a database with real row locks (runs in the PostgreSQL run)")
    make_user(Role.CHAIN_CHIEF, username="target")
    checked = []
    lock = threading.Lock()
    real_check = User.check_password

    def counting_check(self, raw):
        with lock:
            checked.append(raw)
        return real_check(self, raw)

    monkeypatch.setattr(User, "check_password", counting_check)
    start = threading.Barrier(40)

    def attempt(i: int):
        # The in-memory SQLite of the test run answers "table is locked" instead of waiting;
        # such a client simply tries again (every password check still needs a reserved try).
        try:
            start.wait()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    return authenticate(None, username="target", password=f"wrong-{i}")
                except OperationalError:
                    # A commit refused with "table is locked" can leave this connection
                    # inside its transaction, holding the lock for everyone: start afresh.
                    connection.close()
                    time.sleep(0.01)
            raise AssertionError("the database stayed locked")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(attempt, range(40)))

    assert results == [None] * 40
    assert len(checked) <= 5
    user = User.objects.get(username="target")
    assert user.is_locked()
    assert authenticate(None, username="target", password=PASSWORD) is None
    assert len(checked) <= 5  # the right password was not even checked
    assert SecurityEvent.objects.filter(kind="locked", subject_name="target").count() == 1
