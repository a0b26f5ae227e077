"""Monthly indicators (月度指标) as an importable table: one row per enterprise and month,
upserted by (统一社会信用代码, 月份). Money in 万元; '1.2亿' and '3500万' are accepted."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from chainchief.accounts.changelog import record_changes, snapshot
from chainchief.core.values import COUNT
from chainchief.enterprises.models import Enterprise, MonthlyIndicator
from chainchief.enterprises.validators import (
    InvalidValue,
    make_credit_code,
    normalize_credit_code,
    parse_money,
    parse_month,
)
from chainchief.imports.base import (
    BATCH,
    Column,
    Importer,
    ImportReport,
    Row,
    chunks,
    text,
)

VALUES = ("output_value", "revenue", "tax", "employees")


def money(header: str):
    """A money cell in 万元 within core.values' bounds (the form and the API use the same)."""

    def parse(value: object) -> Decimal | None:
        return parse_money(value, label=header)

    return parse


def employees(value: object) -> int:
    """A head count: a whole number within core.values.COUNT (as the form and the API)."""
    raw = text(value).replace(",", "").replace("，", "")
    try:
        number = Decimal(raw)
    except ArithmeticError as exc:
        raise InvalidValue(f"“{raw[:30]}”不是整数") from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise InvalidValue(f"应为整数，实际“{raw[:30]}”")
    return int(COUNT.check(number, label="从业人数"))


COLUMNS = (
    Column(
        "统一社会信用代码",
        "credit_code",
        True,
        normalize_credit_code,
        as_text=True,
        width=22,
        help="企业须已在企业库中",
        example=make_credit_code("91430400MA4L00001"),
    ),
    Column(
        "月份",
        "month",
        True,
        parse_month,
        as_text=True,
        help="写作 2026-03；每家企业每月一行",
        example="2026-03",
    ),
    Column(
        "产值（万元）",
        "output_value",
        parse=money("产值（万元）"),
        empty=None,
        help="单位万元；也可写“1.2亿”“3500万”",
        example="3500",
    ),
    Column(
        "营业收入（万元）", "revenue", parse=money("营业收入（万元）"), empty=None, example="1.2亿"
    ),
    Column("税收（万元）", "tax", parse=money("税收（万元）"), empty=None, example="210.5"),
    Column("从业人数", "employees", parse=employees, empty=None, example="320"),
)


@dataclass
class Plan:
    creates: list[MonthlyIndicator] = field(default_factory=list)
    updates: list[tuple[MonthlyIndicator, dict]] = field(default_factory=list)


class IndicatorImporter(Importer):
    kind = "indicators"
    title = "月度指标"
    description = "企业的月度产值、营业收入、税收和从业人数：按统一社会信用代码和月份新增或更新。"

    def example_values(self) -> dict[str, str]:
        values = super().example_values()
        first = Enterprise.objects.order_by("id").only("credit_code").first()
        if first is not None:
            values["credit_code"] = first.credit_code
        return values

    columns = COLUMNS
    key_fields = ("credit_code", "month")

    def build_plan(self, rows: list[Row], report: ImportReport) -> Plan:
        codes = sorted({r.values["credit_code"] for r in rows})
        # Enterprises are attached to the indicators so the change log's names cost no queries.
        enterprises: dict[str, Enterprise] = {}
        for chunk in chunks(codes):
            qs = Enterprise.objects.filter(credit_code__in=chunk).only("id", "name", "credit_code")
            enterprises.update({e.credit_code: e for e in qs})
        by_id = {e.id: e for e in enterprises.values()}
        existing: dict[tuple[int, object], MonthlyIndicator] = {}
        months = sorted({r.values["month"] for r in rows})
        for chunk in chunks(sorted(by_id)):
            for ind in MonthlyIndicator.objects.filter(enterprise_id__in=chunk, month__in=months):
                ind.enterprise = by_id[ind.enterprise_id]
                existing[(ind.enterprise_id, ind.month)] = ind
        present = [f for f in VALUES if f in self.present]
        headers = {c.field: c.header for c in self.columns}
        plan = Plan()
        for row in rows:
            v = row.values
            enterprise = enterprises.get(v["credit_code"])
            if enterprise is None:
                report.error(
                    row.number,
                    "统一社会信用代码",
                    f"企业库中没有统一社会信用代码为 {v['credit_code']} 的企业，请先导入企业",
                )
                continue
            label = f"{v['credit_code']} {v['month']:%Y-%m}"
            obj = existing.get((enterprise.id, v["month"]))
            if obj is None:
                values = {f: v[f] for f in present}
                plan.creates.append(
                    MonthlyIndicator(enterprise=enterprise, month=v["month"], **values)
                )
                report.change(row.number, "create", label)
                continue
            changed = [f for f in present if getattr(obj, f) != v[f]]
            if not changed:
                report.unchanged += 1
                continue
            before = snapshot(obj)
            for f in changed:
                setattr(obj, f, v[f])
            plan.updates.append((obj, before))
            report.change(row.number, "update", label, [headers[f] for f in changed])
        return plan

    def write(self, plan: Plan) -> None:
        MonthlyIndicator.objects.bulk_create(plan.creates, batch_size=BATCH)
        MonthlyIndicator.objects.bulk_update(
            [o for o, _ in plan.updates], list(VALUES), batch_size=BATCH
        )
        log = [(o, "create", None, snapshot(o)) for o in plan.creates]
        log += [(o, "update", before, snapshot(o)) for o, before in plan.updates]
        record_changes(log)
