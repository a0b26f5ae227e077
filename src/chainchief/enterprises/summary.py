"""The indicator summary: monthly sums of output, revenue, tax and employees per month and
set of chains, so the cockpit, the chain pages and the goals read a few hundred cells
instead of millions of monthly rows (a province holds 200,000 enterprises × 24 months).

A cell's key is a month and the sorted ids of the chains its enterprises belong to ("3,7";
"" for enterprises on no chain). A chain's figure adds the cells whose set holds the chain;
a total over several chains adds each cell whose set meets them once, so an enterprise on
two chains is counted once, exactly as the raw aggregates do.

Kept exact by every write: single writes through the ORM (a month's figures saved or
deleted, an enterprise's chains changed, an enterprise or a chain deleted) move the
difference inside the same transaction, by signals; bulk writes that bypass signals (the
imports, the demo build, the benches) call `rebuild_output_summary()` afterwards for the
months or the whole table they wrote. Writes made while the change log is paused (the demo's
bulk build and reset) are not followed one by one: the demo rebuilds the summary at its end.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from chainchief.accounts import changelog
from chainchief.enterprises.models import Enterprise, IndicatorSummary, MonthlyIndicator

FIELDS = ("output_value", "revenue", "tax", "employees")
ChainLink = Enterprise.chains.through
CHUNK = 5_000
CENT = Decimal("0.01")

Cells = dict[tuple[datetime.date, str], list]


def chain_set_key(chain_ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in sorted(set(chain_ids)))


def chain_set_ids(key: str) -> frozenset[int]:
    return frozenset(int(p) for p in key.split(",") if p)


def enterprise_keys(enterprise_ids: Iterable[int]) -> dict[int, str]:
    """Each enterprise's chain-set key, as stored now."""
    found: dict[int, list[int]] = {eid: [] for eid in enterprise_ids}
    ids = list(found)
    for i in range(0, len(ids), CHUNK):
        for eid, cid in ChainLink.objects.filter(enterprise_id__in=ids[i : i + CHUNK]).values_list(
            "enterprise_id", "chain_id"
        ):
            found[eid].append(cid)
    return {eid: chain_set_key(cids) for eid, cids in found.items()}


# ---------------------------------------------------------------- reading


