import pytest
from openpyxl import Workbook

from chainchief.audit import services
from chainchief.audit.importing import FindingImporter, PlanItemImporter
from chainchief.audit.io import FINDING_HEADERS
from chainchief.audit.models import Finding

pytestmark = pytest.mark.django_db


def _sheet(tmp_path, headers, rows):
    wb = Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append(r)
    path = tmp_path / "in.xlsx"
    wb.save(path)
    return path


def test_plan_items_import_into_the_open_draft(tmp_path, auditor):
    plan = services.create_plan(year=2026, by=auditor)
    path = _sheet(tmp_path, ["年度", "审计项目名称", "审计类型", "重点领域", "被审计单位", "审计对象"],
                  [[2026, "专项资金审计", "专项审计", "绩效管理", "市财政局", "产业发展资金"]])  # fmt: skip
    report = PlanItemImporter(auditor).run(path, dry_run=False)
    assert report.ok and report.created == 1
    assert services.current_version(plan).items.get().subject == "产业发展资金"


def test_plan_import_names_row_and_reason_for_a_bad_kind(tmp_path, auditor):
    services.create_plan(year=2026, by=auditor)
    path = _sheet(tmp_path, ["年度", "审计项目名称", "审计类型", "重点领域", "被审计单位"],
                  [[2026, "某审计", "随便审计", "绩效管理", "市财政局"]])  # fmt: skip
    report = PlanItemImporter(auditor).run(path, dry_run=False)
    assert [str(e) for e in report.errors][0].startswith("第 2 行，审计类型：")


def test_findings_import_records_and_assigns_all_or_nothing(tmp_path, auditor, audit, unit):
    row = [2026, audit.name, "问题一", "", "项目投资", "超概算", 50, "", unit.name, "", "", "", ""]
    bad = [
        2026,
        audit.name,
        "问题二",
        "",
        "项目投资",
        "不存在的类别",
        5,
        "",
        unit.name,
        "",
        "",
        "",
        "",
    ]
    headers = [h for h in FINDING_HEADERS if h != "问题编号"]
    report = FindingImporter(auditor).run(_sheet(tmp_path, headers, [row, bad]), dry_run=False)
    assert not report.applied and "第 3 行，问题类别" in str(report.errors[0])
    assert not Finding.objects.exists()
    report = FindingImporter(auditor).run(_sheet(tmp_path, headers, [row]), dry_run=False)
    finding = Finding.objects.get()
    assert report.applied and finding.rectification.state == "awaiting_plan"
