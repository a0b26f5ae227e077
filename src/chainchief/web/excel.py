"""The one .xlsx writer: every download, export and template of the code base goes through it.

- `xlsx_response(filename, sheet_title, headers, rows)`: a list as a download (most exports).
- `build_workbook(...)` returns a `Book` (`book.save(path_or_file)`, `workbook_bytes(book)`,
  `workbook_response(book, filename)`); `new_workbook(sheet_title)` for a sheet laid out by
  hand, `book.create_sheet(title)` for more sheets.
- `set_cell(ws, row, column, value, style)` / `append_row(ws, values, style)`: for laid-out
  sheets (the 五单 lists, templates, the meeting pack); rows and columns count from 1 as in
  Excel. A sheet also has `merge` (within one row), `set_width`, `set_column_style`,
  `set_height`, `freeze`, `print_titles` and `landscape`.
- A style is a dict of XlsxWriter format properties, e.g. `{"bold": True, "border": 1,
  "num_format": MONEY}`; a date, time or datetime without a `num_format` gets
  yyyy-mm-dd / h:mm:ss / yyyy-mm-dd h:mm:ss.

The backend is XlsxWriter in constant_memory mode: `build_workbook` streams its rows to disk as
they come (a 10-year ledger is not held in memory); a laid-out sheet keeps its cells until the
workbook is saved, then writes them in row order. Every value is written by its type (text as
text, numbers and dates as numbers with their format), never through XlsxWriter's `write()`,
which would turn '=...' into a formula.

Text that a spreadsheet would run (starting with = + - @, a tab or a carriage return) is
written as text with Excel's quote prefix, never as a formula, so a record named
'=HYPERLINK(...)' cannot attack the reader (CSV/formula injection). The value is kept as it
is (an export still re-imports unchanged, a carriage return included). Characters XML cannot
hold are dropped instead of failing the download.
"""

from __future__ import annotations

import datetime
import math
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # what XML 1.0 cannot hold; tab, LF, CR stay
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellDatetimeTuple as _DATETIME
from xlsxwriter.worksheet import CellNumberTuple as _NUMBER
from xlsxwriter.worksheet import CellStringTuple as _STRING
from xlsxwriter.worksheet import Worksheet as _XlsxWorksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
MONEY = "#,##0.00"
DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss", "h:mm:ss"
HEADER_STYLE = {"bold": True, "bg_color": "#F0F3F7", "pattern": 1}
TITLE_STYLE = {"bold": True, "font_size": 14, "align": "center"}
_CONTROL_BUT_CR = re.compile(r"([\x00-\x08\x0b\x0c\x0e-\x1f])")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


class _Worksheet(_XlsxWorksheet):
    """XlsxWriter's sheet, keeping text as openpyxl and the import framework read it back:
    upstream writes a carriage return as Excel's _x000D_ escape and a literal "_x000D_" as
    "_x005F_x000D_", which Excel undoes but openpyxl and the import reader do not (a text
    with CR/LF would re-import changed). A carriage return is written as the XML reference
    &#13; instead and such literals as they are (both what openpyxl wrote before)."""

    @staticmethod
    def _escape_control_characters(data):
        if isinstance(data, str) and not data.isprintable():
            data = _CONTROL_BUT_CR.sub(lambda m: f"_x{ord(m.group(1)):04X}_", data)
            data = data.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        return data

    def _xml_inline_string(self, string, preserve, attributes=()) -> None:
        attr = "".join(f' {key}="{value}"' for key, value in attributes)  # r= and s=: no escaping
        t_attr = ' xml:space="preserve"' if preserve else ""
        string = self._escape_data(string)
        if "\r" in string:
            string = string.replace("\r", "&#13;")
        self.fh.write(f'<c{attr} t="inlineStr"><is><t{t_attr}>{string}</t></is></c>')

    # Speed (a 10-year ledger is ~480,000 cells): one write per row instead of one per cell,
    # and the plain cells (text, number, date without a row or column format) written here.

    def _write_single_row(self, current_row_num=0) -> None:
        fh, parts = self.fh, []
        self.fh = _Parts(parts)
        try:
            super()._write_single_row(current_row_num)
        finally:
            self.fh = fh
        if parts:
            fh.write("".join(parts))

    def _write_cell(self, row: int, col: int, cell) -> None:
        kind, fmt = type(cell), cell.format
        if fmt is None and (row in self.row_info or col in self.col_info):
            return super()._write_cell(row, col, cell)  # the row's or column's format applies
        ref = xl_rowcol_to_cell_fast(row, col)
        style = f' s="{fmt._get_xf_index()}"' if fmt else ""
        if kind is _NUMBER or kind is _DATETIME:
            self.fh.write(f'<c r="{ref}"{style}><v>{cell.number:.16G}</v></c>')
        elif kind is _STRING and not cell.string.startswith("<r>"):
            string = cell.string
            if not string.isprintable():
                string = self._escape_control_characters(string)
            # Leading or trailing white space (what XlsxWriter's two regular expressions test).
            preserve = string[:1].isspace() or string[-1:].isspace()
            attributes = [("r", ref), ("s", fmt._get_xf_index())] if fmt else [("r", ref)]
            self._xml_inline_string(string, preserve, attributes)
        else:
            super()._write_cell(row, col, cell)


