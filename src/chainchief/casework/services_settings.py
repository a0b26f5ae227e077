"""Writes of the workflow's settings (系统设置 › 问题类别, 红黑榜): keyword-only, plain values
in, Chinese `CaseError` out. Every edit carries the version it read (a stale one is refused,
naming what the other person changed) and lands in the change log with the acting user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max

from chainchief.accounts.changelog import acting_user
from chainchief.casework.categories import (
    RANKING_TOP_DEFAULT,
    RANKING_TOP_MAX,
    RANKING_TOP_MIN,
    urgency_choices,
)
from chainchief.casework.kinds import get_kind
from chainchief.casework.models import Case, CaseCategory, CaseSettings, TimeLimit, VisitPoint
from chainchief.casework.services import CaseConflict, CaseError, answer_limit
from chainchief.core.values import Bound, InvalidValue, without_nul
from chainchief.core.versioning import StaleEdit, save_versioned

LIMIT_DAYS = Bound("答复时限", Decimal(1), Decimal(120), places=0, unit="个工作日")
RANKING_TOP = Bound(
    "红黑榜名额", Decimal(RANKING_TOP_MIN), Decimal(RANKING_TOP_MAX), places=0, unit="名"
)
SORT = Bound("排序", Decimal(0), Decimal(99999), places=0)
NAME_MAX = 40


def _number(bound: Bound, value: object, *, label: str | None = None) -> int:
    try:
        number = bound.check(value, label=label)
    except InvalidValue as exc:
        raise CaseError(str(exc)) from None
    if number is None:
        raise CaseError(f"请填写{label or bound.label}")
    return int(number)


def _name(kind: str, name: str, *, exclude: int | None = None) -> str:
    name = re.sub(r"\s+", " ", without_nul(name or "")).strip()
    if not name:
        raise CaseError("类别名称不能为空")
    if len(name) > NAME_MAX:
        raise CaseError(f"类别名称不能超过 {NAME_MAX} 字")
    clash = CaseCategory.objects.filter(kind=kind, name=name).exclude(pk=exclude)
    if clash.exists():
        raise CaseError(f"已有名为“{name}”的类别")
    return name


def _new_code(kind: str) -> str:
    taken = set(CaseCategory.objects.filter(kind=kind).values_list("code", flat=True))
    n = len(taken) + 1
    while f"c{n:03d}" in taken:
        n += 1
    return f"c{n:03d}"


def _limits(limits: Mapping[str, object]) -> dict[str, int]:
    labels = dict(urgency_choices())
    unknown = set(limits) - set(labels)
    if unknown:
        raise CaseError(f"紧急程度“{'、'.join(sorted(unknown))}”不存在，可选：一般、紧急、特急")
    return {
        urgency: _number(LIMIT_DAYS, value, label=f"{labels[urgency]}事项的答复时限")
        for urgency, value in limits.items()
    }


def _save_limits(kind: str, code: str, limits: dict[str, int]) -> None:
    for urgency, days in limits.items():
        row = TimeLimit.objects.filter(kind=kind, category=code, urgency=urgency).first()
        if row is None:
            # A limit equal to the one already in force (the kind's table or a wider row)
            # needs no row of its own: saving a category unchanged writes nothing.
            if days != answer_limit(get_kind(kind), code, urgency):
                TimeLimit.objects.create(kind=kind, category=code, urgency=urgency, days=days)
        elif row.days != days:
            row.days = days
            row.save(update_fields=["days"])


def save_category(
    *,
    by,
    kind: str = "problem",
    category: CaseCategory | None = None,
    version: int | None = None,
    name: str,
    sort: object = None,
    is_active: bool = True,
    limits: Mapping[str, object] | None = None,
) -> CaseCategory:
    """Add a category (category=None) or change one: its name, place, whether it is offered,
    and its answer limits per urgency (working days, `TimeLimit` rows of the category)."""
    try:
        get_kind(kind)
    except ValueError as exc:
        raise CaseError(str(exc)) from None
    if category is not None and category.kind != kind:
        raise CaseError("类别不属于该事项类型")
    days = _limits(limits or {})
    name = _name(kind, name, exclude=category.pk if category else None)
    if sort in (None, ""):
        if category is not None:
            sort = category.sort
        else:
            top = CaseCategory.objects.filter(kind=kind).aggregate(m=Max("sort"))["m"] or 0
            sort = top + 10
    fields = {"name": name, "sort": _number(SORT, sort), "is_active": bool(is_active)}
    try:
        with transaction.atomic(), acting_user(by):
            if category is None:
                category = CaseCategory(kind=kind, code=_new_code(kind))
                save_versioned(category, version=None, fields=fields, by=by)
            else:
                if version is None:
                    raise CaseError("缺少版本号，请刷新后重试")
                save_versioned(category, version=version, fields=fields, by=by)
            _save_limits(kind, category.code, days)
    except StaleEdit as exc:
        raise CaseConflict(str(exc)) from None
    except IntegrityError:
        raise CaseError(f"已有名为“{name}”的类别") from None
    return category


def move_category(*, by, category: CaseCategory, version: int, step: int) -> CaseCategory:
    """Move a category one place up (step=-1) or down (step=1) in its kind's order."""
    rows = list(CaseCategory.objects.filter(kind=category.kind).order_by("sort", "id"))
    index = next((i for i, c in enumerate(rows) if c.pk == category.pk), None)
    if index is None:
        raise CaseError("类别不存在")
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(rows):
        return category
    # Spread the order out (10, 20, …) and swap the two neighbours.
    order = [c.pk for c in rows]
    order[index], order[other] = order[other], order[index]
    wanted = {pk: (i + 1) * 10 for i, pk in enumerate(order)}
    try:
        with transaction.atomic(), acting_user(by):
            for row in rows:
                row_version = version if row.pk == category.pk else row.version
                if row.sort != wanted[row.pk] or row.pk == category.pk:
                    save_versioned(row, version=row_version, fields={"sort": wanted[row.pk]}, by=by)
    except StaleEdit as exc:
        raise CaseConflict(str(exc)) from None
    category.refresh_from_db()
    return category


