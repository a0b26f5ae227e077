"""The bureau's Excel sheets as specs of the one import framework (chainchief/imports): the
annual plan's items (into the plan's open version) and the findings (recorded through
audit.services, so each one is flagged for repeats and assigned for rectification)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chainchief.audit import access, services
from chainchief.audit.models import (
    Audit,
    AuditKind,
    AuditPlan,
    CadreMode,
    Finding,
    FindingCategory,
    FocusArea,
    ItemSource,
    Responsibility,
)
from chainchief.core.values import InvalidValue, parse_date, parse_money
from chainchief.imports.base import Column, Importer, ImportReport, Row, WriteRefused, max_length
from chainchief.imports.base import text as cell_text
from chainchief.imports.registry import register
from chainchief.places.models import Department


def _choice(choices):
    labels = {str(label): value for value, label in choices}

    def parse(value: object) -> str:
        raw = cell_text(value)
        if raw in labels:
            return labels[raw]
        raise InvalidValue(f"“{raw}”无效，可选：{'、'.join(labels)}")

    return parse


def _year(value: object) -> int:
    raw = cell_text(value).removesuffix("年")
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise InvalidValue(f"“{raw}”不是有效年度")
    return int(raw)


def _yes_no(value: object) -> bool:
    raw = cell_text(value)
    if raw not in ("是", "否"):
        raise InvalidValue("应填“是”或“否”")
    return raw == "是"


def _date(label: str):
    return lambda value: parse_date(value, label=label)


class _AuditorOnly(Importer):
    @classmethod
    def allowed(cls, user) -> bool:
        return access.is_auditor(user)


@dataclass
class _Plan:
    creates: list[tuple[int, Any, dict]] = field(default_factory=list)
    updates: list[tuple[int, Any, dict]] = field(default_factory=list)


@register
class PlanItemImporter(_AuditorOnly):
    kind = "audit_plan"
    title = "年度审计项目计划"
    description = "导入到该年度计划正在修改的版本（草案或调整中的版本）；同名项目更新，其余新增。"
    key_fields = ("year", "name")
    columns = (
        Column("年度", "year", True, _year, example="2026"),
        Column(
            "审计项目名称",
            "name",
            True,
            max_length(200),
            width=30,
            example="市本级预算执行和决算草案审计",
        ),  # fmt: skip
        Column("审计类型", "kind", True, _choice(AuditKind.choices), example="专项审计"),
        Column("重点领域", "focus_area", True, _choice(FocusArea.choices), example="绩效管理"),
        Column("被审计单位", "audited_units", True, max_length(300), example="市财政局"),
        Column("审计期间", "period_audited", False, max_length(50), example="2025年度"),
        Column("审计组长", "team_leader", False, max_length(50), example="张审计"),
        Column("计划开始", "planned_start", False, _date("计划开始"), None, example="2026-03-01"),
        Column("计划结束", "planned_end", False, _date("计划结束"), None, example="2026-06-30"),
        Column(
            "项目来源",
            "source",
            False,
            _choice(ItemSource.choices),
            ItemSource.OWN,
            example="上级统一组织",
        ),  # fmt: skip
        Column("审计对象", "subject", False, max_length(200), example="市本级预算"),
        Column("被审计领导干部", "cadre_name", False, max_length(50)),
        Column("职务", "cadre_post", False, max_length(100)),
        Column("任职单位", "cadre_unit", False, max_length(100)),
        Column("任职起", "tenure_from", False, _date("任职起"), None),
        Column("任职止", "tenure_to", False, _date("任职止"), None),
        Column("离任/任中", "cadre_mode", False, _choice(CadreMode.choices)),
        Column("含自然资源资产", "natural_resources", False, _yes_no, False, example="否"),
    )

    def build_plan(self, rows: list[Row], report: ImportReport) -> _Plan:
        plan = _Plan()
        versions = {}
        for row in rows:
            v = row.values
            if v["year"] not in versions:
                p = AuditPlan.objects.filter(year=v["year"]).first()
                versions[v["year"]] = services.current_version(p) if p else None
            version = versions[v["year"]]
            if version is None:
                report.error(row.number, "年度", f"{v['year']} 年度计划不存在，请先新建计划草案")
                continue
            if not version.editable:
                report.error(row.number, "年度",
                             f"{v['year']} 年度计划第{version.number}版已审议通过，请先发起调整")  # fmt: skip
                continue
            fields = {k: val for k, val in v.items() if k != "year" and k in self.present}
            fields.setdefault("source", ItemSource.OWN)
            existing = version.items.filter(name=v["name"]).first()
            merged = ({f: getattr(existing, f) for f in fields} if existing else {}) | fields
            try:
                services._check_item(merged)
            except services.AuditError as exc:
                report.error(row.number, "", str(exc))
                continue
            if existing is None:
                plan.creates.append((row.number, version, fields))
                report.change(row.number, "create", v["name"])
            elif any(getattr(existing, k) != val for k, val in fields.items()):
                plan.updates.append((row.number, existing, fields))
                report.change(row.number, "update", v["name"], list(fields))
            else:
                report.unchanged += 1
        return plan

    def write(self, plan: _Plan) -> None:
        for number, version, fields in plan.creates:
            try:
                services.add_item(version=version, by=self.user, **fields)
            except services.AuditError as exc:
                raise WriteRefused(number, "", str(exc)) from None
        for number, item, fields in plan.updates:
            try:
                services.update_item(item=item, by=self.user, **fields)
            except services.AuditError as exc:
                raise WriteRefused(number, "", str(exc)) from None


@register
class FindingImporter(_AuditorOnly):
    kind = "audit_findings"
    title = "审计发现问题"
    description = (
        "按审计项目登记问题；每个问题自动判断屡审屡犯并交办责任单位整改。已有的同名问题不重复登记。"
    )
    key_fields = ("year", "audit", "summary")
    columns = (
        Column("年度", "year", True, _year, example="2026"),
        Column("审计项目", "audit", True, max_length(200), width=30, example="重点项目投资审计"),
        Column("问题摘要", "summary", True, max_length(200), width=30, example="项目未批先建"),
        Column("问题描述", "description", False, cell_text),
        Column("重点领域", "focus_area", True, _choice(FocusArea.choices), example="项目投资"),
        Column("问题类别", "category", True, max_length(50), example="未批先建"),
        Column(
            "涉及金额（万元）",
            "amount",
            False,
            lambda value: parse_money(value, label="涉及金额"),
            None,
            example="120",
        ),  # fmt: skip
        Column("问题定性依据", "legal_basis", False, cell_text),
        Column("责任单位", "unit", True, max_length(100), example="市住建局"),
        Column("责任人", "responsible_person", False, max_length(50)),
        Column(
            "责任类型",
            "responsibility",
            False,
            _choice(Responsibility.choices),
            Responsibility.DIRECT,
            example="直接责任",
        ),  # fmt: skip
        Column("审计建议", "recommendation", False, cell_text),
        Column("发现日期", "found_on", False, _date("发现日期"), None, example="2026-04-01"),
    )

    def build_plan(self, rows: list[Row], report: ImportReport) -> list:
        audits = {(a.year, a.name): a for a in Audit.objects.all()}
        categories = {(c.focus_area, c.name): c for c in FindingCategory.objects.all()}
        units = {d.name: d for d in Department.objects.all()}
        planned = []
        for row in rows:
            v = row.values
            audit = audits.get((v["year"], v["audit"]))
            category = categories.get((v["focus_area"], v["category"]))
            unit = units.get(v["unit"])
            if audit is None:
                report.error(row.number, "审计项目", f"{v['year']} 年度没有审计项目“{v['audit']}”")
            if category is None:
                report.error(row.number, "问题类别", f"“{v['category']}”不是该重点领域的问题类别")
            if unit is None:
                report.error(row.number, "责任单位", f"单位“{v['unit']}”不存在")
            if None in (audit, category, unit):
                continue
            if Finding.objects.filter(audit=audit, summary=v["summary"]).exists():
                report.unchanged += 1
                continue
            fields = {
                "summary": v["summary"], "description": v["description"], "category": category,
                "amount": v["amount"], "legal_basis": v["legal_basis"], "unit": unit,
                "responsible_person": v["responsible_person"],
                "responsibility": v["responsibility"] or Responsibility.DIRECT,
                "recommendation": v["recommendation"],
            }  # fmt: skip
            if v["found_on"]:
                fields["found_on"] = v["found_on"]
            planned.append((row.number, audit, fields))
            report.change(row.number, "create", v["summary"])
        return planned

    def write(self, plan: list) -> None:
        for number, audit, fields in plan:
            try:
                services.record_finding(audit=audit, by=self.user, **fields)
            except services.AuditError as exc:
                raise WriteRefused(number, "", str(exc)) from None
