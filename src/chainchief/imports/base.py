"""The generic importer: a declarative column spec, row-by-row validation with Chinese errors,
a plan computed without writing, and an all-or-nothing apply.

A list becomes importable by subclassing `Importer`: declare `columns` (pure cell parsers),
`key_fields`, and implement `build_plan` (look-ups and the diff against the database, reporting
errors) and `write` (bulk writes plus `record_changes`). `run` does the rest.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from chainchief.accounts.changelog import acting_user
from chainchief.enterprises.imports.tables import Table, normalize_header, read_table
from chainchief.enterprises.validators import InvalidValue

MAX_CHANGES_LISTED = 500
BATCH = 1000  # rows per bulk statement
IN_CHUNK = 900  # ids per IN (...) look-up, safe for every database


def chunks(values: list, size: int = IN_CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def text(value: object) -> str:
    """A cell as text: numbers without a spurious '.0' (phones, codes), whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def max_length(n: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        result = text(value)
        if len(result) > n:
            raise InvalidValue(f"不能超过 {n} 个字，实际 {len(result)} 个字")
        return result

    return parse


@dataclass(frozen=True)
class Column:
    """One column of a list: its header (Chinese), the field it fills, and how a cell is read.

    `parse` gets the non-empty raw cell (str, number or date) and returns the value or raises
    InvalidValue with a reason in Chinese. Empty cells give `empty` without calling it.
    """

    header: str
    field: str
    required: bool = False
    parse: Callable[[object], Any] = text
    empty: Any = ""
    help: str = ""
    example: str = ""
    width: int = 0
    as_text: bool = (
        False  # format the template column as text (codes Excel would turn into numbers)
    )

    @property
    def label(self) -> str:
        return f"{self.header}*" if self.required else self.header


@dataclass(frozen=True)
class RowError:
    row: int | None  # the row number as Excel shows it; None for the file or its header
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "表头"
        return (
            f"{where}，{self.column}：{self.message}" if self.column else f"{where}：{self.message}"
        )


@dataclass
class PlannedChange:
    row: int
    action: str  # "create" or "update"
    label: str
    fields: list[str]


@dataclass
class ImportReport:
    kind: str
    filename: str = ""
    dry_run: bool = True
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False
    errors: list[RowError] = field(default_factory=list)
    changes: list[PlannedChange] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int | None, column: str, message: str) -> None:
        # Validators name the field themselves ("统一社会信用代码校验位错误…"); the column says it already.
        if column and message.startswith(column):
            message = message[len(column) :].lstrip("：:，, ")
        self.errors.append(RowError(row, column, message))

    def change(self, row: int, action: str, label: str, fields: Iterable[str] = ()) -> None:
        if action == "create":
            self.created += 1
        else:
            self.updated += 1
        if len(self.changes) < MAX_CHANGES_LISTED:
            self.changes.append(PlannedChange(row, action, label, list(fields)))

    def summary(self) -> str:
        state = (
            "已导入"
            if self.applied
            else ("预演（未写入）" if self.dry_run or self.ok else "未导入")
        )
        return (
            f"{state}：共 {self.total_rows} 行，新增 {self.created}，更新 {self.updated}，"
            f"无变化 {self.unchanged}，错误 {len(self.errors)}"
        )


@dataclass
class Row:
    number: int
    values: dict[str, Any]


class Importer:
    """Subclass per list; see the module docstring."""

    kind: str = ""
    title: str = ""
    columns: tuple[Column, ...] = ()
    key_fields: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.present: frozenset[str] = frozenset()

    # -- to implement ------------------------------------------------------------------
    def build_plan(self, rows: list[Row], report: ImportReport) -> Any:
        raise NotImplementedError

    def write(self, plan: Any) -> None:
        raise NotImplementedError

    # -- machinery ---------------------------------------------------------------------
    def header_of(self, field_name: str) -> str:
        return next(c.header for c in self.columns if c.field == field_name)

    def match_headers(self, headers: list[str], report: ImportReport) -> dict[int, Column]:
        by_name = {normalize_header(c.header): c for c in self.columns}
        matched: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for index, header in enumerate(headers):
            if not header.strip():
                continue
            column = by_name.get(normalize_header(header))
            if column is None:
                allowed = "、".join(c.header for c in self.columns)
                report.error(None, "", f"未知的列“{header}”，可用的列：{allowed}")
            elif column.field in seen:
                report.error(None, "", f"列“{column.header}”重复出现")
            else:
                seen[column.field] = index
                matched[index] = column
        for column in self.columns:
            if column.required and column.field not in seen:
                report.error(None, "", f"缺少必填列“{column.header}”")
        self.present = frozenset(seen)
        return matched

    def parse_rows(
        self, table: Table, matched: dict[int, Column], report: ImportReport
    ) -> list[Row]:
        rows: list[Row] = []
        items = list(matched.items())
        for number, cells in table.rows:
            values: dict[str, Any] = {}
            ok = True
            for index, column in items:
                raw = cells[index] if index < len(cells) else None
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    if column.required:
                        report.error(number, column.header, "不能为空")
                        ok = False
                    values[column.field] = column.empty
                    continue
                try:
                    values[column.field] = column.parse(raw)
                except InvalidValue as exc:
                    report.error(number, column.header, str(exc))
                    ok = False
            report.total_rows += 1
            if ok:
                rows.append(Row(number, values))
        return rows

    def drop_duplicates(self, rows: list[Row], report: ImportReport) -> list[Row]:
        """A key twice in one file is an error on the later row (which one wins is not guessable)."""
        first: dict[tuple, int] = {}
        kept: list[Row] = []
        header = "、".join(self.header_of(f) for f in self.key_fields)
        for row in rows:
            key = tuple(_comparable(row.values[f]) for f in self.key_fields)
            if key in first:
                report.error(row.number, header, f"与第 {first[key]} 行重复")
                continue
            first[key] = row.number
            kept.append(row)
        return kept

    def run(
        self, path: str | Path, *, dry_run: bool = True, user: Any = None, filename: str = ""
    ) -> ImportReport:
        import time

        started = time.perf_counter()
        report = ImportReport(kind=self.kind, filename=filename or Path(path).name, dry_run=dry_run)
        known = {normalize_header(c.header) for c in self.columns}
        try:
            table = read_table(path, known, filename=filename)
        except InvalidValue as exc:
            report.error(None, "", str(exc))
            return report
        matched = self.match_headers(table.headers, report)
        if report.errors:
            return report
        rows = self.drop_duplicates(self.parse_rows(table, matched, report), report)
        if dry_run:
            self.build_plan(rows, report)
        else:
            # Validate again against the database as it is inside the transaction, then write.
            with transaction.atomic(), acting_user(user):
                plan = self.build_plan(rows, report)
                if report.ok:
                    self.write(plan)
                    report.applied = True
        # Errors in the order a user fixes them: by row, then left to right.
        position = {c.header: i for i, c in enumerate(self.columns)}
        report.errors.sort(key=lambda e: (e.row or 0, position.get(e.column, -1)))
        report.seconds = time.perf_counter() - started
        return report


def _comparable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.normalize()
    return value
