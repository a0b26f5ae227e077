"""Excel import of projects, with the enterprise import's rules: a template to download, a
preview that lists every bad row (row number, column, reason in Chinese), an all-or-nothing
apply, and a re-import of the same file changes nothing. A project is keyed by its chain and
name; its stage is set on creation only (later moves go through the project page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from django.db import transaction
from openpyxl import Workbook, load_workbook

from chainchief.accounts.models import Department
from chainchief.accounts.scoping import editable_chains
from chainchief.enterprises.models import District, Enterprise, Park
from chainchief.enterprises.validators import InvalidValue, parse_date, parse_money
from chainchief.projects import services
from chainchief.projects.models import PIPELINE, Kind, Project, Stage

# (header, key, required)
COLUMNS = [
    ("项目名称", "name", True),
    ("项目类型", "kind", True),
    ("产业链代码", "chain", True),
    ("环节", "segment", False),
    ("阶段", "stage", False),
    ("重点项目", "is_key", False),
    ("投资方", "investor_name", False),
    ("本地投资企业统一社会信用代码", "investor_enterprise", False),
    ("来源地区", "source_region", False),
    ("计划总投资", "planned_investment", False),
    ("预计年产值", "expected_output", False),
    ("预计年税收", "expected_tax", False),
    ("用地（亩）", "land_mu", False),
    ("县市区代码", "district", False),
    ("园区", "park", False),
    ("责任单位", "department", False),
    ("计划开工日期", "planned_start_on", False),
    ("计划竣工日期", "planned_end_on", False),
    ("备注", "note", False),
]
EXAMPLE = [
    "年产10万台智能变压器项目", "招商引资项目", "C01", "变压器", "洽谈", "是", "某电气股份有限公司",
    "", "广东深圳", "5亿元", "80000", "3000", "120", "430408", "", "市商务局", "2026-10-01",
    "2028-06-30", "金额单位万元，也可写“亿元”",
]  # fmt: skip
KIND_BY_LABEL = {str(label): value for value, label in Kind.choices}
STAGE_BY_LABEL = {str(Stage(s).label): s for s in PIPELINE}


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行 “{self.column}”：{self.reason}"


@dataclass
class ImportPlan:
    creates: list[tuple[int, str, dict]] = field(default_factory=list)  # (row, stage, fields)
    updates: list[tuple[int, Project, dict]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "项目导入"
    ws.append([c[0] + ("*" if c[2] else "") for c in COLUMNS])
    ws.append(EXAMPLE)
    return wb


class _Lookups:
    """Reference data loaded once per import, not once per row."""

    def __init__(self, user) -> None:
        self.chains = {c.code: c for c in editable_chains(user).prefetch_related("segments")}
        self.districts = {d.code: d for d in District.objects.all()}
        self.parks = {p.name: p for p in Park.objects.all()}
        self.departments = {d.name: d for d in Department.objects.all()}
        self.departments.update(
            {d.short_name: d for d in Department.objects.exclude(short_name="")}
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(values: dict, look: _Lookups) -> tuple[str, dict]:
    """(stage, fields) of one row; raises (column, reason) tuples via InvalidValue args."""
    out: dict = {}
    out["name"] = _text(values["name"])
    kind = _text(values["kind"])
    out["kind"] = KIND_BY_LABEL.get(kind) or (kind if kind in Kind.values else None)
    if out["kind"] is None:
        raise _Bad("项目类型", f"“{kind}”无效，可选：{'、'.join(KIND_BY_LABEL)}")
    code = _text(values["chain"])
    chain = look.chains.get(code)
    if chain is None:
        raise _Bad("产业链代码", f"产业链“{code}”不存在或无权导入")
    out["chain"] = chain
    seg = _text(values["segment"])
    out["segment"] = None
    if seg:
        out["segment"] = next((s for s in chain.segments.all() if s.name == seg), None)
        if out["segment"] is None:
            raise _Bad("环节", f"产业链“{chain.name}”下没有环节“{seg}”")
    stage_text = _text(values["stage"]) or str(Stage.LEAD.label)
    stage = STAGE_BY_LABEL.get(stage_text) or (stage_text if stage_text in PIPELINE else None)
    if stage is None:
        raise _Bad("阶段", f"“{stage_text}”无效，可选：{'、'.join(STAGE_BY_LABEL)}")
    key = _text(values["is_key"])
    if key not in ("", "是", "否"):
        raise _Bad("重点项目", "应填“是”或“否”")
    out["is_key"] = key == "是"
    out["investor_name"] = _text(values["investor_name"])
    credit = _text(values["investor_enterprise"]).upper()
    out["investor_enterprise"] = None
    if credit:
        out["investor_enterprise"] = Enterprise.objects.filter(credit_code=credit).first()
        if out["investor_enterprise"] is None:
            raise _Bad("本地投资企业统一社会信用代码", f"企业库中没有代码为 {credit} 的企业")
        out["investor_name"] = out["investor_name"] or out["investor_enterprise"].name
    out["source_region"] = _text(values["source_region"])
    for header, key in (("计划总投资", "planned_investment"), ("预计年产值", "expected_output"),
                        ("预计年税收", "expected_tax")):  # fmt: skip
        try:
            out[key] = parse_money(values[key])
        except InvalidValue as exc:
            raise _Bad(header, str(exc)) from exc
    land = _text(values["land_mu"])
    try:
        out["land_mu"] = (
            Decimal(land.removesuffix("亩")).quantize(Decimal("0.01")) if land else None
        )
    except InvalidOperation as exc:
        raise _Bad("用地（亩）", f"“{land}”不是数字") from exc
    if out["land_mu"] is not None and out["land_mu"] < 0:
        raise _Bad("用地（亩）", "不能为负数")
    dcode = _text(values["district"])
    out["district"] = look.districts.get(dcode) if dcode else None
    if dcode and out["district"] is None:
        raise _Bad("县市区代码", f"“{dcode}”不是本市的县市区")
    park = _text(values["park"])
    out["park"] = look.parks.get(park) if park else None
    if park and out["park"] is None:
        raise _Bad("园区", f"园区“{park}”不存在")
    if out["park"] is not None and out["district"] is None:
        out["district"] = out["park"].district
    dept = _text(values["department"])
    out["department"] = look.departments.get(dept) if dept else None
    if dept and out["department"] is None:
        raise _Bad("责任单位", f"部门“{dept}”不存在")
    for header, key in (("计划开工日期", "planned_start_on"), ("计划竣工日期", "planned_end_on")):
        try:
            out[key] = parse_date(values[key])
        except InvalidValue as exc:
            raise _Bad(header, str(exc)) from exc
    if (
        out["planned_start_on"]
        and out["planned_end_on"]
        and out["planned_end_on"] < out["planned_start_on"]
    ):
        raise _Bad("计划竣工日期", "不能早于计划开工日期")
    out["note"] = _text(values["note"])
    return stage, out


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


def plan_import(file: BinaryIO, *, user) -> ImportPlan:
    """Read and check every row; write nothing."""
    plan = ImportPlan()
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not .xlsx
        plan.errors.append(RowError(1, "文件", "无法读取，请使用 .xlsx 格式的导入模板"))
        return plan
    rows = wb.active.iter_rows(values_only=True)
    header = [_text(h).rstrip("*") for h in next(rows, [])]
    index = {}
    for title, key, _required in COLUMNS:
        if title not in header:
            plan.errors.append(RowError(1, title, "缺少该列，请使用导入模板"))
        else:
            index[key] = header.index(title)
    if plan.errors:
        return plan
    look = _Lookups(user)
    existing = {
        (p.chain_id, p.name): p for p in Project.objects.filter(chain__in=look.chains.values())
    }
    seen: dict[tuple[int, str], int] = {}
    for n, raw in enumerate(rows, start=2):
        values = {key: (raw[i] if i < len(raw) else None) for key, i in index.items()}
        if all(_text(v) == "" for v in values.values()):
            continue
        missing = [t for t, k, req in COLUMNS if req and _text(values[k]) == ""]
        if missing:
            plan.errors.extend(RowError(n, t, "必填") for t in missing)
            continue
        try:
            stage, fields = _parse_row(values, look)
        except _Bad as bad:
            plan.errors.append(RowError(n, bad.column, bad.reason))
            continue
        key = (fields["chain"].pk, fields["name"])
        if key in seen:
            plan.errors.append(RowError(n, "项目名称", f"与第 {seen[key]} 行重复"))
            continue
        seen[key] = n
        project = existing.get(key)
        if project is None:
            plan.creates.append((n, stage, fields))
            continue
        if stage != project.stage and _text(values["stage"]):
            plan.errors.append(RowError(n, "阶段", f"项目当前为“{project.get_stage_display()}”，"
                                        "阶段变更请在项目页面办理"))  # fmt: skip
            continue
        changed = _changes(project, fields)
        if changed:
            plan.updates.append((n, project, changed))
        else:
            plan.unchanged += 1
    return plan


def apply_import(plan: ImportPlan, *, user) -> dict[str, int]:
    """Write the plan in one transaction; refuses a plan with errors."""
    if not plan.ok:
        raise services.ProjectError(f"导入文件有 {len(plan.errors)} 处错误，未导入任何数据")
    with transaction.atomic():
        for n, stage, fields in plan.creates:
            try:
                services.create_project(by=user, stage=stage, **fields)
            except services.ProjectError as exc:
                raise services.ProjectError(f"第 {n} 行：{exc}") from exc
        for n, project, changed in plan.updates:
            try:
                services.update_project(project=project, by=user, **changed)
            except services.ProjectError as exc:
                raise services.ProjectError(f"第 {n} 行：{exc}") from exc
    return {"created": len(plan.creates), "updated": len(plan.updates), "unchanged": plan.unchanged}
