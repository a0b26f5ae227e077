from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from chainchief.projects import importing, services
from chainchief.projects.models import Project, Stage
from tests.factories import DistrictFactory
from tests.projects.conftest import login

HEADER = [c[0] for c in importing.COLUMNS]


def _row(**values) -> list:
    row = dict.fromkeys(HEADER, None)
    row.update({"项目名称": "导入项目", "项目类型": "招商引资项目", "产业链代码": "PWR"})
    row.update(values)
    return [row[h] for h in HEADER]


def _xlsx(*rows) -> io.BytesIO:
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.fixture
def good_file(segment, department):
    DistrictFactory(code="430408", name="蒸湘区")
    return _xlsx(
        _row(
            **{
                "环节": "变压器",
                "阶段": "洽谈",
                "计划总投资": "5亿元",
                "用地（亩）": 120,
                "县市区代码": 430408,
                "责任单位": "市商务局",
                "重点项目": "是",
            }
        ),  # fmt: skip
        _row(
            **{"项目名称": "技改项目", "项目类型": "技改项目", "阶段": "开工", "计划总投资": 3000}
        ),
    )


def test_the_template_has_every_column(client, office):
    login(client, office)
    ws = openpyxl.load_workbook(
        io.BytesIO(client.get("/projects/import/template.xlsx").content)
    ).active
    assert [c.value.rstrip("*") for c in ws[1]] == HEADER


def test_a_good_file_imports_and_reimport_changes_nothing(office, good_file):
    plan = importing.plan_import(good_file, user=office)
    assert plan.ok and len(plan.creates) == 2
    assert importing.apply_import(plan, user=office) == {"created": 2, "updated": 0, "unchanged": 0}
    p = Project.objects.get(name="导入项目")
    assert p.stage == Stage.NEGOTIATING and p.planned_investment == Decimal("50000")
    assert p.segment.name == "变压器" and p.district.code == "430408" and p.is_key
    assert Project.objects.get(name="技改项目").started_on is not None
    good_file.seek(0)
    again = importing.plan_import(good_file, user=office)
    assert again.ok and again.unchanged == 2 and not again.creates and not again.updates
    assert importing.apply_import(again, user=office)["unchanged"] == 2


def test_every_bad_row_is_listed_and_nothing_is_written(office, chain, other_chain):
    f = _xlsx(
        _row(),
        _row(**{"项目名称": None}),
        _row(**{"项目名称": "乙", "项目类型": "工厂"}),
        _row(**{"项目名称": "丙", "计划总投资": "很多"}),
        _row(**{"项目名称": "丁", "产业链代码": "NOPE"}),
        _row(**{"项目名称": "戊", "计划开工日期": "2026-13-01"}),
        _row(),
    )
    plan = importing.plan_import(f, user=office)
    errors = [(e.row, e.column) for e in plan.errors]
    assert errors == [(3, "项目名称"), (4, "项目类型"), (5, "计划总投资"), (6, "产业链代码"),
                      (7, "计划开工日期"), (8, "项目名称")]  # fmt: skip
    assert "与第 2 行重复" in plan.errors[-1].reason
    assert "金额“很多”无法识别" in plan.errors[2].reason
    with pytest.raises(services.ProjectError, match="6 处错误，未导入任何数据"):
        importing.apply_import(plan, user=office)
    assert not Project.objects.exists()


def test_a_chain_chief_cannot_import_into_another_chain(chief, other_chain):
    plan = importing.plan_import(_xlsx(_row(**{"产业链代码": "BIO"})), user=chief)
    assert plan.errors[0].reason == "产业链“BIO”不存在或无权导入"


def test_a_changed_row_updates_but_a_changed_stage_is_refused(office, make_project):
    make_project("导入项目", planned_investment=Decimal("100"))
    plan = importing.plan_import(_xlsx(_row(**{"计划总投资": 200})), user=office)
    assert [(n, ch) for n, _, ch in plan.updates] == [
        (2, {"planned_investment": Decimal("200.00")})
    ]
    plan = importing.plan_import(_xlsx(_row(**{"阶段": "签约"})), user=office)
    assert "阶段变更请在项目页面办理" in plan.errors[0].reason


def test_a_missing_column_is_reported(office):
    wb = openpyxl.Workbook()
    wb.active.append(["项目名称"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    plan = importing.plan_import(buf, user=office)
    assert (
        plan.errors[0].column == "项目类型" and plan.errors[0].reason == "缺少该列，请使用导入模板"
    )


def test_the_import_page_previews_then_applies(client, office, good_file, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, office)
    good_file.name = "projects.xlsx"
    response = client.post("/projects/import/", {"file": good_file})
    assert "新增 2 个" in response.content.decode()
    assert not Project.objects.exists()
    token = response.context["token"]
    response = client.post("/projects/import/", {"token": token})
    assert response.status_code == 302 and Project.objects.count() == 2


def test_the_import_page_lists_errors(client, office, chain, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, office)
    f = _xlsx(_row(**{"项目类型": "工厂"}))
    f.name = "bad.xlsx"
    page = client.post("/projects/import/", {"file": f}).content.decode()
    assert "“工厂”无效" in page and "import-apply" not in page
