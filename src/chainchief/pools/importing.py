"""The pools' Excel sheets as specs of the one import framework (chainchief/imports): same
preview, all-or-nothing apply and Chinese row errors as the enterprise library. Each pool
is keyed by its natural key (院校+专业, 企业+岗位, 机构+产品, 成果名称, 机构名称): a row with a
known key updates that row, others are created."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chainchief.accounts.changelog import record_changes, snapshot
from chainchief.chains.models import Chain
from chainchief.core.values import InvalidValue, parse_money
from chainchief.enterprises.models import Enterprise
from chainchief.imports.base import Column, Importer, ImportReport, Row, max_length
from chainchief.imports.base import text as cell_text
from chainchief.imports.registry import register
from chainchief.pools.models import (
    FinancingProduct,
    Partner,
    ResearchResult,
    TalentNeed,
    TalentSupply,
)


def _count(value: object) -> int:
    raw = cell_text(value).removesuffix("人")
    if not raw.isdigit():
        raise InvalidValue(f"“{raw}”不是非负整数")
    return int(raw)


def _choice(choices):
    labels = {str(label): value for value, label in choices}

    def parse(value: object) -> str:
        raw = cell_text(value)
        if raw in labels:
            return labels[raw]
        raise InvalidValue(f"“{raw}”无效，可选：{'、'.join(labels)}")

    return parse


def _yes_no(value: object) -> bool:
    raw = cell_text(value)
    if raw not in ("是", "否"):
        raise InvalidValue("应填“是”或“否”")
    return raw == "是"


def _trl(value: object) -> int:
    raw = cell_text(value).upper().removeprefix("TRL")
    if not raw.isdigit() or not 1 <= int(raw) <= 9:
        raise InvalidValue(f"“{raw}”应为 1 至 9 的整数")
    return int(raw)


def _money(label: str):
    return lambda value: parse_money(value, label=label)


CONTACT = (
    Column("联系人", "contact_name", False, max_length(50), example="王老师"),
    Column("联系电话", "contact_phone", False, max_length(30), example="0734-8281234"),
)
CHAIN = Column("产业链", "chain", False, max_length(50), None, example="输变电装备")


@dataclass
class _Plan:
    creates: list[Any] = field(default_factory=list)
    updates: list[tuple[Any, dict, dict]] = field(default_factory=list)


class PoolImporter(Importer):
    model: type = None  # type: ignore[assignment]
    label_fields: tuple[str, ...] = ()

    def resolve(self, row: Row, values: dict, report: ImportReport) -> bool:
        """Turn names into rows (chain, enterprise); False when the row has an error."""
        chain = values.get("chain")
        if chain:
            found = self._chains().get(chain)
            if found is None:
                report.error(row.number, "产业链", f"产业链“{chain}”不存在")
                return False
            values["chain"] = found
        return True

    def _chains(self) -> dict[str, Chain]:
        if not hasattr(self, "_chain_map"):
            self._chain_map = {}
            for c in Chain.objects.all():
                self._chain_map[c.name] = self._chain_map[c.code] = c
        return self._chain_map

    def key_of(self, values: dict) -> dict:
        return {
            f: (values[f].pk if hasattr(values[f], "pk") else values[f]) for f in self.key_fields
        }

    def build_plan(self, rows: list[Row], report: ImportReport) -> _Plan:
        plan = _Plan()
        for row in rows:
            values = dict(row.values)
            if not self.resolve(row, values, report):
                continue
            label = " · ".join(str(values[f]) for f in self.label_fields)
            lookup = {
                (f"{f}_id" if hasattr(values[f], "pk") else f): v
                for f, v in self.key_of(values).items()
            }
            existing = self.model.objects.filter(**lookup).first()
            fields = {k: v for k, v in values.items() if k in self.present or k in self.key_fields}
            if existing is None:
                plan.creates.append(self.model(**fields))
                report.change(row.number, "create", label)
            else:
                changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
                if changed:
                    plan.updates.append((existing, changed, snapshot(existing)))
                    report.change(row.number, "update", label, changed)
        return plan

    def write(self, plan: _Plan) -> None:
        made = self.model.objects.bulk_create(plan.creates, batch_size=1000)
        for obj, changed, _ in plan.updates:
            for k, v in changed.items():
                setattr(obj, k, v)
        names = sorted({k for _, changed, _ in plan.updates for k in changed})
        if names:
            self.model.objects.bulk_update([o for o, _, _ in plan.updates], names, batch_size=500)
        record_changes(
            [(o, "create", None, snapshot(o)) for o in made]
            + [(o, "update", before, snapshot(o)) for o, _, before in plan.updates]
        )


@register
class TalentSupplyImporter(PoolImporter):
    kind = "pool_talent"
    title = "人才池（院校与培训供给）"
    description = "院校、专业、年度毕业生数和培训项目；院校与专业相同的行更新原记录。"
    model = TalentSupply
    key_fields = ("institution", "major")
    label_fields = ("institution", "major")
    columns = (
        Column("院校或培训机构", "institution", True, max_length(100), example="衡阳技师学院"),
        Column("专业", "major", True, max_length(100), example="焊接技术应用"),
        Column("年度毕业生数", "graduates_per_year", False, _count, 0, example="120"),
        Column("培训项目", "training", False, max_length(200), example="电焊工中级培训"),
        Column("技能等级", "skill_level", False, max_length(30), example="中级工"),
        CHAIN,
        *CONTACT,
    )


@register
class TalentNeedImporter(PoolImporter):
    kind = "pool_needs"
    title = "人才池（企业用工需求）"
    description = "企业的岗位需求；企业按全称对应企业库，企业与岗位相同的行更新原记录。"
    model = TalentNeed
    key_fields = ("enterprise", "position")
    label_fields = ("enterprise", "position")
    columns = (
        Column("企业名称", "enterprise", True, max_length(200), example="示例电气有限公司"),
        Column("岗位", "position", True, max_length(100), example="焊工"),
        Column("人数", "headcount", True, _count, example="20"),
        Column("技能等级", "skill_level", False, max_length(30), example="中级工"),
        *CONTACT,
    )

    def resolve(self, row: Row, values: dict, report: ImportReport) -> bool:
        enterprise = Enterprise.objects.filter(name=values["enterprise"]).first()
        if enterprise is None:
            report.error(row.number, "企业名称", f"企业库中没有“{values['enterprise']}”")
            return False
        values["enterprise"] = enterprise
        return super().resolve(row, values, report)


@register
class FinancingProductImporter(PoolImporter):
    kind = "pool_capital"
    title = "资金池（金融产品）"
    description = "银行、基金的融资产品；机构与产品名称相同的行更新原记录。"
    model = FinancingProduct
    key_fields = ("provider", "name")
    label_fields = ("provider", "name")
    columns = (
        Column("金融机构", "provider", True, max_length(100), example="示例银行衡阳分行"),
        Column("产品名称", "name", True, max_length(100), example="链上贷"),
        Column("类型", "type", True, _choice(FinancingProduct.Type.choices), example="贷款"),
        Column("额度下限（万元）", "amount_min", False, _money("额度下限"), None, example="50"),
        Column("额度上限（万元）", "amount_max", False, _money("额度上限"), None, example="3000"),
        Column("利率区间", "rate", False, max_length(50), example="3.2%–4.5%"),
        Column("期限", "term", False, max_length(50), example="1–3 年"),
        Column("适用对象", "eligible", False, max_length(300), example="链上规上企业"),
        Column("链上合作银行", "is_partner_bank", False, _yes_no, False, example="是"),
        CHAIN,
        *CONTACT,
    )

    def resolve(self, row: Row, values: dict, report: ImportReport) -> bool:
        low, high = values.get("amount_min"), values.get("amount_max")
        if low is not None and high is not None and high < low:
            report.error(row.number, "额度上限（万元）", "额度上限不能小于下限")
            return False
        return super().resolve(row, values, report)


@register
class ResearchResultImporter(PoolImporter):
    kind = "pool_research"
    title = "可产业化科研成果"
    description = "成果名称唯一；产品与关键词用于与企业和问题匹配。"
    model = ResearchResult
    key_fields = ("title",)
    label_fields = ("title",)
    columns = (
        Column("成果名称", "title", True, max_length(200), example="高压干式变压器绝缘新工艺"),
        Column("完成单位", "institution", True, max_length(100), example="南华大学"),
        Column("技术领域", "field", False, max_length(100), example="输变电装备"),
        Column(
            "成熟度",
            "maturity",
            False,
            _choice(ResearchResult.Maturity.choices),
            ResearchResult.Maturity.LAB,
            example="中试",
        ),  # fmt: skip
        Column("技术就绪度", "trl", False, _trl, None, example="6"),
        Column("知识产权", "ip", False, max_length(200), example="发明专利 2 件"),
        Column("合作方式", "cooperation", False, max_length(100), example="技术转让"),
        Column("产品与关键词", "keywords", False, max_length(300), example="变压器、绝缘材料"),
        Column("简介", "summary", False, cell_text),
        *CONTACT,
    )


@register
class PartnerImporter(PoolImporter):
    kind = "pool_partners"
    title = "合作网络（高校、院所、协会、服务机构）"
    description = "机构名称唯一。"
    model = Partner
    key_fields = ("name",)
    label_fields = ("name",)
    columns = (
        Column("名称", "name", True, max_length(100), example="南华大学"),
        Column("类型", "kind", True, _choice(Partner.Kind.choices), example="高校"),
        Column("领域或专长", "field", False, max_length(200), example="核技术、电气工程"),
        Column("地址", "address", False, max_length(200), example="衡阳市蒸湘区常胜西路"),
        *CONTACT,
    )
