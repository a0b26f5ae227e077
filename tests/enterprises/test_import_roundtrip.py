from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import ChangeLog
from chainchief.enterprises.importing import (
    enterprise_export_rows,
    import_file,
    indicator_export_rows,
)
from chainchief.enterprises.imports.enterprise_spec import COLUMNS
from chainchief.enterprises.models import (
    Contact,
    Enterprise,
    EnterpriseTier,
    MonthlyIndicator,
    Tier,
)
from chainchief.enterprises.validators import make_credit_code
from chainchief.web.excel import build_workbook
from tests.enterprises.fixtures.imports import make_city
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _library(city) -> None:
    UserFactory(username="wangwu", full_name="王五")
    UserFactory(username="wangwu2", full_name="王五")
    liaison = UserFactory(username="lisi", full_name="李四")
    rich = Enterprise.objects.create(
        name="衡阳特变电工有限公司", credit_code=make_credit_code("91430400MA4L00001"),
        district=city.shigu, park=city.park, main_products="变压器、电抗器",
        business_scope="变压器制造\n电抗器制造", established_on=datetime.date(2003, 6, 1),
        liaison_official=liaison, note="链主",
    )  # fmt: skip
    rich.chains.set([city.grid, city.materials])
    rich.segments.set([city.transformer, city.cable_grid, city.copper])
    EnterpriseTier.objects.create(enterprise=rich, tier=Tier.ANCHOR, chain=city.grid)
    EnterpriseTier.objects.create(
        enterprise=rich, tier=Tier.LISTED, gained_on=datetime.date(2010, 1, 8)
    )
    Contact.objects.create(enterprise=rich, name="赵六", phone="13800000000")
    Contact.objects.create(enterprise=rich, name="钱七", phone="")
    plain = Enterprise.objects.create(
        name="衡阳小微企业", credit_code=make_credit_code("91430400123456789"), district=city.zhuhui,
        liaison_official=UserFactory._meta.model.objects.get(username="wangwu"),
    )  # fmt: skip
    MonthlyIndicator.objects.create(
        enterprise=plain, month=datetime.date(2026, 3, 1), output_value="1234.56", employees=12
    )


def _export(tmp_path, rows_of, queryset):
    headers, rows = rows_of(queryset)
    path = tmp_path / "export.xlsx"
    build_workbook("企业", headers, rows).save(path)
    return path


def test_an_export_reimports_unchanged(tmp_path):
    city = make_city()
    _library(city)
    path = _export(tmp_path, enterprise_export_rows, Enterprise.objects.all())
    logged = ChangeLog.objects.count()

    report = import_file(path, "enterprises", dry_run=False)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert ChangeLog.objects.count() == logged


def test_the_export_writes_the_template_columns_and_readable_references(tmp_path):
    city = make_city()
    _library(city)

    headers, rows = enterprise_export_rows(Enterprise.objects.order_by("name"))
    rows = list(rows)

    assert headers == [c.label for c in COLUMNS]
    plain, rich = rows  # 小 sorts before 特
    assert rich[4:7] == [
        "输变电装备、新材料",
        "变压器、C01:线缆、铜材",
        "上市企业:2010-01-08、链主企业（C01）",
    ]
    assert (rich[10], rich[11], rich[12]) == ("李四", "赵六", "13800000000")
    assert plain[10] == "wangwu"  # the full name is shared, so the username


def test_an_export_into_an_empty_library_recreates_it(tmp_path):
    city = make_city()
    _library(city)
    path = _export(tmp_path, enterprise_export_rows, Enterprise.objects.all())
    before = {
        e.credit_code: (e.name, e.park_id, e.established_on) for e in Enterprise.objects.all()
    }
    Enterprise.objects.all().delete()

    report = import_file(path, "enterprises", dry_run=False)

    assert report.created == 2
    assert {
        e.credit_code: (e.name, e.park_id, e.established_on) for e in Enterprise.objects.all()
    } == before
    rich = Enterprise.objects.get(name="衡阳特变电工有限公司")
    assert rich.tiers.get(tier=Tier.ANCHOR).chain == city.grid
    assert rich.segments.count() == 3


def test_indicators_round_trip(tmp_path):
    _library(make_city())
    path = _export(tmp_path, indicator_export_rows, Enterprise.objects.all())

    report = import_file(path, "indicators", dry_run=True)

    assert (report.errors, report.unchanged) == ([], 1)


def test_export_queries_do_not_grow_with_rows(django_assert_max_num_queries):
    city = make_city()
    _library(city)

    with django_assert_max_num_queries(14):
        headers, rows = enterprise_export_rows(Enterprise.objects.all())
        assert len(list(rows)) == 2
