"""One path for .xlsx downloads of any list: a header row, frozen, sized columns."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="F0F3F7")


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value)
    return value


def build_workbook(
    sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = ""
) -> Workbook:
    """A workbook with one sheet; `title` (optional) goes in a merged first row above the header."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet_title[:31]
    header_row = 1
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, len(headers)))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        header_row = 2
    ws.append(list(headers))
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    widths = [max(6, len(str(h)) * 2 + 2) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        ws.append(values)
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


def xlsx_response(
    filename: str,
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "",
) -> HttpResponse:
    """Download `rows` as `filename` (Chinese names allowed)."""
    data = workbook_bytes(build_workbook(sheet_title, headers, rows, title=title))
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
