"""Updating an enterprise by import bumps its version, so an edit form opened before the
import refuses its stale save; an enterprise edited between the import's plan and its write
is refused and nothing is written."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.importing import import_file
from chainchief.enterprises.imports.enterprise_spec import EnterpriseImporter
from chainchief.enterprises.models import Enterprise
from chainchief.enterprises.services import StaleEnterprise, save_enterprise
from tests.enterprises.fixtures.imports import ENTERPRISE_HEADERS, code, enterprise_row, write_xlsx
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _import(tmp_path, name: str, **overrides):
    path = write_xlsx(tmp_path / name, ENTERPRISE_HEADERS, [enterprise_row(1, **overrides)])
    return import_file(path, "enterprises", dry_run=False)


def test_an_import_update_bumps_the_version_and_a_form_opened_before_refuses(city, tmp_path):
    _import(tmp_path, "a.xlsx")
    enterprise = Enterprise.objects.get(credit_code=code(1))
    read_version = enterprise.version  # the edit form is opened now
    report = _import(tmp_path, "b.xlsx", 主要产品="箱式变电站")
    assert report.updated == 1
    enterprise.refresh_from_db()
    assert enterprise.version == read_version + 1
    with pytest.raises(StaleEnterprise, match="该记录已被他人修改"):
        save_enterprise(
            by=make_user(Role.CHAIN_OFFICE, username="office"),
            enterprise=enterprise,
            version=read_version,
            note="表单中的修改",
        )


def test_an_unchanged_row_leaves_the_version_alone(city, tmp_path):
    _import(tmp_path, "a.xlsx")
    version = Enterprise.objects.get().version
    assert _import(tmp_path, "a2.xlsx").unchanged == 1
    assert Enterprise.objects.get().version == version


def test_an_enterprise_saved_between_plan_and_write_is_refused(city, tmp_path, monkeypatch):
    _import(tmp_path, "a.xlsx")
    planned = EnterpriseImporter.build_plan

    def plan_then_someone_saves(self, rows, report):
        plan = planned(self, rows, report)
        Enterprise.objects.filter(credit_code=code(1)).update(note="别人刚改的", version=7)
        return plan

    monkeypatch.setattr(EnterpriseImporter, "build_plan", plan_then_someone_saves)
    report = _import(tmp_path, "b.xlsx", 主要产品="箱式变电站")
    assert not report.applied
    assert [str(e) for e in report.errors] == [
        "第 2 行，统一社会信用代码：该企业在预览后已被他人修改（版本 1 → 7），"
        "未导入任何数据，请重新导入"
    ]
    stored = Enterprise.objects.get()
    assert (stored.note, stored.main_products) == ("别人刚改的", "油浸式变压器、干式变压器")
