"""An import writes tens of thousands of change-log entries under the write lock, and every
index of the table is one more B-tree written per entry: the table keeps only the indexes
some query reads (the page's order by time, the operation filter, the type filter and the
object look-up, the user's foreign key, the ledger's sequence)."""

from __future__ import annotations

import pytest
from django.db import connection

from chainchief.accounts.models import ChangeLog

pytestmark = pytest.mark.django_db


def _indexed_columns() -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, ChangeLog._meta.db_table)
    return {
        tuple(c["columns"])
        for c in constraints.values()
        if (c["index"] or c["unique"]) and not c["primary_key"] and c["columns"]
    }


def test_the_change_log_has_no_single_column_index_on_type_or_id():
    columns = _indexed_columns()

    assert ("object_type",) not in columns
    assert ("object_id",) not in columns


def test_the_type_and_object_lookups_keep_their_composite_index():
    assert ("object_type", "object_id") in _indexed_columns()


def test_the_change_log_indexes_are_exactly_those_queries_use():
    assert _indexed_columns() == {
        ("time",),
        ("user_id",),
        ("operation",),
        ("object_type", "object_id"),
        ("seq",),
    }


def test_the_type_filter_is_served_by_the_composite_index_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the plan of a tiny PostgreSQL table is a sequential scan")
    with connection.cursor() as cursor:
        sql, params = (
            ChangeLog.objects.filter(object_type="enterprises.enterprise").values("id").query
        ).sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())

    assert "accounts_ch_object__55c734_idx" in plan
