"""The project import is a spec of the one import framework (chainchief/imports)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chainchief.imports.models import Upload
from chainchief.projects import importing
from chainchief.projects.models import Project, Stage
from tests.factories import DistrictFactory

HEADER = [c.header for c in importing.COLUMNS]


def _row(**values) -> list:
    row = dict.fromkeys(HEADER, None)
    row.update({"项目名称": "导入项目", "项目类型": "招商引资项目", "产业链": "PWR"})
    row.update(values)
    return [row[h] for h in HEADER]


def _xlsx(tmp_path: Path, *rows, header=None) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(header or HEADER)
    for r in rows:
        wb.active.append(r)
    path = tmp_path / f"projects-{len(list(tmp_path.iterdir()))}.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def good_file(segment, department, tmp_path):
    DistrictFactory(code="430408", name="蒸湘区")
    return _xlsx(
        tmp_path,
        _row(**{"环节": "变压器", "阶段": "洽谈", "计划总投资": "5亿元", "用地（亩）": 120,
                "县市区代码": 430408, "责任单位": "市商务局", "重点项目": "是"}),
        _row(**{"项目名称": "技改项目", "项目类型": "技改项目", "阶段": "开工", "计划总投资": 3000}),
    )  # fmt: skip


def test_a_good_file_imports_and_reimport_changes_nothing(office, good_file):
    report = importing.import_file(good_file, user=office, dry_run=False)
    assert report.applied and (report.created, report.updated) == (2, 0)
    p = Project.objects.get(name="导入项目")
    assert p.stage == Stage.NEGOTIATING and p.planned_investment == Decimal("50000")
    assert p.segment.name == "变压器" and p.district.code == "430408" and p.is_key
    assert Project.objects.get(name="技改项目").started_on is not None
    again = importing.import_file(good_file, user=office, dry_run=False)
    assert again.ok and again.unchanged == 2 and not again.created and not again.updated


def test_every_bad_row_is_listed_and_nothing_is_written(office, chain, other_chain, tmp_path):
    f = _xlsx(
        tmp_path,
        _row(),
        _row(**{"项目名称": None}),
        _row(**{"项目名称": "乙", "项目类型": "工厂"}),
        _row(**{"项目名称": "丙", "计划总投资": "很多"}),
        _row(**{"项目名称": "丁", "产业链": "NOPE"}),
        _row(**{"项目名称": "戊", "计划开工日期": "2026-13-01"}),
        _row(),
    )
    report = importing.import_file(f, user=office, dry_run=False)
    errors = [(e.row, e.column) for e in report.errors]
    assert errors == [(3, "项目名称"), (4, "项目类型"), (5, "计划总投资"), (6, "产业链"),
                      (7, "计划开工日期"), (8, "产业链、项目名称")]  # fmt: skip
    assert "与第 2 行重复" in report.errors[-1].message
    assert "“很多”无法识别" in report.errors[2].message
    assert not report.applied and not Project.objects.exists()


def test_a_chain_chief_cannot_import_into_another_chain(chief, other_chain, tmp_path):
    report = importing.import_file(_xlsx(tmp_path, _row(**{"产业链": "BIO"})), user=chief)
    assert str(report.errors[0]) == "第 2 行，产业链：“BIO”不存在或无权导入"


def test_a_chain_may_be_named_by_its_short_name_and_the_old_header_still_works(
    office, chain, tmp_path
):
    header = ["产业链代码" if h == "产业链" else h for h in HEADER]
    report = importing.import_file(
        _xlsx(tmp_path, _row(**{"产业链": "输变电装备产业链"}), header=header), user=office
    )
    assert report.ok and report.created == 1


def test_a_changed_row_updates_but_a_changed_stage_is_refused(office, make_project, tmp_path):
    make_project("导入项目", planned_investment=Decimal("100"))
    report = importing.import_file(_xlsx(tmp_path, _row(**{"计划总投资": 200})), user=office)
    assert [(c.row, c.fields) for c in report.changes] == [(2, ["计划总投资"])]
    report = importing.import_file(_xlsx(tmp_path, _row(**{"阶段": "签约"})), user=office)
    assert "阶段变更请在项目页面办理" in report.errors[0].message


def test_a_missing_column_is_reported(office, tmp_path):
    report = importing.import_file(_xlsx(tmp_path, header=["项目名称"]), user=office)
    assert "缺少必填列“项目类型”" in [e.message for e in report.errors]


def test_the_template_has_every_column_and_its_example_imports(client, office, chain, segment,
                                                               department, tmp_path):  # fmt: skip
    client.force_login(office)
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/projects/import/template.xlsx").content))
    assert [c.value.rstrip("*") for c in wb.worksheets[0][1]] == HEADER
    examples = [row[3] for row in wb["说明"].iter_rows(min_row=2, max_row=len(HEADER) + 1,
                                                      values_only=True)]  # fmt: skip
    report = importing.import_file(_xlsx(tmp_path, examples), user=office)
    assert report.ok and report.created == 1, report.errors


def test_the_import_page_previews_then_applies(client, office, good_file, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(office)
    assert client.get("/projects/import/")["Location"] == "/imports/?kind=projects"
    upload = SimpleUploadedFile("projects.xlsx", good_file.read_bytes())
    response = client.post("/imports/", {"kind": "projects", "file": upload}, follow=True)
    assert 'id="import-apply"' in response.content.decode()
    assert not Project.objects.exists()
    client.post(f"/imports/{Upload.objects.get().pk}/apply/")
    assert Project.objects.count() == 2


def test_the_import_page_lists_errors(client, office, chain, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(office)
    f = _xlsx(tmp_path, _row(**{"项目类型": "工厂"}))
    upload = SimpleUploadedFile("bad.xlsx", f.read_bytes())
    page = client.post("/imports/", {"kind": "projects", "file": upload}, follow=True)
    assert "“工厂”无效" in page.content.decode() and "import-apply" not in page.content.decode()
