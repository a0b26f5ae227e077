import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from chainchief.audit import services
from chainchief.audit.models import AuditKind

pytestmark = pytest.mark.django_db


def test_plan_show_lists_the_current_version(auditor):
    plan = services.create_plan(year=2026, by=auditor)
    services.add_item(version=services.current_version(plan), by=auditor, name="王某某离任审计",
                      kind=AuditKind.CADRE, focus_area="power", audited_units="市水利局",
                      cadre_name="王某某", cadre_mode="leaving")  # fmt: skip
    out = StringIO()
    call_command("audit", "plan", "show", "2026", stdout=out)
    text = out.getvalue()
    assert "第1版  草案" in text and "2026-01  王某某离任审计" in text and "王某某（离任）" in text


def test_plan_show_refuses_a_user_outside_the_bureau(auditor, handler):
    services.create_plan(year=2026, by=auditor)
    with pytest.raises(CommandError, match="无权"):
        call_command("audit", "plan", "show", "2026", "--user", handler.username)


def test_ledger_writes_the_years_rows(record, tmp_path, other_unit):
    record(found_on=datetime.date(2026, 4, 1))
    record(summary="第二个问题", unit=other_unit, projects=[])
    target = tmp_path / "台账.xlsx"
    out = StringIO()
    call_command("audit", "ledger", "2026", "-o", str(target), stdout=out)
    ws = load_workbook(target).active
    assert ws.cell(2, 1).value == "问题编号"
    assert [ws.cell(r, 8).value for r in (3, 4)] == ["市住建局", "市交通局"]
    assert "已导出 2 行" in out.getvalue()


def test_ledger_for_a_unit_handler_has_only_its_rows(record, tmp_path, other_unit, handler):
    record()
    record(summary="他局问题", unit=other_unit, projects=[])
    target = tmp_path / "l.xlsx"
    call_command("audit", "ledger", "2026", "-o", str(target), "--user", handler.username,
                 stdout=StringIO())  # fmt: skip
    ws = load_workbook(target).active
    assert ws.max_row == 3 and ws.cell(3, 8).value == "市住建局"
