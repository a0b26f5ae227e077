"""A per-process cache of the city's data the engine reads (local enterprises per chain).

Gap analysis and targets read every local enterprise with its products, segment links,
output and anchor flag: ~100 ms of queries for a few thousand enterprises, against ~5 ms
for the engine itself. The data changes rarely, so each process keeps what it loaded,
keyed on `data_stamp()`: one query of indexed maxima and small counts over the tables
read, which changes with every write to them (saves, deletes, bulk imports, demo builds,
re-matching), and on the graph's import stamp.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")

_MAX_ENTRIES = 64  # chains × engine settings; the whole cache goes with a new stamp
_lock = threading.Lock()
_entries: dict[tuple, object] = {}
_stamp: tuple | None = None
_sql: str | None = None


def _stamp_sql() -> str:
    from chainchief.accounts.models import ChangeLog
    from chainchief.enterprises.models import Enterprise, EnterpriseTier, MonthlyIndicator
    from chainchief.knowledge.models import EnterpriseProduct

    q = connection.ops.quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    log, ent = table(ChangeLog), table(Enterprise)
    parts = [
        # Latest change-log entry, with its time: a rolled-back transaction (tests) can
        # hand out the same id again, never at the same microsecond.
        f"(SELECT MAX(id) FROM {log})",
        f"(SELECT {q('time')} FROM {log} ORDER BY id DESC LIMIT 1)",
        # Writes that bypass the change log (demo builds, product matching, bulk links).
        f"(SELECT COUNT(*) FROM {ent})",
        f"(SELECT MAX(id) FROM {ent})",
        f"(SELECT MAX({q('updated_at')}) FROM {ent})",
    ]
    for model in (EnterpriseProduct, Enterprise.segments.through, EnterpriseTier):
        parts += [f"(SELECT COUNT(*) FROM {table(model)})", f"(SELECT MAX(id) FROM {table(model)})"]
    indicators = table(MonthlyIndicator)
    parts += [
        f"(SELECT MAX(id) FROM {indicators})",
        f"(SELECT MAX({q('month')}) FROM {indicators})",
    ]
    return "SELECT " + ", ".join(parts)


def data_stamp() -> tuple:
    """Changes whenever the city's enterprises, their products, segment links, tiers or
    indicators change (one query, ~1 ms)."""
    global _sql
    if _sql is None:
        _sql = _stamp_sql()
    with connection.cursor() as cursor:
        cursor.execute(_sql)
        return (connection.alias, *cursor.fetchone())


def cached(key: tuple, stamp: tuple, load: Callable[[], T]) -> T:
    """The value for `key` loaded under `stamp`, loading it when absent or stale."""
    global _stamp
    with _lock:
        if _stamp != stamp:
            _entries.clear()
            _stamp = stamp
        if key in _entries:
            return _entries[key]  # type: ignore[return-value]
    value = load()
    with _lock:
        if _stamp == stamp:
            if len(_entries) >= _MAX_ENTRIES:
                _entries.clear()
            _entries[key] = value
    return value


def clear() -> None:
    global _stamp
    with _lock:
        _entries.clear()
        _stamp = None
