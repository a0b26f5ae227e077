"""Writes of the pools: choosing an offer for a case (the imports write the rows)."""

from __future__ import annotations

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
