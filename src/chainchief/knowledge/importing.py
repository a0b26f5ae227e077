"""Import spec of the city's company universe (企业名录（非上市）): one more list of the one
import framework (chainchief.imports). The preview checks every row; the apply matches the
business scopes to graph products (outside the write transaction; Dask above 200,000 rows
or when a scheduler is set, one core when the cluster fails: the outcome's note says so)
and replaces the registry as a whole."""

from __future__ import annotations

from typing import Any

from chainchief.core.values import parse_date, parse_money
from chainchief.enterprises.validators import normalize_credit_code
from chainchief.imports.base import Column, Importer, ImportReport, Row, max_length, text
from chainchief.imports.registry import register
from chainchief.knowledge.regions import parse_region


def _credit_code(value: object) -> str:
    return normalize_credit_code(text(value))


def _capital(value: object) -> float | None:
    """注册资本 as written (500, 500万元, 1.2亿元, 500万人民币) → 万元."""
    if isinstance(value, str):
        value = value.replace("人民币", "").replace(",", "")
    money = parse_money(value, label="注册资本")
    return float(money) if money is not None else None


def _established(value: object):
    return parse_date(value, label="成立日期")


@register
class UniverseImporter(Importer):
    kind = "universe"
    title = "企业名录（非上市）"
    description = (
        "城市购买或掌握的非上市企业名录（.csv、.xlsx 或 .parquet，可达数十万行）：整体替换现有名录，"
        "经营范围匹配到图谱产品后与上市公司一起列入招商目标。"
    )
    key_fields = ("credit_code",)
    columns = (
        Column("企业名称", "name", True, max_length(200), example="长沙某某电气有限公司",
               aliases=("名称", "公司名称", "name")),
        Column("统一社会信用代码", "credit_code", True, _credit_code, as_text=True,
               example="（18 位，校验位正确）", aliases=("信用代码", "credit_code")),
        Column("经营范围", "business_scope", True, help="原文照录；套话（依法须经批准的项目…）不参与匹配",
               example="变压器、互感器制造；电线电缆销售", aliases=("business_scope", "scope")),
        Column("地址", "address", False, max_length(300), example="湖南省长沙市岳麓区",
               aliases=("注册地址", "住所", "address")),
        Column("注册资本", "registered_capital", False, _capital, empty=None,
               help="万元；可写 500、500万元、1.2亿元", example="5000",
               aliases=("注册资本（万元）", "注册资本(万元)", "registered_capital")),
        Column("成立日期", "established_on", False, _established, empty=None,
               example="2015-06-30", aliases=("established_on",)),
        Column("行业", "industry", False, max_length(100), example="电气机械和器材制造业",
               aliases=("所属行业", "国标行业", "industry")),
        Column("省份", "province", False, max_length(20), help="空着时从地址或名称识别",
               aliases=("所属省份", "province")),
        Column("城市", "city", False, max_length(20), aliases=("所属城市", "city")),
    )  # fmt: skip
    # A registry is long: up to two million rows and 500 MB (streamed, never all in memory
    # as a file; the records of the rows are kept for the single bulk write).
    max_rows = 2_000_000
    max_bytes = 500 * 1024 * 1024

    def __init__(self, user: Any = None) -> None:
        super().__init__(user)
        self.dask: bool | None = None  # None: by size (and CHAINCHIEF_DASK_SCHEDULER)
        self.scheduler = ""
        self.workers = 2
        self.outcome: dict = {}

    def example_values(self) -> dict[str, str]:
        from chainchief.enterprises.validators import make_credit_code

        values = super().example_values()
        values["credit_code"] = make_credit_code("91430100MA4L00000")
        return values

    def build_plan(self, rows: list[Row], report: ImportReport) -> Any:
        from chainchief.knowledge.loader import NOT_IMPORTED, get_index
        from chainchief.knowledge.universe import ClusterStart, wants_dask

        index = get_index()
        if index.empty:
            report.error(None, "", NOT_IMPORTED + "，无法匹配经营范围")
            return None
        if not rows:
            report.error(None, "", "文件中没有企业数据")
            return None
        cluster = None
        if not self.dry_run and wants_dask(len(rows), dask=self.dask, scheduler=self.scheduler):
            # started now, ready when the rows are: its start-up costs no wall time
            cluster = ClusterStart(scheduler=self.scheduler, workers=self.workers)
        try:
            return self._plan(index, rows, report, cluster)
        finally:
            if cluster is not None:
                cluster.close()

    def _plan(self, index, rows: list[Row], report: ImportReport, cluster) -> Any:
        from chainchief.knowledge.models import UniverseCompany
        from chainchief.knowledge.universe import match_scopes

        existing = set(UniverseCompany.objects.values_list("credit_code", flat=True))
        records = []
        for row in rows:
            v = {c.field: c.empty for c in self.columns} | row.values  # absent columns: empty
            province, city = v["province"], v["city"]
            if not province:
                province, city = parse_region(v["address"] or v["name"])
            records.append(
                {
                    "credit_code": v["credit_code"],
                    "name": v["name"],
                    "address": v["address"],
                    "province": province[:20],
                    "city": (city or "")[:20],
                    "business_scope": v["business_scope"],
                    "registered_capital": v["registered_capital"],
                    "established_on": v["established_on"],
                    "industry": v["industry"],
                }
            )
            action = "update" if v["credit_code"] in existing else "create"
            report.change(row.number, action, v["name"])
        if self.dry_run:
            return None  # matching is the costly part: done once, when applying
        found, mode, note = match_scopes(
            index,
            [r["business_scope"] for r in records],
            progress=self.progress.update,
            dask=self.dask,
            scheduler=self.scheduler,
            workers=self.workers,
            cluster=cluster,
        )
        self.outcome = {"companies": len(records), "matched": len(found), "mode": mode}
        if note:
            self.outcome["note"] = note
        return records, found, index.norm

    def write(self, plan) -> None:
        from chainchief.knowledge.universe import replace_universe

        records, found, norm = plan
        self.outcome["links"] = replace_universe(records, found, norm)
