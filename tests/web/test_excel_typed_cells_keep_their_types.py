"""A date is written as a date, an amount as a number, a yes/no as a boolean: both where
rows are streamed (every list export) and in a sheet laid out by hand (the 五单 lists)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from chainchief.web.excel import build_workbook, new_workbook, set_cell, workbook_bytes

VALUES = [
    datetime.date(2026, 3, 31),
    Decimal("12345.67"),
    42,
    2.5,
    True,
    datetime.datetime(2026, 3, 31, 8, 30, tzinfo=datetime.UTC),
    datetime.time(9, 15),
    "文本",
]


def _streamed() -> openpyxl.worksheet.worksheet.Worksheet:
    data = workbook_bytes(build_workbook("表", [f"c{i}" for i in range(len(VALUES))], [VALUES]))
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _laid_out() -> openpyxl.worksheet.worksheet.Worksheet:
    wb = new_workbook("表")
    set_cell(wb.active, 1, 1, "表头")
    for column, value in enumerate(VALUES, start=1):
        set_cell(wb.active, 2, column, value, {"border": 1})
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb))).active


@pytest.mark.parametrize("sheet", [_streamed, _laid_out], ids=["streamed", "laid-out"])
def test_each_value_keeps_its_type_in_the_cell(sheet):
    ws = sheet()
    date, amount, count, ratio, flag, moment, clock, text = ws[2]
    assert date.is_date and date.number_format == "yyyy-mm-dd"
    assert date.value == datetime.datetime(2026, 3, 31)
    assert amount.data_type == "n" and amount.value == pytest.approx(12345.67)
    assert count.data_type == "n" and count.value == 42
    assert ratio.data_type == "n" and ratio.value == 2.5
    assert flag.data_type == "b" and flag.value is True
    assert moment.is_date and moment.value == datetime.datetime(2026, 3, 31, 8, 30)
    assert clock.is_date and clock.value == datetime.time(9, 15)
    assert text.data_type == "s" and text.value == "文本"


def test_a_style_keeps_its_own_number_format_on_a_date():
    wb = new_workbook("表")
    set_cell(wb.active, 1, 1, datetime.date(2026, 1, 2), {"num_format": "yyyy年m月d日"})
    cell = openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb))).active["A1"]
    assert cell.is_date and cell.number_format == "yyyy年m月d日"
