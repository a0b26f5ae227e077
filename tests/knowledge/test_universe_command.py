"""`chainchief kg universe import FILE` runs the page's job in the foreground."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from chainchief.enterprises.validators import make_credit_code
from chainchief.jobs.models import Job
from chainchief.knowledge.models import UniverseCompany

pytestmark = pytest.mark.django_db


def test_the_command_imports_and_reports_the_counts(mini_graph, tmp_path):
    code = make_credit_code("91430405MA4L12345")
    path = tmp_path / "名录.csv"
    path.write_text(
        f"企业名称,统一社会信用代码,经营范围\n甲公司,{code},铜线生产\n", encoding="utf-8"
    )
    out = io.StringIO()
    call_command(
        "kg", "universe", "import", str(path), "--serial", stdout=out, stderr=io.StringIO()
    )
    assert (
        "企业名录已导入：1 家，其中 1 家的经营范围匹配到图谱产品（1 条产品关联，单核匹配）"
        in out.getvalue()
    )
    assert UniverseCompany.objects.get().credit_code == code
    assert Job.objects.get().kind == "knowledge.universe"


def test_a_bad_file_fails_with_the_row_errors_and_writes_nothing(mini_graph, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("企业名称,统一社会信用代码,经营范围\n,123,铜线\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行，企业名称：不能为空"):
        call_command(
            "kg", "universe", "import", str(path), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert UniverseCompany.objects.count() == 0
