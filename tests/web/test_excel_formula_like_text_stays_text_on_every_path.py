"""Text that Excel would run or that XlsxWriter would copy into the XML unescaped stays
plain text on every path of the one writer (streamed rows, title row, laid-out cells, extra
sheets), comes back unchanged through openpyxl and through the import reader, and text that
starts like a formula carries Excel's quote prefix."""

from __future__ import annotations

import io

import openpyxl
import pytest

from chainchief.imports.tables import _xlsx_rows
from chainchief.web.excel import (
    FORMULA_LEADS,
    append_row,
    build_workbook,
    new_workbook,
    set_cell,
    workbook_bytes,
)

HOSTILE = [
    '=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1",
    "<r><t>x</t></r>", "<r>a & b</r>", "a\r\nb", "_x000D_", " 前后空格 ", "&<>\"'",
]  # fmt: skip


def _books() -> dict[str, bytes]:
    streamed = build_workbook("表", ["列"] * len(HOSTILE), [HOSTILE], title=HOSTILE[0])
    laid_out = new_workbook("=表")
    for column, text in enumerate(HOSTILE, start=1):
        set_cell(laid_out.active, 1, column, text, {"border": 1})
    append_row(laid_out.active, HOSTILE, {"bold": True})
    append_row(laid_out.create_sheet("第二页"), HOSTILE)
    return {"streamed": workbook_bytes(streamed), "laid-out": workbook_bytes(laid_out)}


@pytest.fixture(scope="module")
def books():
    return _books()


@pytest.mark.parametrize("name", ["streamed", "laid-out"])
def test_no_cell_is_a_formula_and_every_text_comes_back(books, name):
    wb = openpyxl.load_workbook(io.BytesIO(books[name]))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert all(c.data_type == "s" for c in cells)
    texts = [c.value for c in cells]
    assert texts.count(HOSTILE[0]) >= 2
    for text in HOSTILE:
        assert text in texts, text


@pytest.mark.parametrize("name", ["streamed", "laid-out"])
def test_formula_like_text_has_the_quote_prefix(books, name):
    wb = openpyxl.load_workbook(io.BytesIO(books[name]))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    for cell in cells:
        assert cell.quotePrefix == cell.value.startswith(FORMULA_LEADS), cell.coordinate


def test_the_import_reader_reads_the_texts_back_unchanged(books, tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_bytes(books["streamed"])
    rows = dict(_xlsx_rows(path))
    assert rows[3] == HOSTILE
