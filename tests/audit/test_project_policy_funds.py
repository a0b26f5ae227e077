"""政策资金（万元） is a project field like the other money fields: one bound (core.values) for the
service, the form, the API and the import; shown on the detail page, exported, change-logged."""

import io
from decimal import Decimal

import openpyxl
import pytest

from chainchief.accounts.models import ChangeLog, Role
from chainchief.projects import importing, services
from chainchief.projects.forms import ProjectForm
from chainchief.projects.models import Project
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_user(Role.CHAIN_OFFICE, "office_pf")


@pytest.fixture
def funded(office, chain):
    return services.create_project(by=office, name="智能变压器扩产", chain=chain,
                                   policy_funds="1.2亿元")  # fmt: skip


def test_the_service_parses_and_bounds_policy_funds_and_logs_the_change(funded, office):
    assert funded.policy_funds == Decimal("12000.00")
    with pytest.raises(services.ProjectError, match="政策资金“很多”无法识别"):
        services.update_project(project=funded, by=office, version=funded.version,
                                policy_funds="很多")  # fmt: skip
    with pytest.raises(services.ProjectError, match="政策资金应在 0 到 1000000000 万元 之间"):
        services.update_project(project=funded, by=office, version=funded.version,
                                policy_funds="20000000亿元")  # fmt: skip
    services.update_project(project=funded, by=office, version=funded.version, policy_funds="500")
    funded.refresh_from_db()
    assert funded.policy_funds == Decimal("500.00")
    log = ChangeLog.objects.filter(object_type="projects.project", action="update").latest("id")
    assert (log.before["policy_funds"], log.after["policy_funds"]) == ("12000.00", "500.00")


def test_the_form_takes_policy_funds_with_units(office, chain):
    form = ProjectForm(data={"name": "新项目", "kind": "attraction", "chain": chain.pk,
                             "policy_funds": "300万"}, user=office)  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.service_fields()["policy_funds"] == Decimal("300")


def test_the_api_creates_patches_and_returns_policy_funds(client, office, chain):
    client.force_login(office)
    created = client.post("/api/projects/", {"name": "接口项目", "chain": chain.code,
                          "policy_funds": "800"}, content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert Decimal(body["policy_funds"]) == 800
    patched = client.patch(f"/api/projects/{body['id']}", {"version": body["version"],
                           "policy_funds": "负数-1"}, content_type="application/json")  # fmt: skip
    assert patched.status_code == 400 and "政策资金" in patched.json()["detail"]
    patched = client.patch(f"/api/projects/{body['id']}", {"version": body["version"],
                           "policy_funds": "0.5亿"}, content_type="application/json")  # fmt: skip
    assert patched.status_code == 200 and Decimal(patched.json()["policy_funds"]) == 5000


def test_the_import_reads_the_policy_funds_column(office, chain, tmp_path):
    header = [c.header for c in importing.COLUMNS]
    assert "政策资金" in header
    row = dict.fromkeys(header)
    row.update({"项目名称": "导入项目", "项目类型": "技改项目", "产业链": chain.code,
                "政策资金": "350万元"})  # fmt: skip
    bad = dict(row, 项目名称="坏项目", 政策资金="不详")
    wb = openpyxl.Workbook()
    for r in (header, [row[h] for h in header], [bad[h] for h in header]):
        wb.active.append(r)
    wb.save(tmp_path / "p.xlsx")
    report = importing.import_file(tmp_path / "p.xlsx", user=office, dry_run=False)
    assert not Project.objects.exists()
    assert any("政策资金" in str(e) and "不详" in str(e) for e in report.errors)
    wb.active.delete_rows(3)
    wb.save(tmp_path / "p.xlsx")
    importing.import_file(tmp_path / "p.xlsx", user=office, dry_run=False)
    assert Project.objects.get(name="导入项目").policy_funds == Decimal("350.00")


def test_the_detail_page_and_the_export_show_policy_funds(client, office, funded):
    client.force_login(office)
    page = client.get(f"/projects/{funded.pk}/").content.decode()
    assert "政策资金" in page and "12,000" in page.split("project-policy-funds")[1][:80]
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/projects/export.xlsx").content)).active
    headers = [c.value for c in ws[1]]
    column = headers.index("政策资金（万元）")
    assert ws.cell(2, column + 1).value == 12000
