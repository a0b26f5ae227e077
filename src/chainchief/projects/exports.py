"""The 五单 lists as .xlsx in the layout offices use: a title row, a units row, the header,
numbered rows and a totals row."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from chainchief.web.excel import MONEY, Book, new_workbook, set_cell, workbook_response

_TITLE = {"font_name": "方正小标宋简体", "bold": True, "font_size": 16, "align": "center",
          "valign": "vcenter"}  # fmt: skip
_HEADER = {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
_BODY = {"border": 1, "valign": "vcenter", "text_wrap": True}
_BODY_MONEY = {**_BODY, "num_format": MONEY}
_BODY_DATE = {**_BODY, "num_format": "yyyy-mm-dd"}
_TOTAL = {"bold": True, "border": 1}
_TOTAL_MONEY = {**_TOTAL, "num_format": MONEY}

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


def office_workbook(title: str, units: str, columns: Sequence[tuple], projects) -> Book:
    wb = new_workbook(title)
    ws = wb.active
    ncol = len(columns) + 1
    set_cell(ws, 1, 1, title, _TITLE)
    ws.merge(1, 1, ncol)
    ws.set_height(1, 32)
    set_cell(ws, 2, 1, f"截至 {timezone.localdate():%Y年%m月%d日}")
    ws.merge(2, 1, ncol // 2)
    set_cell(ws, 2, ncol, units, {"align": "right"})
    headers = ["序号", *[c[0] for c in columns]]
    for i, h in enumerate(headers, start=1):
        set_cell(ws, 3, i, h, _HEADER)
    ws.set_width(1, 6)
    for i, col in enumerate(columns, start=2):
        ws.set_width(i, col[1])
    totals = [0.0] * len(columns)
    row = 3
    for n, p in enumerate(projects, start=1):
        row += 1
        set_cell(ws, row, 1, n, _BODY)
        for i, (_, _, get, summed) in enumerate(columns):
            value = get(p)
            if summed and value is not None:
                value = float(value)
                totals[i] += value
            style = _BODY_MONEY if summed else _BODY_DATE if hasattr(value, "isoformat") else _BODY
            set_cell(ws, row, i + 2, value, style)
    row += 1
    set_cell(ws, row, 1, "合计", _TOTAL)
    set_cell(ws, row, 2, f"{row - 4} 个项目", {"border": 1})
    for i, (_, _, _, summed) in enumerate(columns):
        if summed:
            set_cell(ws, row, i + 2, round(totals[i], 2), _TOTAL_MONEY)
    ws.freeze(4, 2)
    ws.print_titles(3, 3)
    ws.landscape()
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