class _Parts:
    """A file-like list: the XML of one row gathered before a single write."""

    __slots__ = ("write",)

    def __init__(self, parts: list):
        self.write = parts.append


def _text(value: str) -> str:
    return value if value.isprintable() else ILLEGAL_CHARACTERS_RE.sub("", value)


def _cell(value: object) -> object:
    """The value as a cell holds it: Decimal → float, aware → naive, lists joined with 、."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if value is None or kind in (int, float, bool, datetime.date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime | datetime.time):
        return value.replace(tzinfo=None) if value.tzinfo is not None else value
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value)
    if isinstance(value, str):
        return _text(str(value))
    if isinstance(value, int | float | datetime.date):
        return value
    return _text(str(value))  # model instances, lazy text, timedelta …


def _style_key(style: dict | None) -> tuple:
    return tuple(sorted(style.items())) if style else ()


class Sheet:
    """One worksheet of a `Book` (rows and columns from 1, as Excel shows them)."""

    def __init__(self, book: Book, title: str):
        self.book, self.title = book, title
        self._ws = book._xl.add_worksheet(title, worksheet_class=_Worksheet)
        self._pending: dict[int, dict[int, tuple[object, dict | None]]] = {}
        self._merges: dict[int, list[tuple[int, int]]] = {}
        self._columns: dict[int, dict] = {}
        self._written = 0  # rows up to this one are on disk (constant_memory)
        self.max_row = 0

    # --- cells ---------------------------------------------------------------------------------

    def _check_row(self, row: int) -> None:
        if row <= self._written:
            raise ValueError(f"第 {row} 行已写出，不能再修改（按行顺序写入）")

    def set_cell(self, row: int, column: int, value: object, style: dict | None = None):
        """Put one value (as data, never as a formula); returns the value as written."""
        self._check_row(row)
        value = _cell(value)
        self._pending.setdefault(row, {})[column] = (value, style)
        self.max_row = max(self.max_row, row)
        return value

    def append(self, values: Iterable[object], style: dict | None = None) -> list:
        """Values in the row below the last one (an empty list leaves a blank row)."""
        row = self.max_row + 1
        written = [_cell(v) for v in values]
        cells = self._pending.setdefault(row, {})
        for column, value in enumerate(written, start=1):
            cells[column] = (value, style)
        self.max_row = row
        return written

    def merge(self, row: int, first_column: int, last_column: int) -> None:
        """Merge columns of one row; the first cell's value and style show across them."""
        self._check_row(row)
        if last_column > first_column:
            self._merges.setdefault(row, []).append((first_column, last_column))
            self.max_row = max(self.max_row, row)

    # --- layout --------------------------------------------------------------------------------

    def set_width(self, column: int, width: float) -> None:
        self._columns.setdefault(column, {})["width"] = width

    def set_column_style(self, column: int, style: dict) -> None:
        """The style of the column's empty cells (e.g. {"num_format": "@"}: typed as text)."""
        self._columns.setdefault(column, {})["style"] = style

    def set_height(self, row: int, height: float) -> None:
        self._check_row(row)
        self._ws.set_row(row - 1, height)

    def freeze(self, row: int, column: int = 1) -> None:
        """Freeze the rows above `row` and the columns left of `column`."""
        self._ws.freeze_panes(row - 1, column - 1)

    def print_titles(self, first_row: int, last_row: int) -> None:
        self._ws.repeat_rows(first_row - 1, last_row - 1)

    def landscape(self, fit_to_width: bool = True) -> None:
        self._ws.set_landscape()
        if fit_to_width:
            self._ws.fit_to_pages(1, 0)

    # --- writing -------------------------------------------------------------------------------

    def _flush(self) -> None:
        book, ws = self.book, self._ws
        for row in sorted(self._pending.keys() | self._merges.keys()):
            cells = self._pending.get(row, {})
            for first, last in self._merges.get(row, ()):
                style = cells.get(first, (None, None))[1]
                ws.merge_range(row - 1, first - 1, row - 1, last - 1, "", book._format(style))
            for column in sorted(cells):
                value, style = cells[column]
                book._put(ws, row - 1, column - 1, value, style)
            self._written = row
        self._pending.clear()
        self._merges.clear()

    def _stream(self, rows: Iterable[Sequence[object]], widths: list[int]) -> None:
        """Write `rows` below the last row straight to disk, widening `widths` to the longest
        value of each column (the hot path of every export: typed writers, no per-cell
        format look-up)."""
        self._flush()
        book, ws = self.book, self._ws
        # The typed writers without their A1-notation decorator (called ~500,000 times).
        write_string, write_number = ws._write_string, ws._write_number
        write_datetime = ws._write_datetime
        date_format = book._format(None, datetime.date)
        quoted = book._format(None, str)
        put, leads, ncols = book._put, FORMULA_LEADS, len(widths)
        longest = [0] * ncols
        r = self.max_row - 1
        for values in rows:
            r += 1
            for c, v in enumerate(values):
                kind = type(v)
                if kind is str:
                    if not v:
                        continue
                    if not v.isprintable():
                        v = ILLEGAL_CHARACTERS_RE.sub("", v)
                    if v.startswith(leads):
                        write_string(r, c, v, quoted)
                    elif v.startswith("<r>"):
                        put(ws, r, c, v, None)
                    else:
                        write_string(r, c, v, None)
                    n = len(v)
                elif kind is int or kind is float:
                    if kind is float and not math.isfinite(v):
                        put(ws, r, c, v, None)
                    else:
                        write_number(r, c, v, None)
                    n = len(str(v))
                elif kind is Decimal:
                    v = float(v)
                    if math.isfinite(v):
                        write_number(r, c, v, None)
                    else:
                        put(ws, r, c, v, None)
                    n = len(str(v))
                elif kind is datetime.date:
                    write_datetime(r, c, v, date_format)
                    n = 10
                elif v is None:
                    continue
                else:
                    v = _cell(v)
                    put(ws, r, c, v, None)
                    n = len(str(v))
                if c < ncols and n > longest[c]:
                    longest[c] = n
        for i, n in enumerate(longest):
            if n:
                widths[i] = min(60, max(widths[i], n + 2))
        self._written = self.max_row = r + 1

    def _close(self) -> None:
        self._flush()
        for column, spec in self._columns.items():
            style = spec.get("style")
            self._ws.set_column(
                column - 1,
                column - 1,
                spec.get("width"),
                self.book._format(style) if style else None,
            )


