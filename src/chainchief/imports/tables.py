"""Reading an uploaded table: .xlsx (first sheet, streamed), .csv (UTF-8 with or without BOM,
GB18030; streamed) or .parquet (streamed in record batches). Damaged or hostile files (not
a zip, a shared-string index that does not exist, cell references beyond Excel's limits, too
large, a byte that is no character) end in InvalidValue with a Chinese message."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import iterparse

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from chainchief.core.values import InvalidValue

SUPPORTED_SUFFIXES = (".xlsx", ".csv", ".parquet")
SUFFIXES_TEXT = ".xlsx、.csv 或 .parquet"
EXCEL_MAX_ROW = 1_048_576
MAX_COLUMNS = 200  # far more than any list has; a sheet claiming more is damaged or hostile
# Sheets we write for people, never data.
HELP_SHEET_TITLE = "说明"
_HEADER_SCAN_ROWS = 10


@dataclass
class Table:
    """Raw cells: `header_row` is where the header was found; rows carry their Excel row number."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[object]]]


def normalize_header(text: object) -> str:
    """Header as compared: no spaces, no required-marker, half-width brackets."""
    value = str(text or "")
    value = value.replace("（", "(").replace("）", ")").replace("＊", "*")
    value = re.sub(r"\s+", "", value)
    return value.rstrip("*").lower()


