"""The enterprise library's import specs (企业名录, 月度指标), registered with the one import
framework (chainchief/imports), and the entry point for the CLI and the benchmark:

    report = import_file("企业.xlsx", kind="enterprises", dry_run=True, user=request.user)
    report.errors  # [RowError(row=7, column="统一社会信用代码", message="校验位错误：…")]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainchief.enterprises.imports.enterprise_spec import EnterpriseImporter
from chainchief.enterprises.imports.exporting import enterprise_export_rows, indicator_export_rows
from chainchief.enterprises.imports.indicator_spec import IndicatorImporter
from chainchief.imports.base import Column, Importer, ImportReport, RowError
from chainchief.imports.registry import register
from chainchief.imports.template import template_bytes as _template_bytes
from chainchief.imports.template import template_filename as _template_filename

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

register(EnterpriseImporter)
register(IndicatorImporter)

KINDS: dict[str, type[Importer]] = {
    EnterpriseImporter.kind: EnterpriseImporter,
    IndicatorImporter.kind: IndicatorImporter,
}
KIND_LABELS = {kind: spec.title for kind, spec in KINDS.items()}


def get_importer(kind: str, user: Any = None) -> Importer:
    try:
        return KINDS[kind](user)
    except KeyError:
        raise ValueError(f"未知的导入类型“{kind}”，可用：{'、'.join(KINDS)}") from None


def import_file(
    path: str | Path,
    kind: str = "enterprises",
    dry_run: bool = True,
    user: Any = None,
    *,
    filename: str = "",
    progress=None,
) -> ImportReport:
    """Validate `path` (.xlsx or .csv) and, unless `dry_run`, write it all in one transaction.

    Nothing is written when any row has an error. `filename` gives the user's name for a file
    stored under another name (its suffix decides the format). `user` is recorded in the change log.
    """
    return get_importer(kind, user).run(
        path, dry_run=dry_run, user=user, filename=filename, progress=progress
    )


def template_bytes(kind: str, user: Any = None) -> bytes:
    """The .xlsx template for `kind`: the header row and a 说明 sheet."""
    return _template_bytes(get_importer(kind, user))


def template_filename(kind: str) -> str:
    return _template_filename(KINDS[kind])
