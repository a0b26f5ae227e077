from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from chainchief.accounts.models import ChangeLog
from chainchief.enterprises.models import Enterprise
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    enterprise_row,
    make_city,
    write_xlsx,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_file(tmp_path):
    make_city()
    return write_xlsx(
        tmp_path / "企业.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)]
    )


def test_dry_run_prints_counts_and_writes_nothing(good_file, capsys):
    call_command("enterprises", "import", str(good_file), "--dry-run")

    out = capsys.readouterr().out
    assert "预演（未写入）：共 2 行，新增 2，更新 0，无变化 0，错误 0" in out
    assert not Enterprise.objects.exists()


def test_import_writes_and_records_the_user(good_file, capsys):
    UserFactory(username="office1")

    call_command("enterprises", "import", str(good_file), "--user", "office1")

    assert "已导入：共 2 行，新增 2" in capsys.readouterr().out
    assert Enterprise.objects.count() == 2
    assert set(
        ChangeLog.objects.filter(object_type="enterprises.enterprise").values_list(
            "user_name", flat=True
        )
    ) == {"office1"}


def test_errors_are_printed_in_chinese_and_exit_non_zero(tmp_path, capsys):
    make_city()
    path = write_xlsx(
        tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1, 所在园区="无此园区")]
    )

    with pytest.raises(CommandError, match="未导入任何数据") as exc:
        call_command("enterprises", "import", str(path))

    assert exc.value.returncode == 1
    assert "第 2 行，所在园区：园区“无此园区”不存在" in capsys.readouterr().out
    assert not Enterprise.objects.exists()


def test_a_missing_file_or_user_is_an_error(good_file):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("enterprises", "import", "/nonexistent.xlsx")
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        call_command("enterprises", "import", str(good_file), "--user", "nobody")


def test_export_by_chain_and_template(good_file, tmp_path):
    call_command("enterprises", "import", str(good_file))
    Enterprise.objects.filter(name__contains="2号").get().chains.clear()

    call_command("enterprises", "export", str(tmp_path / "out.xlsx"), "--chain", "C01")
    call_command("enterprises", "template", str(tmp_path / "tpl.xlsx"), "--kind", "indicators")

    rows = list(load_workbook(tmp_path / "out.xlsx").active.values)
    assert list(rows[0]) == ENTERPRISE_HEADERS and [r[0] for r in rows[1:]] == [
        "衡阳测试1号电气有限公司"
    ]
    assert next(load_workbook(tmp_path / "tpl.xlsx").active.values)[1] == "月份*"
    with pytest.raises(CommandError, match="产业链代码“C99”不存在"):
        call_command("enterprises", "export", str(tmp_path / "x.xlsx"), "--chain", "C99")
