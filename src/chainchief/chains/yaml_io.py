"""Chain maps as YAML files, so cities can share chain templates.

The format (documented in docs/chain-format.md) is what `dump_chain` writes; `load_chain`
reads it back, creating or updating the chain in place, and a dump of a loaded file gives
the same file again. Segments are matched by their path of names, so enterprises linked to
a segment stay linked when a city reloads an edited template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from django.db import transaction

from chainchief.accounts.models import User
from chainchief.chains.models import (
    Chain,
    ChainOrgMember,
    DevelopmentGoal,
    LayoutNode,
    OrgRole,
    Segment,
    Stage,
)
from chainchief.core.values import GOAL_TARGET, WEIGHT, YEAR, InvalidValue, normalize_chain_code
from chainchief.places.models import Department

FORMAT = "chainchief.chain/1"
_STAGES = [s.value for s in Stage]


class ChainFileError(ValueError):
    """The file cannot be loaded; the message names where and why, in Chinese."""


@dataclass
class LoadResult:
    chain: Chain
    created: bool
    warnings: list[str] = field(default_factory=list)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _segment_dict(seg: Segment, children: dict[int | None, list[Segment]]) -> dict[str, Any]:
    data: dict[str, Any] = {"name": seg.name}
    if seg.description:
        data["description"] = seg.description
    data["terms"] = list(seg.terms or [])
    if seg.weight != 1:
        data["weight"] = _number(seg.weight)
    kids = children.get(seg.pk, [])
    if kids:
        data["children"] = [_segment_dict(k, children) for k in kids]
    return data


def dump_chain(chain: Chain) -> dict[str, Any]:
    """The chain's map, organisation and goals as plain data (the YAML document)."""
    layout: list[str] = []
    node = chain.layout_node
    while node is not None:
        layout.insert(0, node.name)
        node = node.parent
    org = []
    for m in chain.org_members.select_related("role", "user", "department"):
        item: dict[str, Any] = {"role": m.role.code}
        if m.user_id:
            item["user"] = m.user.username
        if m.department_id:
            item["department"] = m.department.name
        if m.name:
            item["name"] = m.name
        if m.title:
            item["title"] = m.title
        if m.duties:
            item["duties"] = m.duties
        org.append(item)
    goals = [
        {
            "indicator": g.indicator,
            "unit": g.unit,
            "year": g.year,
            "target": _number(g.target_value),
            **({"note": g.note} if g.note else {}),
        }
        for g in chain.goals.all()
    ]
    segments = list(chain.segments.order_by("sort", "id"))
    children: dict[int | None, list[Segment]] = {}
    for s in segments:
        children.setdefault(s.parent_id, []).append(s)
    stages = {
        stage: [_segment_dict(s, children) for s in children.get(None, []) if s.stage == stage]
        for stage in _STAGES
    }
    data: dict[str, Any] = {"format": FORMAT, "code": chain.code, "name": chain.name}
    if chain.description:
        data["description"] = chain.description
    if layout:
        data["layout"] = layout
    if chain.status != Chain.Status.ACTIVE:
        data["status"] = str(chain.status)
    parks = list(chain.host_parks.order_by("name").values_list("name", flat=True))
    if parks:
        data["host_parks"] = parks
    data["organisation"] = org
    data["goals"] = goals
    data["segments"] = stages
    return data


def dump_chain_yaml(chain: Chain) -> str:
    return yaml.safe_dump(dump_chain(chain), allow_unicode=True, sort_keys=False, width=100)


def _require(data: dict, key: str, where: str, kind: type = str) -> Any:
    value = data.get(key)
    if value is None or value == "":
        raise ChainFileError(f"{where}：缺少必填字段“{key}”")
    if not isinstance(value, kind):
        raise ChainFileError(f"{where}：字段“{key}”的格式不对")
    return value


def _bounded_text(value: Any, where: str, label: str, max_length: int) -> str:
    text = str(value if value is not None else "").strip()
    if len(text) > max_length:
        raise ChainFileError(f"{where}：{label}不能超过 {max_length} 个字")
    return text


