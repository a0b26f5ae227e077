"""The daily tick of the workflow, run by the job mechanism (jobs/ticks.py)."""

from __future__ import annotations

import datetime

from chainchief.casework import services


def escalate_overdue(progress, today: str | None = None) -> dict:
    """Cards (黄牌/红牌) and 催办 reminders for every open case; safe to run twice a day."""
    day = datetime.date.fromisoformat(today) if today else None
    progress.update(0, None, "正在检查未办结事项的办理期限")
    counts = services.tick(today=day)
    progress.update(counts["checked"], counts["checked"], "督办检查完成")
    return counts
