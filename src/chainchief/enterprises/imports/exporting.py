"""Lists written in exactly the import columns, so an export re-imports unchanged; and the
downloadable templates (header row plus a 说明 sheet explaining every column)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from chainchief.enterprises.imports.base import Column, Importer
from chainchief.enterprises.imports.enterprise_spec import COLUMNS as ENTERPRISE_COLUMNS
from chainchief.enterprises.imports.enterprise_spec import ChainThrough, SegmentThrough
from chainchief.enterprises.imports.indicator_spec import COLUMNS as INDICATOR_COLUMNS
from chainchief.enterprises.imports.references import References
from chainchief.enterprises.imports.tables import HELP_SHEET_TITLE
from chainchief.enterprises.models import (
    Contact,
    District,
    EnterpriseTier,
    MonthlyIndicator,
    Tier,
)
from chainchief.web.excel import build_workbook

CHUNK = 2000
TIER_ORDER = {value: i for i, value in enumerate(Tier.values)}


def headers_of(columns: Sequence[Column]) -> list[str]:
    return [c.label for c in columns]


def enterprise_export_rows(queryset: QuerySet) -> tuple[list[str], Iterator[list[object]]]:
    """The enterprises of `queryset` (already scoped and filtered) as template rows.

    Related data is fetched per chunk of 2,000 enterprises: a fixed number of queries.
    """
    return headers_of(ENTERPRISE_COLUMNS), _enterprise_rows(queryset)


def _enterprise_rows(queryset: QuerySet) -> Iterator[list[object]]:
    refs = References()
    district_code = {d.id: d.code for d in refs.districts.values()}
    enterprises = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(enterprises, CHUNK)):
        ids = [e.id for e in chunk]
        chains: dict[int, list[int]] = {i: [] for i in ids}
        segments: dict[int, list[int]] = {i: [] for i in ids}
        tiers: dict[int, list[str]] = {i: [] for i in ids}
        contact: dict[int, Contact] = {}
        for eid, cid in ChainThrough.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "chain_id"
        ):
            chains[eid].append(cid)
        for eid, sid in SegmentThrough.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "segment_id"
        ):
            segments[eid].append(sid)
        tier_rows = sorted(
            EnterpriseTier.objects.filter(enterprise_id__in=ids),
            key=lambda t: TIER_ORDER.get(t.tier, 99),
        )
        for t in tier_rows:  # in the order of the tier list (百亿 … 链主), as people read them
            tiers[t.enterprise_id].append(refs.tier_ref(t.tier, t.gained_on, t.chain_id))
        for c in Contact.objects.filter(enterprise_id__in=ids).order_by("-id"):
            contact[c.enterprise_id] = c
        for e in chunk:
            scope = set(chains[e.id])
            # Chains in their configured order, segments in map order: stable, diff-friendly files.
            chain_ids = sorted(
                scope, key=lambda i: (refs.chain_by_id[i].sort, refs.chain_by_id[i].code)
            )
            segment_ids = sorted(segments[e.id], key=lambda i: (refs.segment_by_id[i].chain_id, i))
            first = contact.get(e.id)
            yield [
                e.name,
                e.credit_code,
                district_code[e.district_id],
                refs.park_names.get(e.park_id, ""),
                "、".join(refs.chain_ref(i) for i in chain_ids),
                "、".join(refs.segment_ref(i, scope) for i in segment_ids),
                "、".join(tiers[e.id]),
                e.main_products,
                e.business_scope,
                e.established_on,
                refs.user_ref(e.liaison_official_id),
                first.name if first else "",
                first.phone if first else "",
                e.note,
            ]


def indicator_export_rows(queryset: QuerySet) -> tuple[list[str], Iterator[list[object]]]:
    """Monthly indicators of the enterprises in `queryset`, in the indicator template's columns."""
    rows = (
        MonthlyIndicator.objects.filter(enterprise_id__in=queryset.values("id"))
        .order_by("enterprise__credit_code", "month")
        .values_list(
            "enterprise__credit_code", "month", "output_value", "revenue", "tax", "employees"
        )
    )

    def generate() -> Iterator[list[object]]:
        for code, month, *values in rows.iterator(chunk_size=CHUNK):
            yield [code, f"{month:%Y-%m}", *values]

    return headers_of(INDICATOR_COLUMNS), generate()


def format_sheet(ws, columns: Sequence[Column], header_row: int = 1) -> None:
    """Text format for code columns (Excel would turn 18-digit codes into numbers) and widths."""
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.as_text:
            ws.column_dimensions[letter].number_format = "@"
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = "@"
        if column.width:
            ws.column_dimensions[letter].width = column.width


def template_workbook(importer: Importer) -> Workbook:
    """An empty data sheet with the header row, then a 说明 sheet: each column and reference codes."""
    wb = build_workbook(importer.title, headers_of(importer.columns), [])
    format_sheet(wb.active, importer.columns)
    notes = wb.create_sheet(HELP_SHEET_TITLE)
    notes.append(["列名", "必填", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        notes.append([column.label, "是" if column.required else "", column.help, column.example])
    notes.append([])
    notes.append(["规则：第一个工作表为数据；带 * 的列必填；表头顺序不限。"])
    notes.append(["文件中没有的列不会修改已有数据；列存在而单元格为空，表示清空该项。"])
    notes.append(["导入先预览全部错误；有任何错误时不导入任何一行。重复导入同一文件不会产生变化。"])
    if importer.kind == "enterprises":
        notes.append([])
        notes.append(["本市县市区代码"])
        for d in District.objects.all():
            notes.append([d.code, d.name])
    for width, letter in zip((22, 8, 70, 36), "ABCD", strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return wb
