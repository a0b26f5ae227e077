"""The downloadable template of any spec: the header row (codes formatted as text), then a
说明 sheet with every column's rule and example, the general rules and the spec's notes."""

from __future__ import annotations

from chainchief.imports.base import Column, Importer
from chainchief.imports.tables import HELP_SHEET_TITLE
from chainchief.web.excel import Book, Sheet, append_row, build_workbook, workbook_bytes

_NOTE = {"text_wrap": True, "valign": "top"}


def headers_of(columns) -> list[str]:
    return [c.label for c in columns]


def format_sheet(ws: Sheet, columns: tuple[Column, ...]) -> None:
    """Text format for code columns (Excel would turn 18-digit codes into numbers) and widths."""
    for index, column in enumerate(columns, start=1):
        if column.as_text:
            ws.set_column_style(index, {"num_format": "@"})
        if column.width:
            ws.set_width(index, column.width)


def template_workbook(spec: Importer) -> Book:
    wb = build_workbook(spec.title, headers_of(spec.columns), [])
    format_sheet(wb.active, spec.columns)
    notes = wb.create_sheet(HELP_SHEET_TITLE)
    append_row(notes, ["列名", "必填", "填写说明", "示例"], {"bold": True})
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
            _NOTE,
        )
    append_row(notes, [])
    append_row(notes, ["规则：第一个工作表为数据；带 * 的列必填；表头顺序不限。"], _NOTE)
    append_row(notes, ["文件中没有的列不会修改已有数据；列存在而单元格为空，表示清空该项。"], _NOTE)
    append_row(
        notes,
        ["导入先预览全部错误；有任何错误时不导入任何一行。重复导入同一文件不会产生变化。"],
        _NOTE,
    )
    append_row(
        notes, ["“示例”一列可以整行复制到数据表中试导入，它使用的是本系统中已有的数据。"], _NOTE
    )
    extra = spec.template_notes()
    if extra:
        append_row(notes, [])
        for row in extra:
            append_row(notes, row, _NOTE)
    for column, width in enumerate((22, 8, 70, 36), start=1):
        notes.set_width(column, width)
    return wb


def template_bytes(spec: Importer) -> bytes:
    return workbook_bytes(template_workbook(spec))


def template_filename(spec: Importer) -> str:
    return f"{spec.title}导入模板.xlsx"
