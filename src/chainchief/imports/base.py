"""The generic importer: a declarative column spec, row-by-row validation with Chinese errors,
a plan computed without writing, and an all-or-nothing apply with a short write transaction.

A list becomes importable by subclassing `Importer` (see the package docstring): declare
`columns` (pure cell parsers) and `key_fields`, implement `build_plan` (look-ups and the
diff against the database, reporting errors; no writes), optionally `prepare` (database rows
and change-log entries built ahead, ids reserved; see core/bulk.py) and `write` (bulk writes
plus the change log). `run` does the rest: read (streaming), check headers, parse cells, drop
duplicate keys, plan and prepare *outside* any transaction, then write inside one short
transaction (all or nothing).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction

from chainchief.accounts.changelog import acting_user
from chainchief.core.values import InvalidValue
from chainchief.imports.tables import Table, normalize_header, read_table

MAX_CHANGES_LISTED = 500
BATCH = 1000  # rows per bulk statement
IN_CHUNK = 900  # ids per IN (...) look-up, safe for every database
PROGRESS_EVERY = 2000  # rows between progress reports


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


def max_rows() -> int:
    return int(getattr(settings, "CHAINCHIEF_IMPORT_MAX_ROWS", 300_000))


@dataclass(frozen=True)
class Column:
    """One column of a list: its header (Chinese), the field it fills, and how a cell is read.

    `parse` gets the non-empty raw cell (str, number or date) and returns the value or raises
    InvalidValue with a reason in Chinese. Empty cells give `empty` without calling it.
    `example` is what the template's 说明 sheet shows (a spec may compute live examples in
    `example_values`, so that the example row imports cleanly in this city).
    """

    header: str
    field: str
    required: bool = False
    parse: Callable[[object], Any] = text
    empty: Any = ""
    help: str = ""
    example: str = ""
    width: int = 0
    # format the template column as text (codes Excel would turn into numbers)
    as_text: bool = False
    aliases: tuple[str, ...] = ()  # older headers still accepted

    @property
    def header_names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

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
    cancelled: bool = False
    followup_job: int | None = None  # a job the import started (matching …), shown on its page
    errors: list[RowError] = field(default_factory=list)
    changes: list[PlannedChange] = field(default_factory=list)
    seconds: float = 0.0
    write_seconds: float = 0.0  # how long the write transaction held the database's write lock

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

    def as_json(self, *, max_errors: int = 1000) -> dict:
        """What an upload keeps of its report (the page shows it; the job stores it)."""
        return {
            "filename": self.filename,
            "dry_run": self.dry_run,
            "total_rows": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "applied": self.applied,
            "cancelled": self.cancelled,
            "error_count": len(self.errors),
            "errors": [[e.row, e.column, e.message] for e in self.errors[:max_errors]],
            "changes": [[c.row, c.action, c.label, c.fields] for c in self.changes],
            "seconds": round(self.seconds, 2),
            "write_seconds": round(self.write_seconds, 2),
            "followup_job": self.followup_job,
        }


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    bad: frozenset[str] = frozenset()  # fields whose cell could not be read

    @property
    def ok(self) -> bool:
        return not self.bad


class WriteRefused(Exception):
    """Raised by `write` when a service refuses a row: the whole import is rolled back and the
    row's reason is reported."""

    def __init__(self, row: int | None, column: str, message: str) -> None:
        super().__init__(message)
        self.row, self.column, self.message = row, column, message


class NoProgress:
    """Stands in for a job's progress object when an import runs without one."""

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        return False