def category_in_use(category: CaseCategory) -> int:
    """How many cases (and visit points) carry the category."""
    cases = Case.objects.filter(kind=category.kind, category=category.code).count()
    points = 0
    if category.kind == "problem":
        points = VisitPoint.objects.filter(category=category.code).count()
    return cases + points


def delete_category(*, by, category: CaseCategory, version: int) -> None:
    """Delete an unused category (and its time limits); one in use is only deactivated."""
    with transaction.atomic(), acting_user(by):
        current = CaseCategory.objects.select_for_update().filter(pk=category.pk).first()
        if current is None:
            raise CaseConflict("该类别已被他人删除")
        if current.version != version:
            raise CaseConflict("该类别已被他人修改，请刷新后重试")
        used = category_in_use(current)
        if used:
            raise CaseError(f"类别“{current.name}”已有 {used} 条事项使用，不能删除，只能停用")
        for row in TimeLimit.objects.filter(kind=current.kind, category=current.code):
            row.delete()
        current.delete()


def set_ranking_top(*, by, top: object, version: int | None) -> CaseSettings:
    """How many departments the 红黑榜 lists at the top and at the bottom (1..20)."""
    value = _number(RANKING_TOP, top)
    try:
        with transaction.atomic(), acting_user(by):
            row = CaseSettings.objects.select_for_update().order_by("id").first()
            if row is None:
                row = CaseSettings(ranking_top=RANKING_TOP_DEFAULT)
                save_versioned(row, version=None, fields={"ranking_top": value}, by=by)
                return row
            if version is None:
                raise CaseError("缺少版本号，请刷新后重试")
            save_versioned(row, version=version, fields={"ranking_top": value}, by=by)
    except StaleEdit as exc:
        raise CaseConflict(str(exc)) from None
    return row
