"""Writes to chains: every change goes through here (and so into the change log).

Keyword data in, not forms, so the form, the API and the YAML file share one validation
(codes by one pattern, bounded numbers). Edits carry the version the user read; a save
based on an older one raises StaleChain naming what the other person changed."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import User
from chainchief.chains.models import Chain, ChainOrgMember, DevelopmentGoal, Segment, Stage
from chainchief.chains.yaml_io import LoadResult, load_chain_yaml
from chainchief.core.values import (
    COUNT,
    GOAL_TARGET,
    WEIGHT,
    YEAR,
    InvalidValue,
    normalize_chain_code,
)
from chainchief.core.versioning import StaleEdit, save_versioned


class ChainError(ValueError):
    """A rule was broken; the message is for the user, in Chinese. Nothing was written.
    `field` names the form field it concerns, when one does."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleChain(ChainError):
    """The record changed since the user read it."""


def _text(fields: dict, model, key: str, *, required: bool = False) -> None:
    if key not in fields:
        return
    field = model._meta.get_field(key)
    value = str(fields[key] if fields[key] is not None else "").strip()
    if required and not value:
        raise ChainError(f"{field.verbose_name}不能为空", field=key)
    if field.max_length and len(value) > field.max_length:
        raise ChainError(f"{field.verbose_name}不能超过 {field.max_length} 个字", field=key)
    fields[key] = value


def _save(obj, *, version, fields, m2m=None, by) -> None:
    try:
        with transaction.atomic():
            save_versioned(obj, version=version, fields=fields, m2m=m2m, by=by)
    except StaleEdit as exc:
        raise StaleChain(str(exc)) from exc
    except IntegrityError as exc:
        raise ChainError("与已有记录重复，未保存") from exc


def save_chain(
    *, by: User, chain: Chain | None = None, version: int | None = None, host_parks=None,
    **fields,
) -> Chain:  # fmt: skip
    """Create (chain=None) or update a chain."""
    fields = dict(fields)
    if "code" in fields:
        try:
            fields["code"] = normalize_chain_code(fields["code"])
        except InvalidValue as exc:
            raise ChainError(str(exc), field="code") from exc
        clash = Chain.objects.filter(code=fields["code"])
        if chain is not None and chain.pk:
            clash = clash.exclude(pk=chain.pk)
        if clash.exists():
            raise ChainError(f"代码“{fields['code']}”已被其他产业链使用", field="code")
    elif chain is None:
        raise ChainError("代码不能为空", field="code")
    _text(fields, Chain, "name", required=True)
    _text(fields, Chain, "description")
    if "status" in fields and fields["status"] not in Chain.Status.values:
        raise ChainError("状态应为在用或草稿", field="status")
    if "sort" in fields:
        try:
            sort = COUNT.check(fields["sort"], label="排序")
        except InvalidValue as exc:
            raise ChainError(str(exc), field="sort") from exc
        fields["sort"] = int(sort) if sort is not None else 0
    target = chain if chain is not None else Chain()
    m2m = {"host_parks": list(host_parks)} if host_parks is not None else None
    _save(target, version=version, fields=fields, m2m=m2m, by=by)
    return target


def save_goal(
    *, chain: Chain, by: User, goal: DevelopmentGoal | None = None, version: int | None = None,
    **fields,
) -> DevelopmentGoal:  # fmt: skip
    fields = dict(fields)
    _text(fields, DevelopmentGoal, "indicator", required=True)
    _text(fields, DevelopmentGoal, "unit", required=True)
    _text(fields, DevelopmentGoal, "note")
    try:
        if "year" in fields:
            year = YEAR.check(fields["year"])
            if year is None:
                raise InvalidValue("年度不能为空")
            fields["year"] = int(year)
        if "target_value" in fields:
            target = GOAL_TARGET.check(fields["target_value"])
            if target is None:
                raise InvalidValue("目标值不能为空")
            fields["target_value"] = target
    except InvalidValue as exc:
        key = "year" if "年度" in str(exc) else "target_value"
        raise ChainError(str(exc), field=key) from exc
    indicator = fields.get("indicator", goal.indicator if goal else "")
    year = fields.get("year", goal.year if goal else None)
    clash = DevelopmentGoal.objects.filter(chain=chain, indicator=indicator, year=year)
    if goal is not None and goal.pk:
        clash = clash.exclude(pk=goal.pk)
    if clash.exists():
        raise ChainError(f"该产业链 {year} 年已有指标“{indicator}”")
    target = goal if goal is not None else DevelopmentGoal(chain=chain)
    _save(target, version=version, fields=fields, by=by)
    return target