class Importer:
    """Subclass per list; see the package docstring."""

    kind: str = ""
    title: str = ""  # the list's name on the import page, e.g. 企业名录
    description: str = ""  # one sentence on the import page
    columns: tuple[Column, ...] = ()
    key_fields: tuple[str, ...] = ()
    # True: build_plan also receives rows with unreadable cells (row.bad) so it can report
    # their other errors (references …); it must not plan them.
    checks_bad_rows: bool = False
    # A list far longer than the usual ones (a registry bought by the city) sets its own
    # limits; None: CHAINCHIEF_IMPORT_MAX_ROWS / CHAINCHIEF_IMPORT_MAX_BYTES.
    max_rows: int | None = None
    max_bytes: int | None = None

    def __init__(self, user: Any = None) -> None:
        self.user = user
        self.present: frozenset[str] = frozenset()
        # Set by `run`: a spec with costly planning (matching) may skip it in a preview.
        self.dry_run = True
        self.progress: Any = NoProgress()

    # -- to implement ------------------------------------------------------------------
    @classmethod
    def allowed(cls, user) -> bool:
        """Who may use this import (the import page lists only these). Default: the office."""
        from chainchief.accounts.scoping import can_manage_city

        return can_manage_city(user)

    def build_plan(self, rows: list[Row], report: ImportReport) -> Any:
        raise NotImplementedError

    def prepare(self, plan: Any) -> Any:
        """Everything the write needs, computed before the write transaction (ids reserved,
        database rows and change-log entries built): `write` then only runs statements, so
        the write lock is held briefly. Default: the plan as it is."""
        return plan

    def write(self, prepared: Any) -> None:
        raise NotImplementedError

    def example_values(self) -> dict[str, str]:
        """The template's example row, by field. Override to use this city's own references."""
        return {c.field: c.example for c in self.columns}

    def template_notes(self) -> list[list[str]]:
        """Extra rows for the template's 说明 sheet (reference codes, …)."""
        return []

    def after_apply(self, plan: Any, report: ImportReport) -> None:
        """Runs after a successful write, outside the transaction (start follow-up jobs)."""

    # -- machinery ---------------------------------------------------------------------
    def header_of(self, field_name: str) -> str:
        return next(c.header for c in self.columns if c.field == field_name)

    def match_headers(self, headers: list[str], report: ImportReport) -> dict[int, Column]:
        by_name = {normalize_header(h): c for c in self.columns for h in c.header_names}
        matched: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for index, header in enumerate(headers):
            if not header.strip():
                continue
            column = by_name.get(normalize_header(header))
            if column is None:
                allowed = "、".join(c.header for c in self.columns)
                report.error(None, "", f"未知的列“{header[:50]}”，可用的列：{allowed}")
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
        self, table: Table, matched: dict[int, Column], report: ImportReport, progress=None
    ) -> list[Row]:
        progress = progress or NoProgress()
        rows: list[Row] = []
        items = list(matched.items())
        limit = self.max_rows or max_rows()
        for number, cells in table.rows:
            if report.total_rows >= limit:
                report.error(None, "", f"文件超过 {limit} 行数据的上限，请分成多个文件导入")
                break
            values: dict[str, Any] = {}
            bad: set[str] = set()
            for index, column in items:
                raw = cells[index] if index < len(cells) else None
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    if column.required:
                        report.error(number, column.header, "不能为空")
                        bad.add(column.field)
                    values[column.field] = column.empty
                    continue
                try:
                    if isinstance(raw, str) and "\x00" in raw:
                        raise InvalidValue("含有无效的控制字符（NUL），请检查文件")
                    values[column.field] = column.parse(raw)
                except InvalidValue as exc:
                    report.error(number, column.header, str(exc))
                    values[column.field] = column.empty
                    bad.add(column.field)
            report.total_rows += 1
            rows.append(Row(number, values, frozenset(bad)))
            if report.total_rows % PROGRESS_EVERY == 0:
                progress.update(report.total_rows, None, f"已读取 {report.total_rows} 行")
                if progress.cancelled():
                    report.cancelled = True
                    break
        return rows

    def drop_duplicates(self, rows: list[Row], report: ImportReport) -> list[Row]:
        """A key twice in one file is an error on the later row (which one wins is not guessable)."""
        first: dict[tuple, int] = {}
        kept: list[Row] = []
        header = "、".join(self.header_of(f) for f in self.key_fields)
        for row in rows:
            if row.bad & set(self.key_fields):
                kept.append(row)  # no usable key: its other errors still count
                continue
            key = tuple(_comparable(row.values[f]) for f in self.key_fields)
            if key in first:
                report.error(row.number, header, f"与第 {first[key]} 行重复")
                continue
            first[key] = row.number
            kept.append(row)
        return kept

    def run(
        self,
        path: str | Path,
        *,
        dry_run: bool = True,
        user: Any = None,
        filename: str = "",
        progress=None,
    ) -> ImportReport:
        progress = progress or NoProgress()
        if user is not None:
            self.user = user
        self.dry_run, self.progress = dry_run, progress
        started = time.perf_counter()
        report = ImportReport(kind=self.kind, filename=filename or Path(path).name, dry_run=dry_run)
        known = {normalize_header(h) for c in self.columns for h in c.header_names}
        try:
            table = read_table(path, known, filename=filename, limit=self.max_bytes)
            matched = self.match_headers(table.headers, report)
            if report.errors:
                return report
            rows = self.drop_duplicates(self.parse_rows(table, matched, report, progress), report)
        except InvalidValue as exc:  # a damaged file, found while streaming it
            report.error(None, "", str(exc))
            return report
        if report.cancelled:
            return report
        if not self.checks_bad_rows:
            rows = [r for r in rows if r.ok]
        progress.update(0, len(rows), "正在核对系统中的数据")
        # Plan outside any transaction: long reads must not hold the write lock.
        with acting_user(self.user):
            plan = self.build_plan(rows, report)
        if not dry_run and report.ok and not progress.cancelled():
            progress.update(0, len(rows), "正在写入")
            try:
                with acting_user(self.user):
                    prepared = self.prepare(plan)  # outside the transaction, like the plan
                write_started = time.perf_counter()
                with transaction.atomic(), acting_user(self.user):
                    self.write(prepared)
            except WriteRefused as exc:
                report.error(exc.row, exc.column, exc.message)
            except IntegrityError:
                report.error(
                    None, "", "导入期间数据已被他人修改，未导入任何数据，请重新预览后再导入"
                )
            except OperationalError:
                report.error(None, "", "数据库繁忙，未导入任何数据，请稍后重试")
            else:
                report.applied = True
                report.write_seconds = time.perf_counter() - write_started
                self.after_apply(plan, report)
        # Errors in the order a user fixes them: by row, then left to right.
        position = {c.header: i for i, c in enumerate(self.columns)}
        report.errors.sort(key=lambda e: (e.row or 0, position.get(e.column, -1)))
        report.seconds = time.perf_counter() - started
        progress.update(len(rows), len(rows), report.summary())
        return report


def _comparable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.normalize()
    return value
