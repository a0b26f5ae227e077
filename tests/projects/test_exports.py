from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl

from chainchief.projects import services
from chainchief.projects.models import Kind, Stage
from tests.projects.conftest import login


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_library_export_has_the_filtered_rows(client, office, make_project, other_chain):
    make_project("导出项目甲", planned_investment=Decimal("50000"), source_region="广东深圳")
    make_project("别的链项目", chain=other_chain)
    login(client, office)
    ws = _sheet(client.get("/projects/export.xlsx?chain=PWR"))
    assert ws["A1"].value == "项目名称" and ws["H1"].value == "计划总投资（万元）"
    assert ws["A2"].value == "导出项目甲" and ws["C2"].value == "输变电装备"
    assert ws["E2"].value == "线索" and ws["G2"].value == "广东深圳" and ws["H2"].value == 50000
    assert ws.max_row == 2


def test_major_projects_list_in_office_layout(client, office, make_project):
    p = make_project(
        "年产2万台变压器扩建项目", kind=Kind.MAJOR, stage=Stage.STARTED, investor_name="衡变公司",
        planned_investment=Decimal("120000"), land_mu=Decimal("85"),
        planned_end_on=datetime.date(2027, 12, 31),
    )  # fmt: skip
    services.add_progress(
        project=p, by=office, text="主体钢结构完成", invested_to_date=Decimal("30000")
    )
    make_project("在谈的重大项目", kind=Kind.MAJOR, stage=Stage.NEGOTIATING)
    login(client, office)
    ws = _sheet(client.get("/projects/lists/major.xlsx"))
    assert ws["A1"].value.endswith("在建重大项目清单")
    assert "A1:L1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(2, 12).value == "单位：万元、亩"
    headers = [c.value for c in ws[3]]
    assert headers[:6] == ["序号", "项目名称", "产业链", "建设单位", "建设地点", "总投资"]
    assert [c.value for c in ws[4]][:4] == [1, "年产2万台变压器扩建项目", "输变电装备", "衡变公司"]
    assert ws.cell(4, 6).value == 120000 and ws.cell(4, 7).value == 30000
    assert ws.cell(4, 12).value == "主体钢结构完成"
    assert ws.cell(5, 1).value == "合计" and ws.cell(5, 6).value == 120000
    assert ws.max_row == 5  # the negotiating project is not under construction


def test_key_attraction_list_has_key_projects_only(client, office, make_project):
    make_project(
        "重点招商项目", is_key=True, source_region="江苏苏州", planned_investment=Decimal("20000")
    )
    make_project("一般招商项目")
    login(client, office)
    ws = _sheet(client.get("/projects/lists/key.xlsx"))
    assert ws["A1"].value.endswith("重点招商项目清单")
    names = [ws.cell(r, 2).value for r in range(4, ws.max_row)]
    assert names == ["重点招商项目"]
    assert ws.cell(4, 6).value == "江苏苏州" and ws.cell(4, 8).value == "线索"


def test_an_unknown_list_is_404(client, office):
    login(client, office)
    assert client.get("/projects/lists/other.xlsx").status_code == 404
