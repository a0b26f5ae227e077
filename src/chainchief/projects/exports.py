"""The 五单 lists as .xlsx in the layout offices use: a title row, a units row, the header,
numbered rows and a totals row."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from chainchief.web.excel import new_workbook, set_cell, workbook_response

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
MONEY = "#,##0.00"

# (header, width, value getter, summed in the totals row)
MAJOR_COLUMNS = [
    ("项目名称", 36, lambda p: p.name, False),
    ("产业链", 16, lambda p: p.chain.name, False),
    ("建设单位", 28, lambda p: p.investor_name, False),
    ("建设地点", 18, lambda p: p.park or p.district or "", False),
    ("总投资", 12, lambda p: p.planned_investment, True),
    ("累计完成投资", 14, lambda p: p.invested, True),
    ("开工时间", 12, lambda p: p.started_on, False),
    ("计划竣工时间", 14, lambda p: p.planned_end_on, False),
    ("用地（亩）", 10, lambda p: p.land_mu, True),
    ("责任单位", 18, lambda p: p.department or "", False),
    ("最新进展", 40, lambda p: p.latest_progress or "", False),
]
KEY_COLUMNS = [
    ("项目名称", 36, lambda p: p.name, False),
    ("产业链", 16, lambda p: p.chain.name, False),
    ("环节", 14, lambda p: p.segment.name if p.segment else "", False),
    ("投资方", 28, lambda p: p.investor_name, False),
    ("来源地区", 12, lambda p: p.source_region, False),
    ("计划投资", 12, lambda p: p.planned_investment, True),
    ("当前阶段", 10, lambda p: p.get_stage_display(), False),
    ("预计年产值", 12, lambda p: p.expected_output, True),
    ("预计年税收", 12, lambda p: p.expected_tax, True),
    ("责任单位", 18, lambda p: p.department or "", False),
    ("责任人", 10, lambda p: p.responsible or "", False),
]


def office_workbook(title: str, units: str, columns: Sequence[tuple], projects) -> Workbook:
    wb = new_workbook(title)
    ws = wb.active
    ncol = len(columns) + 1
    set_cell(ws, 1, 1, title).font = Font(name="方正小标宋简体", bold=True, size=16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.row_dimensions[1].height = 32
    set_cell(ws, 2, 1, f"截至 {timezone.localdate():%Y年%m月%d日}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol // 2)
    set_cell(ws, 2, ncol, units).alignment = Alignment(horizontal="right")
    headers = ["序号", *[c[0] for c in columns]]
    for i, h in enumerate(headers, start=1):
        cell = set_cell(ws, 3, i, h)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    ws.column_dimensions["A"].width = 6
    for i, col in enumerate(columns, start=2):
        ws.column_dimensions[get_column_letter(i)].width = col[1]
    totals = [0.0] * len(columns)
    row = 3
    for n, p in enumerate(projects, start=1):
        row += 1
        set_cell(ws, row, 1, n).border = _BORDER
        for i, (_, _, get, summed) in enumerate(columns):
            value = get(p)
            if summed and value is not None:
                value = float(value)
                totals[i] += value
            cell = set_cell(ws, row, i + 2, value)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            if summed:
                cell.number_format = MONEY
            elif hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    row += 1
    set_cell(ws, row, 1, "合计").font = Font(bold=True)
    ws.cell(row, 1).border = _BORDER
    set_cell(ws, row, 2, f"{row - 4} 个项目").border = _BORDER
    for i, (_, _, _, summed) in enumerate(columns):
        if summed:
            cell = set_cell(ws, row, i + 2, round(totals[i], 2))
            cell.number_format = MONEY
            cell.font = Font(bold=True)
            cell.border = _BORDER
    ws.freeze_panes = "B4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    return wb


def _with_latest_progress(qs: QuerySet) -> list:
    from django.db.models import OuterRef, Subquery

    from chainchief.projects.models import ProgressEntry

    latest = ProgressEntry.objects.filter(project=OuterRef("pk")).order_by("-reported_on", "-id")
    return list(
        qs.select_related(
            "chain", "segment", "park", "district", "department", "responsible"
        ).annotate(latest_progress=Subquery(latest.values("text")[:1]))
    )


def five_list_response(kind: str, qs: QuerySet, city_name: str) -> HttpResponse:
    from chainchief.projects import selectors

    if kind == "major":
        title = f"{city_name}在建重大项目清单"
        projects = _with_latest_progress(selectors.major_under_construction(qs))
        wb = office_workbook(title, "单位：万元、亩", MAJOR_COLUMNS, projects)
    else:
        title = f"{city_name}重点招商项目清单"
        projects = _with_latest_progress(selectors.key_attraction(qs))
        wb = office_workbook(title, "单位：万元", KEY_COLUMNS, projects)
    return workbook_response(wb, f"{title}-{timezone.localdate():%Y%m%d}.xlsx")
