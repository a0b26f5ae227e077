"""The project library (项目库) as a spec of the one import framework (chainchief/imports).

A project is keyed by its chain and name; its stage is set on creation only (later moves go
through the project page). Writes go through projects.services, so the import obeys the
same rules as the form and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from chainchief.accounts.scoping import editable_chains
from chainchief.core.values import AREA_MU, InvalidValue, parse_date, parse_money
from chainchief.enterprises.imports.references import short_chain_name
from chainchief.enterprises.models import Enterprise
from chainchief.enterprises.validators import normalize_credit_code
from chainchief.imports.base import Column, Importer, ImportReport, Row, WriteRefused, max_length
from chainchief.imports.base import text as cell_text
from chainchief.imports.registry import register
from chainchief.places.models import Department, District, Park
from chainchief.projects import selectors, services
from chainchief.projects.models import PIPELINE, Kind, Project, Stage


def _choice(labels: dict[str, str], what: str):
    def parse(value: object) -> str:
        raw = cell_text(value)
        found = labels.get(raw) or (raw if raw in labels.values() else None)
        if found is None:
            raise InvalidValue(f"“{raw}”无效，可选：{'、'.join(labels)}")
        return found

    return parse


def _kind_labels() -> dict[str, str]:
    return {str(label): value for value, label in Kind.choices}


def _stage_labels() -> dict[str, str]:
    return {str(Stage(s).label): s for s in PIPELINE}


def parse_kind(value: object) -> str:
    return _choice(_kind_labels(), "项目类型")(value)


def parse_stage(value: object) -> str:
    return _choice(_stage_labels(), "阶段")(value)


def parse_yes_no(value: object) -> bool:
    raw = cell_text(value)
    if raw not in ("是", "否"):
        raise InvalidValue("应填“是”或“否”")
    return raw == "是"


def _money(label: str):
    return lambda value: parse_money(value, label=label)


def parse_land(value: object) -> Decimal | None:
    raw = cell_text(value).removesuffix("亩")
    try:
        amount = Decimal(raw)
    except ArithmeticError as exc:
        raise InvalidValue(f"“{raw}”不是数字") from exc
    return AREA_MU.check(amount, label="用地")


def _date(label: str):
    return lambda value: parse_date(value, label=label)


COLUMNS = (
    Column("项目名称", "name", True, max_length(200), width=30, example="年产10万台智能变压器项目"),
    Column("项目类型", "kind", True, parse_kind, help="招商引资项目、重大项目、技改项目等",
           example="招商引资项目"),
    Column("产业链", "chain", True, help="产业链代码或名称（也可写简称，如“输变电装备”）",
           aliases=("产业链代码",)),
    Column("环节", "segment", help="所填产业链下的环节名称"),
    Column("阶段", "stage", parse=parse_stage, empty="", help="新建项目的阶段，默认线索；"
           "已有项目的阶段请在项目页面办理", example="洽谈"),
    Column("重点项目", "is_key", parse=parse_yes_no, empty=False, help="是 或 否", example="是"),
    Column("投资方", "investor_name", parse=max_length(200), example="某电气股份有限公司"),
    Column("本地投资企业统一社会信用代码", "investor_enterprise", parse=normalize_credit_code,
           empty="", as_text=True, help="投资方是本市企业时填写，须已在企业库中"),
    Column("来源地区", "source_region", parse=max_length(50), example="广东深圳"),
    Column("计划总投资", "planned_investment", parse=_money("计划总投资"), empty=None,
           help="单位万元，也可写“5亿元”", example="5亿元"),
    Column("预计年产值", "expected_output", parse=_money("预计年产值"), empty=None, example="80000"),
    Column("预计年税收", "expected_tax", parse=_money("预计年税收"), empty=None, example="3000"),
    Column("政策资金", "policy_funds", parse=_money("政策资金"), empty=None,
           help="项目获得的政策资金（补助、奖励、贴息等），单位万元", example="500"),
    Column("用地（亩）", "land_mu", parse=parse_land, empty=None, example="120"),
    Column("县市区代码", "district", as_text=True, help="本市县市区的 6 位代码"),
    Column("园区", "park", help="园区全称，须已在系统中"),
    Column("责任单位", "department", help="部门全称或简称"),
    Column("计划开工日期", "planned_start_on", parse=_date("计划开工日期"), empty=None,
           example="2026-10-01"),
    Column("计划竣工日期", "planned_end_on", parse=_date("计划竣工日期"), empty=None,
           example="2028-06-30"),
    Column("备注", "note", example="金额单位万元，也可写“亿元”"),
)  # fmt: skip
# Fields compared with the stored project (stage is handled on its own).
FIELDS = [c.field for c in COLUMNS if c.field != "stage"]


@dataclass
class Plan:
    creates: list[tuple[int, str, dict]] = field(default_factory=list)  # (row, stage, fields)
    updates: list[tuple[int, Project, dict]] = field(default_factory=list)


class _References:
    """Reference data loaded once per import, not once per row."""

    def __init__(self, user) -> None:
        chains = list(editable_chains(user).prefetch_related("segments"))
        self.chain_by_code = {c.code.upper(): c for c in chains}
        self.chain_by_name: dict[str, list] = {}
        for c in chains:
            for key in {c.name, short_chain_name(c.name)}:
                self.chain_by_name.setdefault(key, []).append(c)
        self.districts = {d.code: d for d in District.objects.all()}
        self.parks = {p.name: p for p in Park.objects.all()}
        self.departments = {d.name: d for d in Department.objects.all()}
        self.departments.update(
            {d.short_name: d for d in Department.objects.exclude(short_name="")}
        )

    def chain(self, ref: str):
        found = self.chain_by_code.get(ref.upper())
        if found is not None:
            return found
        named = self.chain_by_name.get(ref) or self.chain_by_name.get(short_chain_name(ref), [])
        if len(named) == 1:
            return named[0]
        if named:
            codes = "、".join(c.code for c in named)
            raise InvalidValue(f"名称“{ref}”对应多条产业链，请填写产业链代码：{codes}")
        raise InvalidValue(f"产业链“{ref}”不存在或无权导入")


@register
class ProjectImporter(Importer):
    kind = "projects"
    title = "项目库"
    description = "招商引资、重大、技改等项目：按产业链和项目名称新增或更新。"
    columns = COLUMNS
    key_fields = ("chain", "name")

    @classmethod
    def allowed(cls, user) -> bool:
        return user.is_authenticated and selectors.can_create_projects(user)

    def example_values(self) -> dict[str, str]:
        values = super().example_values()
        chain = editable_chains(self.user).order_by("sort", "code").first() if self.user else None
        values["chain"] = short_chain_name(chain.name) if chain else ""
        segment = chain.segments.order_by("id").first() if chain else None
        values["segment"] = segment.name if segment else ""
        district = District.objects.order_by("code").first()
        values["district"] = district.code if district else ""
        department = Department.objects.order_by("id").first()
        values["department"] = department.name if department else ""
        return values

    def build_plan(self, rows: list[Row], report: ImportReport) -> Plan:
        refs = _References(self.user)
        chains = list(refs.chain_by_code.values())
        existing = {(p.chain_id, p.name): p for p in Project.objects.filter(chain__in=chains)}
        credit_codes = {r.values["investor_enterprise"] for r in rows} - {""}
        investors = {
            e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=credit_codes)
        }
        plan = Plan()
        seen: dict[tuple[int, str], int] = {}
        for row in rows:
            try:
                stage, fields = self._resolve(row.values, refs, investors)
            except _Bad as bad:
                report.error(row.number, bad.column, bad.reason)
                continue
            key = (fields["chain"].pk, fields["name"])
            if key in seen:
                report.error(row.number, "项目名称", f"与第 {seen[key]} 行重复")
                continue
            seen[key] = row.number
            project = existing.get(key)
            if project is None:
                plan.creates.append((row.number, stage, fields))
                report.change(row.number, "create", fields["name"])
                continue
            if "stage" in self.present and row.values["stage"] and stage != project.stage:
                report.error(row.number, "阶段", f"项目当前为“{project.get_stage_display()}”，"
                             "阶段变更请在项目页面办理")  # fmt: skip
                continue
            changed = _changes(project, fields)
            if changed:
                plan.updates.append((row.number, project, changed))
                headers = {c.field: c.header for c in self.columns}
                report.change(row.number, "update", project.name, [headers[k] for k in changed])
            else:
                report.unchanged += 1
        return plan

    def _resolve(self, v: dict, refs: _References, investors: dict) -> tuple[str, dict]:
        present = self.present
        out: dict[str, Any] = {"name": v["name"], "kind": v["kind"]}
        try:
            chain = refs.chain(v["chain"])
        except InvalidValue as exc:
            raise _Bad(self.header_of("chain"), str(exc)) from exc
        out["chain"] = chain
        if "segment" in present:
            out["segment"] = None
            if v["segment"]:
                out["segment"] = next(
                    (s for s in chain.segments.all() if s.name == v["segment"]), None
                )
                if out["segment"] is None:
                    raise _Bad("环节", f"产业链“{chain.name}”下没有环节“{v['segment']}”")
        for name in ("is_key", "investor_name", "source_region", "planned_investment",
                     "expected_output", "expected_tax", "policy_funds", "land_mu",
                     "planned_start_on",
                     "planned_end_on", "note"):  # fmt: skip
            if name in present:
                out[name] = v[name]
        if "investor_enterprise" in present:
            out["investor_enterprise"] = None
            code = v["investor_enterprise"]
            if code:
                out["investor_enterprise"] = investors.get(code)
                if out["investor_enterprise"] is None:
                    raise _Bad("本地投资企业统一社会信用代码", f"企业库中没有代码为 {code} 的企业")
                if not out.get("investor_name"):
                    out["investor_name"] = out["investor_enterprise"].name
        if "district" in present:
            code = v["district"]
            out["district"] = refs.districts.get(code) if code else None
            if code and out["district"] is None:
                raise _Bad("县市区代码", f"“{code}”不是本市的县市区")
        if "park" in present:
            out["park"] = refs.parks.get(v["park"]) if v["park"] else None
            if v["park"] and out["park"] is None:
                raise _Bad("园区", f"园区“{v['park']}”不存在")
            if out["park"] is not None and out.get("district") is None:
                out["district"] = out["park"].district
        if "department" in present:
            dept = v["department"]
            out["department"] = refs.departments.get(dept) if dept else None
            if dept and out["department"] is None:
                raise _Bad("责任单位", f"部门“{dept}”不存在")
        start, end = out.get("planned_start_on"), out.get("planned_end_on")
        if start and end and end < start:
            raise _Bad("计划竣工日期", "不能早于计划开工日期")
        return v["stage"] or Stage.LEAD, out

    def write(self, plan: Plan) -> None:
        for n, stage, fields in plan.creates:
            try:
                services.create_project(by=self.user, stage=stage, **fields)
            except services.ProjectError as exc:
                raise WriteRefused(n, "", str(exc)) from exc
        for n, project, changed in plan.updates:
            try:
                services.update_project(project=project, by=self.user, **changed)
            except services.ProjectError as exc:
                raise WriteRefused(n, "", str(exc)) from exc


class _Bad(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(column, reason)
        self.column, self.reason = column, reason


def _changes(project: Project, fields: dict) -> dict:
    changed = {}
    for key, value in fields.items():
        current = getattr(project, key)
        if isinstance(current, Decimal) and value is not None:
            same = current == Decimal(value)
        else:
            same = current == value
        if not same:
            changed[key] = value
    return changed


def import_file(path: str | Path, *, user, dry_run: bool = True, filename: str = "", progress=None):
    """Check `path` (.xlsx or .csv) and, unless `dry_run`, write it all or nothing."""
    return ProjectImporter(user).run(
        path, dry_run=dry_run, user=user, filename=filename, progress=progress
    )