def _grouped(
    start: datetime.date, end: datetime.date, by: str, chain_sets: Iterable[str] | None = None
) -> list[tuple]:
    """(`by` value, output, revenue, tax, employees) summed over the months, grouped by
    `by` ("chain_set" or "month"), optionally only over some chain sets. The database adds
    the cells (a few dozen rows come back, not one per cell): on SQLite decimals are stored
    as floats, and a sum of two-place values rounded back to two places is exact far beyond
    any city's totals. Plain SQL: the ORM's per-value decimal converters cost more than
    the query."""
    table = IndicatorSummary._meta.db_table
    params: list = [
        connection.ops.adapt_datefield_value(start),
        connection.ops.adapt_datefield_value(end),
    ]
    where = "month >= %s AND month <= %s"
    if chain_sets is not None:
        keys = sorted(set(chain_sets))
        if not keys:
            return []
        where += f" AND chain_set IN ({', '.join(['%s'] * len(keys))})"
        params += keys
    sums = ", ".join(f"SUM({name})" for name in FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {by}, {sums} FROM {table} WHERE {where} GROUP BY {by}", params)
        rows = cursor.fetchall()
    return [
        (key, _money(out), _money(rev), _money(tax), int(people or 0))
        for key, out, rev, tax, people in rows
    ]


def _chain_sets() -> list[str]:
    """Every chain set that has a cell (a few dozen)."""
    table = IndicatorSummary._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT chain_set FROM {table}")
        return [row[0] for row in cursor.fetchall()]


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _money(value) -> Decimal:
    # SQLite keeps decimals as floats: back to the 2 places the field holds.
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    return Decimal(repr(value)).quantize(CENT)


def sums_by_chain(
    start: datetime.date, end: datetime.date, field: str = "output_value"
) -> dict[int, Decimal]:
    """Each chain's sum of `field` over the months (enterprises on the chain)."""
    index = FIELDS.index(field) + 1
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for row in _grouped(start, end, "chain_set"):
        for chain_id in chain_set_ids(row[0]):
            totals[chain_id] += row[index]
    return dict(totals)


def sums_by_month(
    start: datetime.date, end: datetime.date, chain_ids: Iterable[int]
) -> dict[datetime.date, dict[str, Decimal]]:
    """Per month, the sums over enterprises on any of the chains, each counted once."""
    wanted = frozenset(chain_ids)
    meeting = [key for key in _chain_sets() if wanted & chain_set_ids(key)]
    return {
        _date(month): dict(zip(FIELDS, values, strict=True))
        for month, *values in sorted(_grouped(start, end, "month", meeting))
    }


def total(
    start: datetime.date, end: datetime.date, chain_ids: Iterable[int], field: str = "output_value"
) -> Decimal:
    """The sum over enterprises on any of the chains, each counted once."""
    wanted = frozenset(chain_ids)
    index = FIELDS.index(field) + 1
    return sum(
        (row[index] for row in _grouped(start, end, "chain_set") if wanted & chain_set_ids(row[0])),
        start=Decimal(0),
    )


# ---------------------------------------------------------------- keeping it exact


def _add(cells: Cells, month, key: str, values: dict, sign: int) -> None:
    if isinstance(month, str):
        month = datetime.date.fromisoformat(month)
    cell = cells.setdefault((month, key), [Decimal(0), Decimal(0), Decimal(0), 0])
    for i, name in enumerate(FIELDS):
        value = values.get(name)
        if value is None:
            continue
        cell[i] += sign * (int(value) if name == "employees" else Decimal(str(value)))


def _apply(cells: Cells) -> None:
    for (month, key), deltas in cells.items():
        if not any(deltas):
            continue
        cell, _ = IndicatorSummary.objects.get_or_create(month=month, chain_set=key)
        IndicatorSummary.objects.filter(pk=cell.pk).update(
            **{name: F(name) + delta for name, delta in zip(FIELDS, deltas, strict=True)}
        )


def _move(before: dict[int, str]) -> None:
    """Move the months of enterprises whose chain set changed from their old cells."""
    after = enterprise_keys(before)
    moved = {eid: (before[eid], after[eid]) for eid in before if before[eid] != after[eid]}
    if not moved:
        return
    cells: Cells = {}
    ids = list(moved)
    for i in range(0, len(ids), CHUNK):
        for row in MonthlyIndicator.objects.filter(enterprise_id__in=ids[i : i + CHUNK]).values(
            "enterprise_id", "month", *FIELDS
        ):
            old, new = moved[row["enterprise_id"]]
            _add(cells, row["month"], old, row, -1)
            _add(cells, row["month"], new, row, +1)
    _apply(cells)


def _followed() -> bool:
    # Bulk writers (the demo) pause the change log and rebuild the summary at their end.
    return not changelog._paused.get()


def _indicator_pre_save(sender, instance, raw=False, **kwargs):
    if raw or not _followed():
        return
    before = None
    if instance.pk is not None:
        before = (
            MonthlyIndicator.objects.filter(pk=instance.pk)
            .values("enterprise_id", "month", *FIELDS)
            .first()
        )
    instance._summary_before = before


def _indicator_post_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _followed():
        return
    before = instance.__dict__.pop("_summary_before", None)
    ids = {instance.enterprise_id} | ({before["enterprise_id"]} if before else set())
    keys = enterprise_keys(ids)
    cells: Cells = {}
    if before:
        _add(cells, before["month"], keys[before["enterprise_id"]], before, -1)
    after = {name: getattr(instance, name) for name in FIELDS}
    _add(cells, instance.month, keys[instance.enterprise_id], after, +1)
    _apply(cells)


def _indicator_pre_delete(sender, instance, **kwargs):
    # Before the delete: an enterprise's chain links are still there when its rows cascade.
    if not _followed():
        return
    row = (
        MonthlyIndicator.objects.filter(pk=instance.pk)
        .values("enterprise_id", "month", *FIELDS)
        .first()
    )
    if row is None:
        return
    cells: Cells = {}
    _add(
        cells, row["month"], enterprise_keys([row["enterprise_id"]])[row["enterprise_id"]], row, -1
    )
    _apply(cells)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not _followed() or action not in (
        "pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"
    ):  # fmt: skip
        return
    stash = instance.__dict__.setdefault("_summary_links", [])
    if action.startswith("pre_"):
        if not reverse:
            ids = {instance.pk}
        elif pk_set is not None:
            ids = set(pk_set)
        else:
            ids = set(
                ChainLink.objects.filter(chain_id=instance.pk).values_list(
                    "enterprise_id", flat=True
                )
            )
        stash.append(enterprise_keys(ids))
    elif stash:
        _move(stash.pop())


def _chain_pre_delete(sender, instance, **kwargs):
    if not _followed():
        return
    ids = ChainLink.objects.filter(chain_id=instance.pk).values_list("enterprise_id", flat=True)
    instance._summary_members = enterprise_keys(set(ids))


def _chain_post_delete(sender, instance, **kwargs):
    before = instance.__dict__.pop("_summary_members", None)
    if before and _followed():
        _move(before)


def connect_signals() -> None:
    pre_save.connect(_indicator_pre_save, sender=MonthlyIndicator, dispatch_uid="summary_pre_save")
    post_save.connect(
        _indicator_post_save, sender=MonthlyIndicator, dispatch_uid="summary_post_save"
    )
    pre_delete.connect(
        _indicator_pre_delete, sender=MonthlyIndicator, dispatch_uid="summary_pre_delete"
    )
    m2m_changed.connect(_links_changed, sender=ChainLink, dispatch_uid="summary_links")
    pre_delete.connect(_chain_pre_delete, sender="chains.Chain", dispatch_uid="summary_chain_pre")
    post_delete.connect(
        _chain_post_delete, sender="chains.Chain", dispatch_uid="summary_chain_post"
    )


# ---------------------------------------------------------------- bulk writes


def indicators_written(
    *,
    created: Iterable[MonthlyIndicator] = (),
    updated: Iterable[tuple[MonthlyIndicator, dict]] = (),
) -> None:
    """After a bulk write of monthly rows: `created` rows, and `updated` rows each with the
    change log's snapshot of it before the write (the import has both)."""
    created, updated = list(created), list(updated)
    if not (created or updated) or not _followed():
        return
    keys = enterprise_keys(
        {o.enterprise_id for o in created} | {o.enterprise_id for o, _ in updated}
    )
    cells: Cells = {}
    for obj, before in updated:
        _add(
            cells, before["month"], keys[before.get("enterprise_id", obj.enterprise_id)], before, -1
        )
    for obj in [*created, *(o for o, _ in updated)]:
        values = {name: getattr(obj, name) for name in FIELDS}
        _add(cells, obj.month, keys[obj.enterprise_id], values, +1)
    _apply(cells)


class _Flag:
    """A context manager that marks the block, per thread and task."""

    def __init__(self, name: str) -> None:
        self._var: contextvars.ContextVar[bool] = contextvars.ContextVar(name, default=False)

    def active(self) -> bool:
        return self._var.get()

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        token = self._var.set(True)
        try:
            yield
        finally:
            self._var.reset(token)


bulk_update_running = _Flag("summary_bulk_update")


def rows_before(objs: Iterable[MonthlyIndicator]) -> dict[int, dict]:
    """The stored values of these rows (before a bulk update), by id."""
    ids = [o.pk for o in objs if o.pk is not None]
    if not _followed():
        return {}
    found: dict[int, dict] = {}
    for i in range(0, len(ids), CHUNK):
        for row in MonthlyIndicator.objects.filter(pk__in=ids[i : i + CHUNK]).values(
            "id", "enterprise_id", "month", *FIELDS
        ):
            found[row["id"]] = row
    return found


@contextlib.contextmanager
def chain_links_rewritten(enterprise_ids: Iterable[int]) -> Iterator[None]:
    """Around a bulk rewrite of enterprises' chain links: their months move to the cells of
    their new chain sets."""
    before = enterprise_keys(enterprise_ids) if _followed() else {}
    yield
    if before:
        _move(before)


# ---------------------------------------------------------------- rebuilding after bulk writes


def rebuild_output_summary(*, months: Iterable[datetime.date] | None = None) -> int:
    """Recompute the cells of `months` (default: all) from the monthly rows, in SQL; returns
    the number of cells written. Bulk writers call this after they wrote."""
    month_list = sorted(set(months)) if months is not None else None
    if month_list == []:
        return 0
    summary = IndicatorSummary._meta.db_table
    indicators = MonthlyIndicator._meta.db_table
    keyed = [(eid, key) for eid, key in _all_keys().items() if key]
    where, params = "", []
    if month_list is not None:
        where = f"WHERE i.month IN ({', '.join(['%s'] * len(month_list))})"
        params = [connection.ops.adapt_datefield_value(m) for m in month_list]
    with transaction.atomic(), connection.cursor() as cursor:
        cells = IndicatorSummary.objects.all()
        if month_list is not None:
            cells = cells.filter(month__in=month_list)
        cells.delete()
        cursor.execute("DROP TABLE IF EXISTS summary_keys")
        cursor.execute(
            "CREATE TEMPORARY TABLE summary_keys "
            "(enterprise_id bigint PRIMARY KEY, chain_set varchar(200) NOT NULL)"
        )
        try:
            for i in range(0, len(keyed), 10_000):
                cursor.executemany(
                    "INSERT INTO summary_keys (enterprise_id, chain_set) VALUES (%s, %s)",
                    keyed[i : i + 10_000],
                )
            cursor.execute(
                f"INSERT INTO {summary} (month, chain_set, output_value, revenue, tax, employees) "
                "SELECT i.month, COALESCE(k.chain_set, ''), COALESCE(SUM(i.output_value), 0), "
                "COALESCE(SUM(i.revenue), 0), COALESCE(SUM(i.tax), 0), "
                "COALESCE(SUM(i.employees), 0) "
                f"FROM {indicators} i LEFT JOIN summary_keys k ON k.enterprise_id = i.enterprise_id "
                f"{where} GROUP BY i.month, COALESCE(k.chain_set, '')",
                params,
            )
            written = cursor.rowcount
        finally:
            cursor.execute("DROP TABLE IF EXISTS summary_keys")
    return written


def _all_keys() -> dict[int, str]:
    found: dict[int, list[int]] = defaultdict(list)
    for eid, cid in ChainLink.objects.order_by().values_list("enterprise_id", "chain_id"):
        found[eid].append(cid)
    return {eid: chain_set_key(cids) for eid, cids in found.items()}
