"""Import and export of the enterprise library: the one entry point for pages, the CLI and the
benchmark. The machinery lives in `enterprises/imports/` (generic and reusable by other lists).

    report = import_file("企业.xlsx", kind="enterprises", dry_run=True, user=request.user)
    report.errors  # [RowError(row=7, column="统一社会信用代码", message="校验位错误：…")]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainchief.enterprises.imports.base import Column, Importer, ImportReport, RowError
from chainchief.enterprises.imports.enterprise_spec import EnterpriseImporter
from chainchief.enterprises.imports.exporting import (
    enterprise_export_rows,
    indicator_export_rows,
    template_workbook,
)
from chainchief.enterprises.imports.indicator_spec import IndicatorImporter
from chainchief.web.excel import workbook_bytes

__all__ = [
    "KINDS",
    "Column",
    "ImportReport",
    "Importer",
    "RowError",
    "enterprise_export_rows",
    "import_file",
    "indicator_export_rows",
    "template_bytes",
]

KINDS: dict[str, type[Importer]] = {
    EnterpriseImporter.kind: EnterpriseImporter,
    IndicatorImporter.kind: IndicatorImporter,
}
KIND_LABELS = {"enterprises": "企业名录", "indicators": "月度指标"}


def get_importer(kind: str) -> Importer:
    try:
        return KINDS[kind]()
    except KeyError:
        raise ValueError(f"未知的导入类型“{kind}”，可用：{'、'.join(KINDS)}") from None


def import_file(
    path: str | Path,
    kind: str = "enterprises",
    dry_run: bool = True,
    user: Any = None,
    *,
    filename: str = "",
) -> ImportReport:
    """Validate `path` (.xlsx or .csv) and, unless `dry_run`, write it all in one transaction.

    Nothing is written when any row has an error. `filename` gives the user's name for a file
    stored under another name (its suffix decides the format). `user` is recorded in the change log.
    """
    return get_importer(kind).run(path, dry_run=dry_run, user=user, filename=filename)


def template_bytes(kind: str) -> bytes:
    """The .xlsx template for `kind`: the header row and a 说明 sheet."""
    return workbook_bytes(template_workbook(get_importer(kind)))


def template_filename(kind: str) -> str:
    return f"{KIND_LABELS[kind]}导入模板.xlsx"
