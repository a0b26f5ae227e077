"""The one .xlsx writer: every download, export and template of the code base goes through it.

- `xlsx_response(filename, sheet_title, headers, rows)`: a list as a download (most exports).
- `build_workbook(...)` / `workbook_bytes(wb)`: the same workbook, to save or to style further;
  `new_workbook(sheet_title)` for a sheet laid out by hand.
- `set_cell(ws, row, column, value)` / `append_row(ws, values)`: for laid-out sheets (the
  五单 lists, templates); never assign `ws.cell(...).value` or `ws.append` directly.

Text that a spreadsheet would run (starting with = + - @, a tab or a carriage return) is
written as text with Excel's quote prefix, never as a formula, so a record named
'=HYPERLINK(...)' cannot attack the reader (CSV/formula injection). The value is kept as it
is (an export still re-imports unchanged). Characters XML cannot hold are dropped instead of
failing the download.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FILL = PatternFill("solid", fgColor="F0F3F7")


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or isinstance(value, int | float | datetime.date | datetime.time):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))  # model instances, lazy text …


def _guard(cell) -> None:
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        cell.data_type = "s"
        cell.quotePrefix = True


def set_cell(ws, row: int, column: int, value: object):
    """Write one value (as data, never as a formula) and return the cell for styling."""
    cell = ws.cell(row, column)
    cell.value = _cell(value)
    _guard(cell)
    return cell


def append_row(ws, values: Iterable[object]) -> list:
    """Append a row below the last one (as data, never as formulas); returns its values."""
    written = [_cell(v) for v in values]
    ws.append(written)
    # Only formula-like text needs a look; ws.max_row would rescan every cell per row.
    row = ws._current_row
    for column, value in enumerate(written, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_LEADS):
            _guard(ws.cell(row, column))
    return written


def new_workbook(sheet_title: str) -> Workbook:
    """An empty workbook whose first sheet is named `sheet_title` (fill it with set_cell)."""
    wb = Workbook()
    wb.active.title = sheet_title[:31]
    return wb


def build_workbook(
    sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = ""
) -> Workbook:
    """A workbook with one sheet; `title` (optional) goes in a merged first row above the header."""
    wb = new_workbook(sheet_title)
    ws = wb.active
    header_row = 1
    if title:
        append_row(ws, [title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, len(headers)))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        header_row = 2
    append_row(ws, headers)
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    widths = [max(6, len(str(h)) * 2 + 2) for h in headers]
    for row in rows:
        values = append_row(ws, row)
        for i, v in enumerate(values[: len(widths)]):
            if v is not None:
                widths[i] = min(60, max(widths[i], len(str(v)) + 2))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def workbook_response(wb: Workbook, filename: str) -> HttpResponse:
    """Download a workbook built with this module as `filename` (Chinese names allowed)."""
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(
    filename: str,
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "",
) -> HttpResponse:
    """Download `rows` as `filename` (Chinese names allowed)."""
    return workbook_response(build_workbook(sheet_title, headers, rows, title=title), filename)
