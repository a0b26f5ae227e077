"""Streamed rows keep their order and values whichever way each is written: plain rows
(text, numbers, amounts, dates) go to disk as XML at once, rows holding a boolean, a
datetime, a non-finite number or text XlsxWriter treats apart through its typed writers."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl

from chainchief.web.excel import build_workbook, workbook_bytes

SPECIAL = [
    [True, "是"],
    [datetime.datetime(2026, 5, 1, 9, 30), "时刻"],
    [float("inf"), "无穷"],
    ["<r>标签</r>", "像富文本的文本"],
    ["\ufffe非字符", "XML 不接受的字符"],
    [None, None],
]


def _plain(i: int) -> list:
    return [f"行{i}", Decimal(i) / 2, datetime.date(2026, 1, 1) + datetime.timedelta(days=i)]


def test_plain_and_special_rows_interleave_in_order():
    rows = []
    for i, special in enumerate(SPECIAL * 3):
        rows += [_plain(i), special, _plain(i + 100)]
    data = workbook_bytes(build_workbook("表", ["甲", "乙", "丙"], rows))
    got = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))[1:]
    assert len(got) == len(rows)
    for number, (row, values) in enumerate(zip(got, rows, strict=True), start=2):
        if values[0] is None:
            assert all(v is None for v in row), number
        elif isinstance(values[0], float):
            assert row[:2] == ("inf", "无穷"), number
        elif values == SPECIAL[4]:
            assert row[1] == "XML 不接受的字符", number
        elif isinstance(values[1], Decimal):
            assert row == (
                values[0],
                float(values[1]),
                datetime.datetime(*values[2].timetuple()[:3]),
            ), number
        else:
            assert list(row[:2]) == values, number
    filled = [r for r in got if r[0] is not None]
    assert len(filled) == len(rows) - 3  # the three empty rows stay empty
