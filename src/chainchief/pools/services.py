"""Writes of the pools: choosing an offer for a case; rows are written by the pools' Excel
imports, and in bulk by `save_pool_rows`, which applies the same import rules."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from chainchief.accounts.changelog import acting_user
from chainchief.casework import notify
from chainchief.casework.models import CaseEvent
from chainchief.pools.models import ResourceMatch
from chainchief.pools.specs import POOLS


class PoolError(ValueError):
    pass


def choose_offer(*, case, pool: str, object_id: int, reason: str = "", by) -> ResourceMatch:
    """Record the offer on the case (timeline and change log) and tell the provider's
    contact person when they have an account."""
    if pool not in POOLS:
        raise PoolError(f"资源池“{pool}”不存在")
    obj = POOLS[pool].model.objects.filter(pk=object_id).first()
    if obj is None:
        raise PoolError("该资源已不存在")
    try:
        with transaction.atomic(), acting_user(by):
            match = ResourceMatch.objects.create(
                case=case, pool=pool, object_id=obj.pk, label=str(obj)[:200],
                reason=reason[:300], chosen_by=by,
            )  # fmt: skip
            CaseEvent.objects.create(
                case=case, action="resource", label="选用推荐资源", from_state=case.state,
                to_state=case.state, by=by, by_name=by.display_name, comment=f"{obj}：{reason}",
            )  # fmt: skip
    except IntegrityError:
        raise PoolError(f"已选用过“{obj}”") from None
    contact = getattr(obj, "contact_user", None)
    if contact is not None:
        notify.send([contact], case, "resource", f"事项 {case.number} 选用了您的资源“{obj}”")
    return match


def raise_need(*, need, by):
    """A hiring need becomes a 技能人才 case of its enterprise (推荐资源 then offers supply)."""
    from chainchief.casework import services as casework

    if need.case_id:
        raise PoolError(f"该需求已提交为事项 {need.case.number}")
    case = casework.create_case(
        by=by,
        title=f"招聘{need.position} {need.headcount} 人",
        text=f"企业需招聘{need.position}{need.headcount}人"
        + (f"，技能等级{need.skill_level}" if need.skill_level else "")
        + "，请协助对接院校和培训机构。",
        category="skills",
        enterprise=need.enterprise,
        source="other",
        is_demo=need.is_demo,
    )
    need.case = case
    need.save(update_fields=["case"])
    return case


def save_pool_rows(
    *, pool: str, rows: list[dict[str, Any]], by, is_demo: bool = False
) -> dict[str, int]:
    """Add or update rows of `pool` in bulk by the rules of its Excel import (pools/importing.py):
    the same columns and cell parsers, references by name, natural keys (a row whose key is
    known updates that row) and change-log entries; all or nothing. `rows` hold the import's
    fields as a sheet's cells would ({"type": "贷款", "is_partner_bank": "是", ...}).
    Returns {"created": n, "updated": n}; raises PoolError naming row, column and reason."""
    from chainchief.imports.base import ImportReport
    from chainchief.imports.registry import get_spec
    from chainchief.imports.tables import Table

    if pool not in POOLS:
        raise PoolError(f"资源池“{pool}”不存在")
    importer = get_spec(POOLS[pool].import_kind)(user=by)
    columns = list(importer.columns)
    unknown = sorted({k for row in rows for k in row} - {c.field for c in columns})
    if unknown:
        raise PoolError(f"{POOLS[pool].title}没有这些列：{'、'.join(unknown)}")
    given = {k for row in rows for k in row}
    # Only the columns given, like a sheet that has only those headers: an update leaves the
    # other fields of a known row alone.
    matched = {i: c for i, c in enumerate(columns) if c.field in given or c.required}
    importer.present = frozenset(c.field for c in matched.values())
    importer.dry_run = False
    report = ImportReport(kind=importer.kind, dry_run=False)
    # Row numbers as in a sheet: the header is row 1.
    cells = [(n, [row.get(c.field) for c in columns]) for n, row in enumerate(rows, start=2)]
    table = Table(headers=[c.header for c in columns], header_row=1, rows=iter(cells))
    parsed = importer.drop_duplicates(importer.parse_rows(table, matched, report), report)

    def refuse() -> PoolError:
        shown = "；".join(str(e) for e in report.errors[:5])
        more = f"（另有 {len(report.errors) - 5} 处）" if len(report.errors) > 5 else ""
        return PoolError(f"{POOLS[pool].title}：{shown}{more}，未保存任何数据")

    if report.errors:
        raise refuse()
    with acting_user(by):
        plan = importer.build_plan(parsed, report)
    if report.errors:
        raise refuse()
    for obj in plan.creates:
        obj.is_demo = is_demo
    try:
        with transaction.atomic(), acting_user(by):
            importer.write(importer.prepare(plan))
    except IntegrityError:
        raise PoolError("保存期间数据已被他人修改，未保存任何数据，请重试") from None
    return {"created": len(plan.creates), "updated": len(plan.updates)}
