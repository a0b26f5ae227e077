from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import ChangeLog
from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import Enterprise, EnterpriseTier, Tier
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    code,
    enterprise_row,
    make_city,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return make_city()


def test_it_imports_a_good_file(city, tmp_path):
    path = write_xlsx(
        tmp_path / "企业.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)]
    )

    report = import_file(path, "enterprises", dry_run=False)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged, report.applied) == (2, 0, 0, True)
    e = Enterprise.objects.get(credit_code=code(1))
    assert e.name == "衡阳测试1号电气有限公司"
    assert e.district == city.shigu and e.park == city.park
    assert list(e.chains.all()) == [city.grid]
    assert set(e.segments.all()) == {city.transformer, city.instrument}
    assert {(t.tier, t.gained_on) for t in e.tiers.all()} == {
        (Tier.HIGH_TECH, datetime.date(2023, 11, 20)),
        (Tier.LITTLE_GIANT, None),
    }
    assert e.established_on == datetime.date(2012, 5, 18)
    assert e.liaison_official.username == "zhangsan"
    assert [(c.name, c.phone) for c in e.contacts.all()] == [("李四", "0734-8888888")]
    # One entry per created object: 2 enterprises, 4 tiers, 2 contacts.
    assert (
        ChangeLog.objects.filter(action="create", object_type="enterprises.enterprise").count() == 2
    )
    assert ChangeLog.objects.filter(object_type="enterprises.enterprisetier").count() == 4


def test_a_dry_run_writes_nothing(city, tmp_path):
    path = write_xlsx(tmp_path / "企业.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1)])

    report = import_file(path, "enterprises", dry_run=True)

    assert (report.created, report.applied) == (1, False)
    assert not Enterprise.objects.exists()


def test_one_bad_row_imports_nothing_and_names_row_column_and_reason(city, tmp_path):
    bad = code(3)[:17] + ("0" if code(3)[17] != "0" else "1")
    rows = [enterprise_row(1), enterprise_row(2), enterprise_row(3, 统一社会信用代码=bad)]
    path = write_xlsx(tmp_path / "企业.xlsx", ENTERPRISE_HEADERS, rows)
    logged = ChangeLog.objects.count()

    report = import_file(path, "enterprises", dry_run=False)

    assert not report.applied
    assert [str(e) for e in report.errors] == [
        f"第 4 行，统一社会信用代码：校验位错误：应为“{code(3)[17]}”，实际“{bad[17]}”"
    ]
    assert not Enterprise.objects.exists()
    assert ChangeLog.objects.count() == logged


def test_reimporting_the_same_file_changes_nothing(city, tmp_path):
    path = write_xlsx(
        tmp_path / "企业.xlsx", ENTERPRISE_HEADERS, [enterprise_row(n) for n in range(1, 6)]
    )
    import_file(path, "enterprises", dry_run=False)
    logged = ChangeLog.objects.count()
    stamps = list(Enterprise.objects.values_list("updated_at", flat=True))

    report = import_file(path, "enterprises", dry_run=False)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert ChangeLog.objects.count() == logged
    assert list(Enterprise.objects.values_list("updated_at", flat=True)) == stamps


def test_a_changed_row_is_updated_with_before_and_after_logged(city, tmp_path):
    import_file(
        write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1)]),
        "enterprises",
        False,
    )
    row = enterprise_row(
        1,
        所在园区="",
        所属产业链="输变电装备、新材料",
        所属环节="变压器、铜材",
        企业梯队="链主企业（C01）",
    )
    path = write_xlsx(tmp_path / "b.xlsx", ENTERPRISE_HEADERS, [row])

    report = import_file(path, "enterprises", dry_run=False)

    assert (report.created, report.updated) == (0, 1)
    assert report.changes[0].fields == ["所在园区", "所属产业链", "所属环节", "企业梯队"]
    e = Enterprise.objects.get()
    assert e.park is None
    assert set(e.chains.all()) == {city.grid, city.materials}
    assert set(e.segments.all()) == {city.transformer, city.copper}
    assert [(t.tier, t.chain) for t in e.tiers.all()] == [(Tier.ANCHOR, city.grid)]
    entries = ChangeLog.objects.filter(action="update", object_type="enterprises.enterprise")
    [entry] = [e for e in entries if "park_id" in e.before]  # the links have entries of their own
    assert entry.before["park_id"] == city.park.id and entry.after["park_id"] is None
    assert (
        ChangeLog.objects.filter(action="delete", object_type="enterprises.enterprisetier").count()
        == 2
    )