class Book:
    """A workbook being written (XlsxWriter, constant_memory); `save` or `workbook_bytes` ends it."""

    def __init__(self, sheet_title: str):
        self._buffer = BytesIO()
        # Rows wait on disk in a folder of this book's own, removed when the book is finished,
        # discarded, or garbage-collected (an export that fails half-way leaves no files).
        self._tmp = tempfile.TemporaryDirectory(prefix="chainchief-xlsx-")
        self._xl = xlsxwriter.Workbook(self._buffer, {**_OPTIONS, "tmpdir": self._tmp.name})
        self._formats: dict[tuple, object] = {}
        self._data: bytes | None = None
        self.worksheets: list[Sheet] = []
        self.active = self.create_sheet(sheet_title)

    def create_sheet(self, title: str) -> Sheet:
        """A new sheet; a title Excel refuses (too long, [ ] : * ? / \\, taken) is adjusted."""
        name = _SHEET_TITLE_BAD.sub("_", str(title)).strip("'")[:31] or "Sheet"
        taken = {s.title.lower() for s in self.worksheets}
        n = 1
        while name.lower() in taken or name.lower() == "history":
            n += 1
            name = f"{name[: 31 - len(str(n)) - 1]}_{n}"
        sheet = Sheet(self, name)
        self.worksheets.append(sheet)
        return sheet

    def _format(self, style: dict | None, kind: type | None = None):
        """The cached XlsxWriter format of `style`, plus the quote prefix (kind str) or the
        date/time number format (kind date/datetime/time) when the style has none."""
        key = (_style_key(style), kind)
        found = self._formats.get(key)
        if found is None:
            if not style and kind is None:
                return None
            props = dict(style or {})
            if kind is str:
                props["quote_prefix"] = True
            elif kind is not None and "num_format" not in props:
                props["num_format"] = {
                    datetime.date: DATE_FORMAT,
                    datetime.datetime: DATETIME_FORMAT,
                    datetime.time: TIME_FORMAT,
                }[kind]
            found = self._formats[key] = self._xl.add_format(props)
        return found

    def _put(self, ws, r: int, c: int, value: object, style: dict | None) -> None:
        """Write one converted value (0-based r, c) with the writer of its type."""
        if isinstance(value, str):
            if value.startswith(FORMULA_LEADS):
                ws.write_string(r, c, value, self._format(style, str))
            elif value.startswith("<r>") and value.endswith("</r>"):
                # XlsxWriter would copy such text into the XML unescaped (as rich text runs):
                # write it as two plain runs instead, which every reader joins back.
                args = [self._format({}, str), value[:1], value[1:]]
                if style:
                    args.append(self._format(style))
                ws.write_rich_string(r, c, *args)
            elif value:
                ws.write_string(r, c, value, self._format(style))
            elif style:
                ws.write_blank(r, c, None, self._format(style))
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, self._format(style))
        elif isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                ws.write_string(r, c, str(value), self._format(style))  # Excel has no NaN/inf
            else:
                ws.write_number(r, c, value, self._format(style))
        elif isinstance(value, datetime.datetime):
            ws.write_datetime(r, c, value, self._format(style, datetime.datetime))
        elif isinstance(value, datetime.date):
            ws.write_datetime(r, c, value, self._format(style, datetime.date))
        elif isinstance(value, datetime.time):
            ws.write_datetime(r, c, value, self._format(style, datetime.time))
        elif value is None:
            if style:
                ws.write_blank(r, c, None, self._format(style))
        else:
            ws.write_string(r, c, _text(str(value)), self._format(style))

    def close(self) -> bytes:
        """Finish the file (once) and return its bytes."""
        if self._data is None:
            for sheet in self.worksheets:
                sheet._close()
            try:
                self._xl.close()
            finally:
                self._tmp.cleanup()
            self._data = self._buffer.getvalue()
            self._buffer.close()
        return self._data

    def discard(self) -> None:
        """Give up a book that will not be saved (its rows on disk are removed)."""
        self._tmp.cleanup()

    def save(self, target: str | Path | object) -> None:
        """Write the finished file to a path or a binary file object."""
        data = self.close()
        if hasattr(target, "write"):
            target.write(data)
        else:
            Path(target).write_bytes(data)


