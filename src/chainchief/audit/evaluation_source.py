"""Audit as an indicator source of the evaluation (整改率 of a chain's projects).

Registered from AuditConfig.ready(). Due in the period: findings concerning the chain's
projects whose completion date (or, before a plan exists, the plan deadline) falls on or
before the period's end, plus those closed in it. Rows name the finding's number and unit
only: the evaluation's drill-down is seen more widely than audit data.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q


def rectification_rate(ctx) -> dict:
    from chainchief.audit.models import Finding, RectState
    from chainchief.evaluation.sources import Measure

    end = ctx.period.end
    due = (
        Q(rectification__due_on__lte=end)
        | Q(rectification__state=RectState.AWAITING_PLAN, rectification__plan_due_on__lte=end)
        | Q(rectification__state=RectState.CLOSED, rectification__closed_on__lte=end)
    )
    links = (
        Finding.objects.filter(due, projects__chain_id__in=ctx.chain_ids)
        .values_list("projects__chain_id", "pk", "number", "unit__name", "rectification__state",
                     "rectification__closed_on")
        .distinct()
    )  # fmt: skip
    rows: defaultdict[int, dict] = defaultdict(dict)
    for chain_id, pk, number, unit, state, closed_on in links:
        closed = state == RectState.CLOSED and closed_on is not None and closed_on <= end
        rows[chain_id][pk] = {
            "type": "finding", "id": pk, "label": f"{number}（{unit}）",
            "amount": 1 if closed else 0, "note": "已销号" if closed else "未销号",
        }  # fmt: skip
    result = {}
    for cid in ctx.chain_ids:
        r = list(rows.get(cid, {}).values())
        value = round(sum(x["amount"] for x in r) * 100 / len(r), 1) if r else None
        result[cid] = Measure(value, r, "应整改的审计问题中已销号的比例")
    return result


def register_source() -> None:
    from chainchief.evaluation.sources import register

    register("audit_rectification_rate", "审计整改率", "%",
             "涉及本链项目、本期应完成整改的审计问题中已对账销号的比例")(rectification_rate)  # fmt: skip