def _bounded_number(bound, value: Any, where: str, label: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ChainFileError(f"{where}：{label}应为数字")
    try:
        number = bound.check(value, label=label)
    except InvalidValue as exc:
        raise ChainFileError(f"{where}：{exc}") from exc
    if number is None:
        raise ChainFileError(f"{where}：{label}不能为空")
    return number


def _layout_node(path: list[str]) -> LayoutNode | None:
    parent = None
    for name in path:
        parent, _ = LayoutNode.objects.get_or_create(name=str(name), parent=parent)
    return parent


def _load_segments(chain: Chain, stages: dict, warnings: list[str]) -> None:
    existing = {}
    for seg in chain.segments.all():
        existing.setdefault((seg.stage, seg.parent_id, seg.name), seg)
    keep: set[int] = set()

    def walk(items: list, stage: str, parent: Segment | None, where: str) -> None:
        if not isinstance(items, list):
            raise ChainFileError(f"{where}：应为环节列表")
        seen: set[str] = set()
        for i, item in enumerate(items, start=1):
            here = f"{where} 第 {i} 项"
            if not isinstance(item, dict):
                raise ChainFileError(f"{here}：应为键值对")
            name = _bounded_text(_require(item, "name", here), here, "环节名称", 100)
            if name in seen:
                raise ChainFileError(f"{here}：同一层级下环节名称“{name}”重复")
            seen.add(name)
            terms = item.get("terms") or []
            if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                raise ChainFileError(f"{here}（{name}）：产品词 terms 应为文字列表")
            weight = _bounded_number(
                WEIGHT, item.get("weight", 1), f"{here}（{name}）", "权重 weight"
            )
            seg = existing.get((stage, parent.pk if parent else None, name)) or Segment(
                chain=chain, stage=stage, parent=parent, name=name
            )
            seg.description = str(item.get("description", ""))
            seg.terms = [t.strip() for t in terms if t.strip()]
            seg.weight = weight
            seg.sort = len(keep)
            if seg.pk:
                seg.version += 1  # an open edit form of this segment is now stale
            seg.save()
            keep.add(seg.pk)
            walk(item.get("children") or [], stage, seg, f"{here}（{name}）的下级环节")

    for stage, items in stages.items():
        if stage not in _STAGES:
            raise ChainFileError(
                f"segments：未知的位置“{stage}”，应为 upstream、midstream 或 downstream"
            )
        walk(items or [], stage, None, f"segments.{stage}")
    removed = chain.segments.exclude(pk__in=keep)
    if removed.exists():
        warnings.append(f"删除了文件中没有的 {removed.count()} 个环节")
        removed.delete()


@transaction.atomic
def load_chain(data: dict[str, Any]) -> LoadResult:
    """Create or update the chain described by `data`; all or nothing."""
    if not isinstance(data, dict):
        raise ChainFileError("文件内容应为一个产业链（键值对）")
    if data.get("format") != FORMAT:
        raise ChainFileError(f"format 应为“{FORMAT}”，实际为“{data.get('format')}”")
    try:
        code = normalize_chain_code(_require(data, "code", "产业链"))
    except InvalidValue as exc:
        raise ChainFileError(f"code：{exc}") from exc
    name = _bounded_text(_require(data, "name", "产业链"), "产业链", "名称", 100)
    warnings: list[str] = []
    chain = Chain.objects.filter(code=code).first()
    created = chain is None
    chain = chain or Chain(code=code)
    if not created:
        chain.version += 1  # an open edit form of this chain is now stale
    chain.name = name
    chain.description = str(data.get("description", ""))
    status = data.get("status", Chain.Status.ACTIVE)
    if status not in Chain.Status.values:
        raise ChainFileError(f"status 应为 active 或 draft，实际为“{status}”")
    chain.status = status
    layout = data.get("layout") or []
    if not isinstance(layout, list):
        raise ChainFileError("layout 应为从集群到子集群的名称列表")
    chain.layout_node = _layout_node(
        [_bounded_text(x, "layout", "集群名称", 100) for x in layout if str(x).strip()]
    )
    chain.save()

    from chainchief.places.models import Park

    parks = []
    for park_name in data.get("host_parks") or []:
        park = Park.objects.filter(name=park_name).first()
        if park is None:
            warnings.append(f"园区“{park_name}”在本市不存在，已跳过")
        else:
            parks.append(park)
    chain.host_parks.set(parks)

    roles = {r.code: r for r in OrgRole.objects.all()}
    chain.org_members.all().delete()
    for i, item in enumerate(data.get("organisation") or [], start=1):
        where = f"organisation 第 {i} 项"
        if not isinstance(item, dict):
            raise ChainFileError(f"{where}：应为键值对（role、user、department、name …）")
        role = roles.get(str(_require(item, "role", where)))
        if role is None:
            raise ChainFileError(
                f"{where}：未知的组织角色“{item['role']}”，可选：{'、'.join(roles)}"
            )
        member = ChainOrgMember(
            chain=chain,
            role=role,
            sort=i,
            name=_bounded_text(item.get("name", ""), where, "名称或姓名", 100),
            title=_bounded_text(item.get("title", ""), where, "职务", 100),
            duties=str(item.get("duties", "")),
        )
        if item.get("user"):
            member.user = User.objects.filter(username=item["user"]).first()
            if member.user is None:
                warnings.append(f"{where}：用户“{item['user']}”不存在，已跳过该用户")
        if item.get("department"):
            member.department = Department.objects.filter(name=item["department"]).first()
            if member.department is None:
                warnings.append(f"{where}：部门“{item['department']}”不存在，已跳过该部门")
        member.save()

    chain.goals.all().delete()
    seen_goals: set[tuple[str, int]] = set()
    for i, item in enumerate(data.get("goals") or [], start=1):
        where = f"goals 第 {i} 项"
        if not isinstance(item, dict):
            raise ChainFileError(f"{where}：应为键值对（indicator、unit、year、target）")
        target = _bounded_number(
            GOAL_TARGET, _require(item, "target", where, kind=object), where, "目标值"
        )
        year = int(_bounded_number(YEAR, _require(item, "year", where, kind=object), where, "年度"))
        indicator = _bounded_text(_require(item, "indicator", where), where, "指标", 100)
        if (indicator, year) in seen_goals:
            raise ChainFileError(f"{where}：{year} 年的指标“{indicator}”重复")
        seen_goals.add((indicator, year))
        DevelopmentGoal.objects.create(
            chain=chain,
            indicator=indicator,
            unit=_bounded_text(_require(item, "unit", where), where, "单位", 20),
            year=year,
            target_value=target,
            note=_bounded_text(item.get("note", ""), where, "备注", 200),
            sort=i,
        )

    segments = data.get("segments") or {}
    if not isinstance(segments, dict):
        raise ChainFileError("segments 应按 upstream、midstream、downstream 分组")
    _load_segments(chain, segments, warnings)
    return LoadResult(chain=chain, created=created, warnings=warnings)


def load_chain_yaml(text: str) -> LoadResult:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise ChainFileError(f"YAML 格式错误{where}：{getattr(exc, 'problem', exc)}") from exc
    return load_chain(data)
