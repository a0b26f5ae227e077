"""The downloadable template of any spec: the header row (codes formatted as text), then a
说明 sheet with every column's rule and example, the general rules and the spec's notes."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from chainchief.imports.base import Column, Importer
from chainchief.imports.tables import HELP_SHEET_TITLE
from chainchief.web.excel import append_row, build_workbook, workbook_bytes


def headers_of(columns) -> list[str]:
    return [c.label for c in columns]


def format_sheet(ws, columns: tuple[Column, ...], header_row: int = 1) -> None:
    """Text format for code columns (Excel would turn 18-digit codes into numbers) and widths."""
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.as_text:
            ws.column_dimensions[letter].number_format = "@"
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = "@"
        if column.width:
            ws.column_dimensions[letter].width = column.width


def template_workbook(spec: Importer) -> Workbook:
    wb = build_workbook(spec.title, headers_of(spec.columns), [])
    format_sheet(wb.active, spec.columns)
    notes = wb.create_sheet(HELP_SHEET_TITLE)
    append_row(notes, ["列名", "必填", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    examples = spec.example_values()
    for column in spec.columns:
        append_row(
            notes,
            [
                column.label,
                "是" if column.required else "",
                column.help,
                examples.get(column.field, ""),
            ],
        )
    append_row(notes, [])
    append_row(notes, ["规则：第一个工作表为数据；带 * 的列必填；表头顺序不限。"])
    append_row(notes, ["文件中没有的列不会修改已有数据；列存在而单元格为空，表示清空该项。"])
    append_row(
        notes, ["导入先预览全部错误；有任何错误时不导入任何一行。重复导入同一文件不会产生变化。"]
    )
    append_row(notes, ["“示例”一列可以整行复制到数据表中试导入，它使用的是本系统中已有的数据。"])
    extra = spec.template_notes()
    if extra:
        append_row(notes, [])
        for row in extra:
            append_row(notes, row)
    for width, letter in zip((22, 8, 70, 36), "ABCD", strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return wb


def template_bytes(spec: Importer) -> bytes:
    return workbook_bytes(template_workbook(spec))


def template_filename(spec: Importer) -> str:
    return f"{spec.title}导入模板.xlsx"
