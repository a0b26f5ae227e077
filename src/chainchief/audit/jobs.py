"""Audit's job functions: the nightly tick and the annual report (see jobs/services.py)."""

from __future__ import annotations

import datetime

from django.utils import timezone


def nightly(progress, *, today: str = "") -> dict:
    """Escalate overdue rectifications and evaluate the early-warning rules."""
    from chainchief.audit.rectification import escalate_overdue
    from chainchief.audit.warnings import run_rules

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    escalated = escalate_overdue(today=day)
    counts = run_rules(today=day, progress=progress)
    return {"escalated": escalated, "warnings": counts}