def save_member(
    *, chain: Chain, by: User, member: ChainOrgMember | None = None,
    version: int | None = None, **fields,
) -> ChainOrgMember:  # fmt: skip
    fields = dict(fields)
    for key in ("name", "title", "duties"):
        _text(fields, ChainOrgMember, key)
    merged = {k: fields.get(k, getattr(member, k, None)) for k in ("user", "department", "name")}
    if not (merged["user"] or merged["department"] or merged["name"]):
        raise ChainError("请选择用户或部门，或填写名称")
    if fields.get("role") is None and member is None:
        raise ChainError("请选择角色", field="role")
    target = member if member is not None else ChainOrgMember(chain=chain)
    _save(target, version=version, fields=fields, by=by)
    return target


def save_segment(
    *, chain: Chain, by: User, segment: Segment | None = None, version: int | None = None,
    **fields,
) -> Segment:  # fmt: skip
    fields = dict(fields)
    _text(fields, Segment, "name", required=True)
    if "stage" in fields and fields["stage"] not in Stage.values:
        raise ChainError("位置应为上游、中游或下游", field="stage")
    if "weight" in fields:
        try:
            weight = WEIGHT.check(fields["weight"])
        except InvalidValue as exc:
            raise ChainError(str(exc), field="weight") from exc
        fields["weight"] = weight if weight is not None else Decimal(1)
    if "terms" in fields:
        terms = [str(t).strip()[:100] for t in fields["terms"] or [] if str(t).strip()]
        if len(terms) > 200:
            raise ChainError("产品词最多 200 个", field="terms")
        fields["terms"] = terms
    stage = fields.get("stage", segment.stage if segment else None)
    parent = fields.get("parent", segment.parent if segment else None)
    name = fields.get("name", segment.name if segment else "")
    if parent is not None:
        if parent.chain_id != chain.pk:
            raise ChainError("上级环节不属于该产业链", field="parent")
        if parent.stage != stage:
            raise ChainError(
                f"上级环节“{parent.name}”位于{parent.get_stage_display()}，下级环节必须在同一位置",
                field="parent",
            )
        node = parent
        while node is not None:
            if segment is not None and segment.pk and node.pk == segment.pk:
                raise ChainError("不能把环节移到它自己的下级环节下面", field="parent")
            node = node.parent
    clash = Segment.objects.filter(chain=chain, stage=stage, parent=parent, name=name)
    if segment is not None and segment.pk:
        clash = clash.exclude(pk=segment.pk)
    if clash.exists():
        raise ChainError(f"同一层级下已有名为“{name}”的环节", field="name")
    target = segment if segment is not None else Segment(chain=chain)
    _save(target, version=version, fields=fields, by=by)
    return target


SAVERS = {
    DevelopmentGoal: ("goal", save_goal),
    ChainOrgMember: ("member", save_member),
    Segment: ("segment", save_segment),
}


def save_chain_part(*, model, chain: Chain, by: User, obj=None, **fields):
    """A goal, an organisation member or a segment of `chain` (the shared edit page)."""
    name, saver = SAVERS[model]
    return saver(chain=chain, by=by, **{name: obj}, **fields)


@transaction.atomic
def delete_object(*, obj, by: User) -> None:
    with acting_user(by):
        obj.delete()


def load_chain_file(*, text: str, by: User) -> LoadResult:
    with acting_user(by):
        return load_chain_yaml(text)


@transaction.atomic
def delete_segment(*, segment: Segment, by: User) -> int:
    """Delete a segment and its sub-segments; returns how many were deleted."""
    with acting_user(by):
        ids = _subtree_ids(segment)
        Segment.objects.filter(pk__in=ids).order_by("-id").delete()
    return len(ids)


def _subtree_ids(segment: Segment) -> list[int]:
    ids, frontier = [segment.pk], [segment.pk]
    while frontier:
        frontier = list(Segment.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids.extend(frontier)
    return ids