def set_cell(ws: Sheet, row: int, column: int, value: object, style: dict | None = None):
    """Write one value (as data, never as a formula) with an optional style."""
    return ws.set_cell(row, column, value, style)


def append_row(ws: Sheet, values: Iterable[object], style: dict | None = None) -> list:
    """Append a row below the last one (as data, never as formulas); returns its values."""
    return ws.append(values, style)


def new_workbook(sheet_title: str) -> Book:
    """An empty workbook whose first sheet is named `sheet_title` (fill it with set_cell)."""
    return Book(sheet_title[:31])


def build_workbook(
    sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = ""
) -> Book:
    """A workbook with one sheet: `title` (optional) in a merged first row, the header (bold,
    shaded, frozen), then `rows` streamed to disk; column widths follow the longest value."""
    wb = new_workbook(sheet_title)
    ws = wb.active
    if title:
        ws.set_cell(1, 1, title, TITLE_STYLE)
        ws.merge(1, 1, max(1, len(headers)))
    ws.append(headers, HEADER_STYLE)
    header_row = ws.max_row
    widths = [max(6, len(str(h)) * 2 + 2) for h in headers]
    try:
        ws._stream(rows, widths)
    except BaseException:
        wb.discard()
        raise
    for i, w in enumerate(widths, start=1):
        ws.set_width(i, w)
    ws.freeze(header_row + 1, 1)
    return wb


def workbook_bytes(wb: Book) -> bytes:
    return wb.close()


def workbook_response(wb: Book, filename: str) -> HttpResponse:
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
