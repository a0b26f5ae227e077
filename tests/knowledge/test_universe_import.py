"""The city's registry of non-listed companies: imported, matched, ranked beside listed makers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chainchief.enterprises.validators import make_credit_code
from chainchief.knowledge.models import UniverseCompany, UniverseProduct
from chainchief.knowledge.selectors import chain_targets
from chainchief.knowledge.universe import UniverseError, import_universe

pytestmark = pytest.mark.django_db

CODE_A = make_credit_code("91430405MA4L12345")
CODE_B = make_credit_code("91440300MA5D67890")
HEADER = ["企业名称", "统一社会信用代码", "地址", "经营范围", "注册资本", "成立日期"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


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
    result = import_universe(path, dask=False)
    assert result == {"companies": 2, "matched": 1, "links": 2, "mode": "serial"}
    company = UniverseCompany.objects.get(credit_code=CODE_A)
    assert company.province == "广东" and company.registered_capital == 5000.0
    assert set(UniverseProduct.objects.values_list("matched_text", flat=True)) == {"铜线", "电解铜"}
    report = chain_targets(city.chain, segment_id=city.seg.copper.id)
    target = next(t for t in report["targets"] if t["kind"] == "universe")
    assert target["name"] == "广东铜丰线材有限公司" and target["confidence_label"] == "中"
    assert target["reasons"][0].startswith("经营范围含“铜线")
    assert "城市企业名录，非上市公司" in target["reasons"][0]


def test_a_bad_row_names_its_row_column_and_reason_and_nothing_is_written(mini_graph, tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["甲公司", CODE_A, "", "铜线生产", "五百", ""],
            [
                "乙公司",
                CODE_A[:-1] + ("1" if CODE_A[-1] != "1" else "2"),
                "",
                "铜线",
                "",
                "2020/13/40",
            ],
        ],
    )
    with pytest.raises(UniverseError) as error:
        import_universe(path, dask=False)
    message = str(error.value)
    assert "第 2 行“注册资本”：“五百”不是金额（万元）" in message
    assert "第 3 行“统一社会信用代码”：统一社会信用代码校验位错误" in message
    assert "第 3 行“成立日期”：“2020/13/40”不是日期" in message
    assert UniverseCompany.objects.count() == 0


def test_a_file_without_the_scope_column_is_refused(mini_graph, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("企业名称,统一社会信用代码\n甲,1\n", encoding="utf-8")
    with pytest.raises(UniverseError, match="表头缺少必需的列：经营范围"):
        import_universe(path, dask=False)


def test_xlsx_and_parquet_files_read_like_csv(mini_graph, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["甲公司", CODE_A, "", "铁芯制造", 300, None])
    book.save(tmp_path / "a.xlsx")
    assert import_universe(tmp_path / "a.xlsx", dask=False)["links"] == 1
    table = pa.table({"企业名称": ["乙公司"], "统一社会信用代码": [CODE_B], "经营范围": ["铜线"]})
    pq.write_table(table, tmp_path / "b.parquet")
    assert import_universe(tmp_path / "b.parquet", dask=False)["links"] == 1
    assert list(UniverseCompany.objects.values_list("name", flat=True)) == ["乙公司"]
