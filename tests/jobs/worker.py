"""Run the real worker (`chainchief worker --batch`) inside a test."""

from __future__ import annotations

from django.core.management import call_command


def run_worker_until_idle(monkeypatch) -> None:
    # The worker closes "old" connections between tasks; inside a test's transaction on
    # PostgreSQL that would close the test's own connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload",
                 verbosity=0)  # fmt: skip
