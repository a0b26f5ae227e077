"""The layouts exports are read in: a list's shaded, bold, frozen header and column widths;
the 五单 list's title, units row, borders, money format, totals row, frozen panes, print title
and landscape page; the import template's text-formatted code columns and 说明 sheet."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.importing import template_bytes
from chainchief.projects import services
from chainchief.projects.models import Kind, Stage
from chainchief.web.excel import build_workbook, workbook_bytes
from tests.factories import ChainFactory, make_user


def test_a_list_has_a_shaded_bold_frozen_header_and_fitting_widths():
    wb = build_workbook("企业", ["名称", "代码"], [["衡阳变压器有限公司" * 2, "9143"]])
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb)))["企业"]
    header = ws["A1"]
    assert header.font.b and header.fill.fgColor.rgb.endswith("F0F3F7")
    assert ws["A2"].font.b is not True
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == pytest.approx(20, abs=1)  # 18 characters + 2
    assert ws.column_dimensions["B"].width == pytest.approx(6, abs=1)


def test_a_titled_list_merges_the_title_over_every_column_and_freezes_below_the_header():
    wb = build_workbook("台账", ["甲", "乙", "丙"], [[1, 2, 3]], title="2026年度审计整改台账")
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb))).active
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C1"}
    assert ws["A1"].font.b and ws["A1"].font.sz == 14 and ws["A1"].alignment.horizontal == "center"
    assert [c.value for c in ws[2]] == ["甲", "乙", "丙"] and ws.freeze_panes == "A3"


@pytest.mark.django_db
def test_the_major_project_list_keeps_the_office_layout(client):
    chain = ChainFactory(code="PWR", name="输变电装备")
    office = make_user(Role.CHAIN_OFFICE, "office")
    services.create_project(by=office, name="变压器扩建项目", kind=Kind.MAJOR, chain=chain,
                            stage=Stage.STARTED, planned_investment=Decimal("1234.5"),
                            planned_end_on=datetime.date(2027, 12, 31))  # fmt: skip
    client.force_login(office)
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/projects/lists/major.xlsx").content)).active
    assert ws["A1"].font.b and ws["A1"].font.sz == 16 and ws["A1"].font.name == "方正小标宋简体"
    assert ws.row_dimensions[1].height == pytest.approx(32, abs=0.5)
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:L1", "A2:F2"}
    assert ws["L2"].alignment.horizontal == "right"
    assert ws["B3"].font.b and ws["B3"].border.left.style == "thin"
    assert ws["F4"].value == 1234.5 and ws["F4"].number_format == "#,##0.00"
    assert ws["I4"].is_date and ws["I4"].number_format == "yyyy-mm-dd"
    assert ws["B4"].border.bottom.style == "thin" and ws["B4"].alignment.wrap_text
    assert ws["A5"].value == "合计" and ws["B5"].value == "1 个项目" and ws["F5"].font.b
    assert ws.freeze_panes == "B4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["A"].width == pytest.approx(6, abs=1)
    assert ws.column_dimensions["B"].width == pytest.approx(36, abs=1)


@pytest.mark.django_db
def test_the_import_template_formats_code_columns_as_text_and_explains_every_column():
    office = make_user(Role.CHAIN_OFFICE, "office")
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes("enterprises", office)))
    data, notes = wb.worksheets
    headers = [c.value for c in data[1]]
    code = headers.index("统一社会信用代码*") + 1
    letter = openpyxl.utils.get_column_letter(code)
    assert data.column_dimensions[letter].number_format == "@"
    assert data.freeze_panes == "A2" and data.cell(1, 1).font.b
    assert notes.title == "说明" and notes["A1"].font.b
    assert [
        r[0] for r in notes.iter_rows(min_row=2, max_row=len(headers) + 1, values_only=True)
    ] == headers
    assert notes["C2"].alignment.wrap_text and notes.column_dimensions["C"].width == pytest.approx(
        70, abs=1
    )
