from __future__ import annotations

import pytest

from chainchief.enterprises.importing import import_file
from chainchief.enterprises.imports.enterprise_spec import EnterpriseImporter
from chainchief.enterprises.models import Enterprise
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    code,
    enterprise_row,
    write_xlsx,
)
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_an_enterprise_created_by_someone_else_meanwhile_is_reported(city, tmp_path, monkeypatch):
    planned = EnterpriseImporter.build_plan

    def plan_then_someone_saves(self, rows, report):
        plan = planned(self, rows, report)  # the plan is made outside the write transaction
        EnterpriseFactory(credit_code=code(2), name="别人刚建的企业", district=city.shigu)
        return plan

    monkeypatch.setattr(EnterpriseImporter, "build_plan", plan_then_someone_saves)
    path = write_xlsx(
        tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)]
    )
    report = import_file(path, "enterprises", dry_run=False)
    assert not report.applied
    assert (
        report.errors[0].message == "导入期间数据已被他人修改，未导入任何数据，请重新预览后再导入"
    )
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["别人刚建的企业"]
