"""A ledger of 10 years (20,000 findings × 24 columns) written by the one .xlsx writer keeps
every row: rows are streamed to disk in constant_memory mode, so none may be lost on the way."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl

from chainchief.web.excel import xlsx_response

ROWS = 20_000
HEADERS = [f"列{i}" for i in range(1, 25)]


def _rows():
    for i in range(ROWS):
        yield [
            f"{2017 + i % 10}-{i:05d}", 2017 + i % 10, "审计项目", "项目投资", "未批先建",
            f"问题{i:05d}", Decimal(i) / 4, "单位", "张三", "直接责任", "", "立行立改", "措施",
            "李四", datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 365), "整改中",
            "进展", Decimal("1.5"), 0, 1, i % 5, "", None, "是",
        ]  # fmt: skip


def test_a_ten_year_sized_ledger_export_writes_every_row_and_cell():
    response = xlsx_response("台账.xlsx", "整改台账", HEADERS, _rows(), title="审计整改台账")
    wb = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "审计整改台账" and list(rows[1]) == HEADERS
    data = rows[2:]
    assert len(data) == ROWS
    assert [r[5] for r in data] == [f"问题{i:05d}" for i in range(ROWS)]
    last = data[-1]
    assert last[0] == "2026-19999" and last[1] == 2026 and last[6] == 19999 / 4
    assert last[14] == datetime.datetime(2026, 1, 1) + datetime.timedelta(days=19999 % 365)
    assert last[20] == 19999 % 5 and last[22] is None and last[23] == "是"
    assert sum(1 for r in data for v in r if v is not None) == ROWS * 21  # 3 empty per row
