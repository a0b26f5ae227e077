"""The city's registry of non-listed companies, one spec of the import framework: imported,
matched, ranked beside listed makers; a bad file names row, column and reason and writes
nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chainchief.enterprises.validators import make_credit_code
from chainchief.knowledge.importing import UniverseImporter
from chainchief.knowledge.models import UniverseCompany, UniverseProduct
from chainchief.knowledge.selectors import chain_targets

pytestmark = pytest.mark.django_db

CODE_A = make_credit_code("91430405MA4L12345")
CODE_B = make_credit_code("91440300MA5D67890")
HEADER = ["企业名称", "统一社会信用代码", "地址", "经营范围", "注册资本", "成立日期"]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def run(path: Path, *, dry_run: bool = False) -> tuple:
    spec = UniverseImporter(None)
    spec.dask = False
    return spec.run(path, dry_run=dry_run), spec.outcome


def test_a_registry_company_whose_scope_names_a_gap_product_becomes_a_target(
    mini_graph, city, tmp_path
):
    path = write_csv(
        tmp_path / "名录.csv",
        [
            ["广东铜丰线材有限公司", CODE_A, "广东省东莞市", "铜线、电解铜生产；（不含危险化学品）", "5000万", "2012-03-01"],
            ["深圳某某贸易有限公司", CODE_B, "广东省深圳市", "日用百货销售", "100", ""],
        ],
    )  # fmt: skip
    report, outcome = run(path)
    assert report.applied and report.created == 2
    assert outcome == {"companies": 2, "matched": 1, "links": 2, "mode": "serial"}
    company = UniverseCompany.objects.get(credit_code=CODE_A)
    assert company.province == "广东" and company.registered_capital == 5000.0
    assert set(UniverseProduct.objects.values_list("matched_text", flat=True)) == {"铜线", "电解铜"}
    targets = chain_targets(city.chain, segment_id=city.seg.copper.id)["targets"]
    target = next(t for t in targets if t["kind"] == "universe")
    assert target["name"] == "广东铜丰线材有限公司" and target["confidence_label"] == "中"
    assert target["reasons"][0].startswith("经营范围含“铜线")
    assert "城市企业名录，非上市公司" in target["reasons"][0]


def test_a_preview_checks_the_rows_and_writes_nothing(mini_graph, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["甲公司", CODE_A, "", "铜线生产", "", ""]])
    report, outcome = run(path, dry_run=True)
    assert report.ok and report.created == 1 and not report.applied
    assert outcome == {} and UniverseCompany.objects.count() == 0


def test_a_bad_row_names_its_row_column_and_reason_and_nothing_is_written(mini_graph, tmp_path):
    wrong_check = CODE_A[:-1] + ("1" if CODE_A[-1] != "1" else "2")
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["甲公司", CODE_A, "", "铜线生产", "五百", ""],
            ["乙公司", wrong_check, "", "铜线", "", "2020/13/40"],
            ["", CODE_B, "", "铜线", "", ""],
        ],
    )
    report, _outcome = run(path)
    errors = [str(e) for e in report.errors]
    assert not report.applied
    assert any(e.startswith("第 2 行，注册资本：") for e in errors)
    assert any(e.startswith("第 3 行，统一社会信用代码：") and "校验位" in e for e in errors)
    assert any(e.startswith("第 3 行，成立日期：") for e in errors)
    assert "第 4 行，企业名称：不能为空" in errors
    assert UniverseCompany.objects.count() == 0


def test_a_file_without_the_scope_column_is_refused(mini_graph, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("企业名称,统一社会信用代码\n甲,1\n", encoding="utf-8")
    report, _outcome = run(path)
    assert "表头：缺少必填列“经营范围”" in [str(e) for e in report.errors]


def test_a_second_file_replaces_the_registry_as_a_whole(mini_graph, tmp_path):
    run(write_csv(tmp_path / "a.csv", [["甲公司", CODE_A, "", "铜线", "", ""]]))
    report, _outcome = run(write_csv(tmp_path / "b.csv", [["乙公司", CODE_B, "", "铁芯", "", ""]]))
    assert report.applied
    assert list(UniverseCompany.objects.values_list("name", flat=True)) == ["乙公司"]


def test_gbk_xlsx_and_parquet_files_read_like_csv(mini_graph, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from openpyxl import Workbook

    gbk = write_csv(tmp_path / "g.csv", [["丙公司", CODE_A, "", "铜线", "", ""]], "gb18030")
    assert run(gbk)[1]["links"] == 1
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["甲公司", CODE_A, "", "铁芯制造", 300, None])
    book.save(tmp_path / "a.xlsx")
    assert run(tmp_path / "a.xlsx")[1]["links"] == 1
    table = pa.table({"企业名称": ["乙公司"], "统一社会信用代码": [CODE_B], "经营范围": ["铜线"]})
    pq.write_table(table, tmp_path / "b.parquet")
    assert run(tmp_path / "b.parquet")[1]["links"] == 1
    assert list(UniverseCompany.objects.values_list("name", flat=True)) == ["乙公司"]