def test_columns_left_out_of_the_file_are_left_alone(city, tmp_path):
    import_file(
        write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1)]),
        "enterprises",
        False,
    )
    path = write_xlsx(tmp_path / "b.xlsx", ["统一社会信用代码", "企业名称", "行政区划代码", "备注"],
                      [[code(1), "衡阳测试1号电气有限公司", "430407", "重点企业"]])  # fmt: skip

    report = import_file(path, "enterprises", dry_run=False)

    assert report.updated == 1 and report.changes[0].fields == ["备注"]
    e = Enterprise.objects.get()
    assert e.note == "重点企业" and e.park == city.park and e.chains.count() == 1
    assert EnterpriseTier.objects.count() == 2


def test_headers_tolerate_spaces_order_and_missing_stars(city, tmp_path):
    headers = [" 统一社会信用代码 ", "企业 名称", "行政区划代码*"]
    path = write_xlsx(tmp_path / "a.xlsx", headers, [[code(1), "甲公司", 430407]])

    report = import_file(path, "enterprises", dry_run=False)

    assert report.errors == [] and Enterprise.objects.get().district == city.shigu


def test_unknown_and_missing_columns_are_reported(city, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ["企业名称", "园区"], [["甲公司", "白沙洲工业园"]])

    report = import_file(path, "enterprises", dry_run=True)

    messages = [str(e) for e in report.errors]
    assert messages[0].startswith("表头：未知的列“园区”")
    assert "表头：缺少必填列“统一社会信用代码”" in messages
    assert "表头：缺少必填列“行政区划代码”" in messages


def test_row_errors_name_the_reason_in_chinese(city, tmp_path):
    rows = [
        enterprise_row(1, 行政区划代码="430499"),
        enterprise_row(2, 所在园区="不存在园"),
        enterprise_row(3, 所属产业链="新材料", 所属环节="变压器"),
        enterprise_row(4, 所属产业链="输变电装备、新材料", 所属环节="线缆"),
        enterprise_row(5, 企业梯队="独角兽"),
        enterprise_row(6, 联络干部="王五"),
        enterprise_row(7, 成立日期="2012-13-01"),
        enterprise_row(1, 企业名称="另一家公司"),
        enterprise_row(9, 企业名称="衡阳测试2号电气有限公司"),
        enterprise_row(10, 企业名称=""),
    ]
    path = write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, rows)

    report = import_file(path, "enterprises", dry_run=True)

    assert [str(e) for e in report.errors] == [
        "第 2 行，行政区划代码：“430499”不是本市的县市区，可用：430405（珠晖区）、430407（石鼓区）",
        "第 3 行，所在园区：园区“不存在园”不存在，可用：白沙洲工业园",
        "第 4 行，所属环节：环节“变压器”不属于所填的产业链（属于：输变电装备）",
        "第 5 行，所属环节：环节“线缆”有多个匹配（C01:线缆、C02:线缆），请写作“产业链代码:环节名称”",
        "第 6 行，企业梯队：梯队“独角兽”无法识别，可用：百亿企业、上市企业、高新技术企业、四上企业、专精特新、链主企业",
        "第 7 行，联络干部：用户“王五”不存在（填写用户名或姓名）",
        "第 8 行，成立日期：日期“2012-13-01”不存在",
        "第 9 行，统一社会信用代码：与第 2 行重复",
        "第 10 行，企业名称：与第 3 行重复",
        "第 11 行，企业名称：不能为空",
    ]
    assert report.total_rows == 10


def test_qualified_segment_names_resolve_ambiguity(city, tmp_path):
    row = enterprise_row(1, 所属产业链="C01、C02", 所属环节="C02:线缆")
    path = write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [row])

    report = import_file(path, "enterprises", dry_run=False)

    assert report.errors == []
    assert list(Enterprise.objects.get().segments.all()) == [city.cable_materials]


def test_row_numbers_count_blank_rows_as_excel_shows_them(city, tmp_path):
    rows = [
        enterprise_row(1),
        [None] * len(ENTERPRISE_HEADERS),
        enterprise_row(2, 行政区划代码="12"),
    ]
    path = write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, rows)

    report = import_file(path, "enterprises", dry_run=True)

    assert [e.row for e in report.errors] == [4]
    assert report.total_rows == 2


def test_a_name_used_by_another_enterprise_is_an_error(city, tmp_path):
    import_file(
        write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1)]),
        "enterprises",
        False,
    )
    path = write_xlsx(
        tmp_path / "b.xlsx",
        ENTERPRISE_HEADERS,
        [enterprise_row(2, 企业名称="衡阳测试1号电气有限公司")],
    )

    report = import_file(path, "enterprises", dry_run=True)

    assert [str(e) for e in report.errors] == [
        f"第 2 行，企业名称：已被统一社会信用代码为 {code(1)} 的企业使用"
    ]
