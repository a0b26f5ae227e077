"""Bulk writes prepared before the write transaction, so an import holds the write lock only
for plain INSERT/UPDATE statements (issue 7: 20,000 rows in ≤ 5 s).

`reserve_ids` hands out primary keys ahead of the write (a tiny transaction of its own), so
new rows, the rows that point at them and their change-log entries can all be computed
before the lock; `db_rows` turns objects into database parameters (also before the lock);
`insert_rows` and `update_rows` run them with executemany inside the write transaction.
A reserved id that is never written (the import failed) is only a gap in the numbering.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction

EXECUTEMANY_BATCH = 5000


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` primary keys of `model` nobody else will be given (PostgreSQL: the sequence;
    SQLite: the AUTOINCREMENT counter in sqlite_sequence)."""
    if n <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, n],
            )
            return [row[0] for row in cursor.fetchall()]
        q = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({q(pk)}), 0) FROM {q(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0)
        if row:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + n, table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + n]
            )
    return list(range(start + 1, start + n + 1))


def db_rows(
    model: type[models.Model], objs: Iterable[models.Model], fields: Sequence[str]
) -> list[tuple]:
    """Each object's `fields` (names or attnames) as database parameters, in that order."""
    concrete = [model._meta.get_field(name) for name in fields]
    prep = [(f.attname, f.get_db_prep_save) for f in concrete]
    return [tuple(p(getattr(obj, attname), connection) for attname, p in prep) for obj in objs]


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    q = connection.ops.quote_name
    return [q(model._meta.get_field(name).column) for name in fields]


def _run(sql: str, rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), EXECUTEMANY_BATCH):
            cursor.executemany(sql, rows[start : start + EXECUTEMANY_BATCH])


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: list[tuple]) -> None:
    """INSERT prepared rows (see db_rows) into `model`'s table."""
    if not rows:
        return
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(_columns(model, fields))}) "
        f"VALUES ({marks})"
    )
    _run(sql, rows)


def update_rows(model: type[models.Model], fields: Sequence[str], rows: list[tuple]) -> None:
    """UPDATE `fields` by primary key: each row is the fields' values followed by the pk."""
    if not rows:
        return
    q = connection.ops.quote_name
    sets = ", ".join(f"{column} = %s" for column in _columns(model, fields))
    sql = f"UPDATE {q(model._meta.db_table)} SET {sets} WHERE {q(model._meta.pk.column)} = %s"
    _run(sql, rows)