def _is_blank(values: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _find_header(
    first_rows: list[tuple[int, list[object]]], known: set[str]
) -> tuple[int, list[object]]:
    """The first row naming a known column (a title row above it is allowed); else the first row."""
    for number, values in first_rows:
        if any(normalize_header(v) in known for v in values if v is not None):
            return number, values
    for number, values in first_rows:
        if not _is_blank(values):
            return number, values
    raise InvalidValue("文件中没有数据")


def _table_from_rows(rows: Iterator[tuple[int, list[object]]], known: set[str]) -> Table:
    head: list[tuple[int, list[object]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= _HEADER_SCAN_ROWS:
            break
    header_row, header_values = _find_header(head, known)
    headers = [str(v).strip() if v is not None else "" for v in header_values]
    while headers and not headers[-1]:
        headers.pop()

    def data() -> Iterator[tuple[int, list[object]]]:
        for number, values in head:
            if number > header_row and not _is_blank(values):
                yield number, values
        for number, values in rows:
            if not _is_blank(values):
                yield number, values

    return Table(headers=headers, header_row=header_row, rows=data())


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _V, _IS, _T, _R = (f"{_NS}{tag}" for tag in ("row", "v", "is", "t", "r"))


def _inline_text(cell) -> str | None:
    parts = []
    for child in cell.iterfind(f"{_IS}/*"):  # <t> or rich-text runs <r><t>; not phonetic <rPh>
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.append(child.findtext(_T) or "")
    return "".join(parts) if parts else None


def max_bytes() -> int:
    return int(getattr(settings, "CHAINCHIEF_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def size_error(size: int, limit: int | None = None) -> str | None:
    """The Chinese message for a file above the size limit (a spec may set its own), else None."""
    limit = limit or max_bytes()
    if size > limit:
        return f"文件大小 {size / 1048576:.1f} MB，超过 {limit / 1048576:.0f} MB 的上限，请分成多个文件导入"
    return None


def _cell_value(cell, strings, date_styles, epoch, row: int) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _inline_text(cell)
    text = cell.findtext(_V)
    if text is None or text == "":
        return None
    try:
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(strings):
                raise IndexError(index)
            return strings[index]
        if kind == "n":
            number = float(text) if any(ch in text for ch in ".eE") else int(text)
            style = cell.get("s")
            if style and int(style) in date_styles:
                return from_excel(number, epoch)
            return number
        if kind == "b":
            return text == "1"
        if kind == "d":
            return from_ISO8601(text)
    except (ValueError, IndexError, OverflowError, TypeError) as exc:
        ref = cell.get("r") or f"第 {row} 行"
        raise InvalidValue(
            f"Excel 文件已损坏：单元格 {ref} 的内容无法读取，请在 Excel 中另存后重试"
        ) from exc
    return text  # "str" (a formula's text result) or "e" (an error like #N/A)


def _column_of(ref: str, row: int) -> int:
    try:
        column = column_index_from_string(ref.rstrip("0123456789"))
    except ValueError:
        column = 0
    if not 1 <= column <= MAX_COLUMNS:
        raise InvalidValue(
            f"Excel 文件异常：单元格引用“{ref[:20]}”超出范围（最多 {MAX_COLUMNS} 列），"
            "请在 Excel 中另存后重试"
        )
    return column


def _parsed_rows(wb, ws) -> Iterator[tuple[int, list[object]]]:
    """Values of each row, straight from the sheet XML: openpyxl's cell-by-cell parser builds
    a dict (and for inline strings a rich-text object) per cell, which made 240,000 indicator
    rows take minutes. Shared strings and date styles come from openpyxl's loaded workbook."""
    strings, date_styles, epoch = ws._shared_strings, wb._date_formats, wb.epoch
    number = 0
    with ws._get_source() as src:
        for _, element in iterparse(src):
            if element.tag != _ROW:
                continue
            try:
                number = int(element.get("r") or number + 1)
            except ValueError:
                number = 0
            if not 1 <= number <= EXCEL_MAX_ROW:
                raise InvalidValue(
                    f"Excel 文件异常：行号“{str(element.get('r'))[:20]}”超出 Excel 的范围，"
                    "请在 Excel 中另存后重试"
                )
            values: list[object] = []
            for cell in element:
                ref = cell.get("r")
                column = _column_of(ref, number) if ref else len(values) + 1
                if column > MAX_COLUMNS:
                    raise InvalidValue(f"Excel 文件异常：超过 {MAX_COLUMNS} 列，请检查文件")
                if column > len(values) + 1:
                    values.extend([None] * (column - 1 - len(values)))
                values.append(_cell_value(cell, strings, date_styles, epoch, number))
            element.clear()
            yield number, values


def _xlsx_rows(source: str | Path | IO[bytes]) -> Iterator[tuple[int, list[object]]]:
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidValue("无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏") from exc
    try:
        sheets = [ws for ws in wb.worksheets if ws.title != HELP_SHEET_TITLE] or wb.worksheets
        if not sheets:
            raise InvalidValue("Excel 文件中没有工作表")
        ws = sheets[0]
        if hasattr(ws, "_get_source") and hasattr(wb, "_date_formats"):
            yield from _parsed_rows(wb, ws)  # row numbers as Excel shows them
        else:  # another openpyxl version: the public, slower path
            yield from enumerate(map(list, ws.iter_rows(values_only=True)), start=1)
    except InvalidValue:
        raise
    except Exception as exc:  # noqa: BLE001 (broken XML, a zip member missing …)
        raise InvalidValue("Excel 文件已损坏，无法读取，请在 Excel 中另存为 .xlsx 后重试") from exc
    finally:
        wb.close()


def _csv_file_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    """A CSV read as a stream: the encoding is told from the first 64 KB (UTF-8, else
    GB18030); a byte that does not decode later is reported with its row."""
    with path.open("rb") as raw:
        head = raw.read(65536)
    encoding = "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        encoding = "gb18030"
        try:
            codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        except UnicodeDecodeError as exc:
            raise InvalidValue("无法识别 CSV 文件的编码，请保存为 UTF-8 或 GB18030（GBK）") from exc
    with path.open(encoding=encoding, newline="") as text:
        sample = text.read(4096)
        text.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(text, dialect)
        number = 0
        try:
            for number, values in enumerate(reader, start=1):
                if len(values) > MAX_COLUMNS:
                    raise InvalidValue(f"CSV 文件第 {number} 行超过 {MAX_COLUMNS} 列，请检查分隔符")
                yield number, list(values)
        except UnicodeDecodeError as exc:
            raise InvalidValue(
                f"CSV 文件第 {number + 1} 行附近有无法识别的字符，请整体保存为 UTF-8 或 GB18030（GBK）"
            ) from exc
        except csv.Error as exc:
            raise InvalidValue(
                f"CSV 文件第 {number + 1} 行无法读取（格式错误），请检查文件"
            ) from exc


def _parquet_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    """Row 1 is the column names, then the records, read in batches (never all at once)."""
    try:
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        names = parquet.schema_arrow.names
    except Exception as exc:  # noqa: BLE001 (pyarrow raises several kinds for a bad file)
        raise InvalidValue("无法读取 Parquet 文件，请确认文件完整且为 .parquet 格式") from exc
    if len(names) > MAX_COLUMNS:
        raise InvalidValue(f"Parquet 文件超过 {MAX_COLUMNS} 列")
    yield 1, list(names)
    number = 1
    try:
        for batch in parquet.iter_batches(batch_size=20_000):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for n in range(batch.num_rows):
                number += 1
                yield number, [column[n] for column in columns]
    except InvalidValue:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InvalidValue(f"Parquet 文件第 {number + 1} 行附近已损坏，无法读取") from exc


def read_table(
    path: str | Path, known_headers: set[str], *, filename: str = "", limit: int | None = None
) -> Table:
    """Open `path` (its suffix, or `filename`'s, decides the format) and locate the header row.
    `limit`: the spec's own size limit in bytes (default CHAINCHIEF_IMPORT_MAX_BYTES)."""
    name = (filename or str(path)).lower()
    suffix = Path(name).suffix
    if suffix == ".xls":
        raise InvalidValue("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx")
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidValue(f"不支持的文件类型“{suffix or name}”，请上传 {SUFFIXES_TEXT} 文件")
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise InvalidValue(f"无法打开文件“{Path(name).name}”") from exc
    problem = size_error(size, limit)
    if problem:
        raise InvalidValue(problem)
    if suffix == ".csv":
        rows = _csv_file_rows(Path(path))
    elif suffix == ".parquet":
        rows = _parquet_rows(Path(path))
    else:
        rows = _xlsx_rows(path)
    return _table_from_rows(rows, known_headers)
