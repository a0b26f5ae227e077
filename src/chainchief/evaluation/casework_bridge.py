"""The evaluation's two links to the supervision workflow (casework):

- problem indicators (办结率, 按时办结率, 满意率) read casework's cases of kind 企业诉求;
- a signed comment's action items (整改要求) become cases of kind 点评交办 (`review`), which
  this app registers with casework's kind registry.

Every function degrades to "no data" (and says so) when casework is not installed, so the
evaluation runs on a city without the problem workflow.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.apps import apps
from django.db import connections
from django.db.models import Case as DbCase
from django.db.models import Value, When

from chainchief.evaluation.periods import Period

REVIEW_KIND = "review"
NOT_READY = "问题交办模块未启用，无法取数"


def casework_ready() -> bool:
    return apps.is_installed("chainchief.casework") and _case_model() is not None


def _case_model():
    try:
        return apps.get_model("casework", "Case")
    except LookupError:
        return None


def register_review_kind() -> None:
    """Called from apps.ready(): cases of kind 点评交办 (review-meeting follow-ups)."""
    try:
        from chainchief.casework.kinds import CaseKind, register
    except ImportError:
        return
    register(
        CaseKind(
            code=REVIEW_KIND,
            label="点评交办",
            prefix="DP",
            answer_days={"default": 20},
            dispatchers=("chain_office",),
            raters=("dispatcher",),
        )
    )


def case_rates(chain_ids: list[int], period: Period, which: str, shared: dict | None = None):
    """办结率 / 按时办结率 / 满意率 of enterprise problems raised in the period, per chain, with the
    cases counted (amount 1 = counts toward the numerator)."""
    from chainchief.evaluation.sources import Measure

    Case = _case_model()
    if Case is None:
        return {cid: Measure(None, note=NOT_READY) for cid in chain_ids}
    key = ("case_rates", tuple(chain_ids), period.code)
    if shared is not None and key in shared:
        return shared[key][which]
    qs = Case.objects.filter(
        kind="problem",
        chain_id__in=chain_ids,
        raised_on__gte=period.start,
        raised_on__lte=period.end,
    ).exclude(state="not_accepted")
    rows = {w: defaultdict(list) for w in ("closed", "on_time", "satisfied")}
    # Rows carry no label (the drill-down page looks titles up for the rows it shows), and the
    # closing test runs in SQL: a run over 100,000 cases stays a few seconds.
    qs = qs.annotate(
        closed_in=DbCase(When(closed_on__lte=period.end, then=Value(1)), default=Value(0))
    )
    satisfied_note = {"satisfied": "满意", "basic": "基本满意"}
    # Read on a plain cursor: 100,000 rows through the ORM's per-value converters cost seconds.
    sql, params = (
        qs.values_list("id", "chain_id", "closed_in", "closed_on_time", "rating")
        .order_by("id")
        .query.sql_with_params()
    )
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    for cid_, chain_id, closed, on_time, rating in found:
        closed = 1 if closed else 0
        rows["closed"][chain_id].append(
            {"type": "case", "id": cid_, "amount": closed, "note": "已办结" if closed else "未办结"}
        )
        if closed:
            rows["on_time"][chain_id].append(
                {
                    "type": "case",
                    "id": cid_,
                    "amount": 1 if on_time else 0,
                    "note": "按时" if on_time else "超时",
                }
            )
            if rating:
                rows["satisfied"][chain_id].append(
                    {
                        "type": "case",
                        "id": cid_,
                        "amount": 1 if rating == "satisfied" else 0,
                        "note": satisfied_note.get(rating, "不满意"),
                    }
                )
    result = {}
    for w, by_chain in rows.items():
        result[w] = {}
        for cid in chain_ids:
            r = by_chain.get(cid, [])
            hits = sum(x["amount"] for x in r)
            value = round(hits / len(r) * 100, 2) if r else None
            result[w][cid] = Measure(
                value, r, f"{hits} ÷ {len(r)}" if r else "本期无相应的交办问题"
            )
    if shared is not None:
        shared[key] = result
    return result[which]


def open_red_cases(chain_id: int, today: datetime.date | None = None) -> list[dict]:
    """Open cases of the chain with a red card (for the comment draft's weaknesses)."""
    Case = _case_model()
    if Case is None:
        return []
    qs = Case.objects.filter(chain_id=chain_id, card="red").exclude(
        state__in=["closed", "not_accepted"]
    )
    return [
        {"id": c.pk, "title": c.title, "number": c.number or ""} for c in qs.order_by("due_on")[:10]
    ]


def create_review_case(*, item, by) -> int | None:
    """The case of kind 点评交办 for one action item: created, and assigned to its department
    with its deadline when one is named. Returns the case id (None without casework)."""
    if not casework_ready():
        return None
    from chainchief.casework import services as case_services

    comment = item.comment
    case = case_services.create_case(
        by=by,
        kind=REVIEW_KIND,
        title=f"{comment.run.period} 点评会整改要求：{item.text[:60]}",
        text=item.text,
        chain=comment.chain,
        source="review_meeting",
        extra={
            "evaluation_run": comment.run_id,
            "action_item": item.pk,
            "deadline": item.deadline.isoformat(),
        },
    )
    if item.department_id is not None:
        try:
            case = case_services.transition(
                case=case,
                action="assign",
                by=by,
                version=case.version,
                lead_department=item.department,
                comment=f"完成时限：{item.deadline:%Y-%m-%d}",
            )
        except case_services.CaseError:
            pass  # stays 待受理; the office assigns it on the case page
    return case.pk
