"""JSON API of the supervision workflow: list with filters, detail, create, transition, rate.
Same scoping as the pages (selectors.visible_cases); refusals carry the Chinese reason."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from chainchief.accounts.access import CITY_STAFF, SIGNED_IN, access, scoped
from chainchief.accounts.models import Role
from chainchief.accounts.scoping import editable_chains, visible_enterprises
from chainchief.casework import selectors, services
from chainchief.casework.categories import category_rows, ranking_top
from chainchief.casework.kinds import get_kind
from chainchief.casework.views import RAISER
from chainchief.places.models import Department

router = Router(tags=["问题交办"])


class CaseOut(Schema):
    id: int
    number: str | None
    kind: str
    title: str
    category: str
    category_name: str
    state: str
    state_label: str
    enterprise: str | None
    chain: str | None
    lead_department: str | None
    raised_on: datetime.date
    due_on: datetime.date | None
    card: str
    rating: str
    version: int


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseOut]


class Error(Schema):
    detail: str


class CaseIn(Schema):
    title: str
    text: str
    category: str
    urgency: str = "normal"
    enterprise_id: int | None = None
    chain: str | None = None
    source: str = "enterprise"


class TransitionIn(Schema):
    action: str
    version: int
    comment: str = ""
    lead_department_id: int | None = None
    co_department_ids: list[int] = []
    days: int | None = None


class RateIn(Schema):
    version: int
    rating: str
    comment: str = ""


@router.get("/", response=CasePage, summary="事项列表（可筛选、分页）")
@access(SIGNED_IN)
def list_cases(
    request, q: str = "", kind: str = "", state: str = "", category: str = "", chain: str = "",
    department: str = "", source: str = "", card: str = "", start: str = "", end: str = "",
    page: int = 1, page_size: int = 50,
):  # fmt: skip
    f = selectors.CaseFilters(
        q=q, kind=kind, state=state, category=category, chain=chain, department=department,
        source=source, card=card, start=start, end=end,
    )  # fmt: skip
    page_size = max(1, min(page_size, 500))
    result = selectors.case_page(request.user, f, str(max(1, page)), page_size)
    return {
        "count": result.paginator.count,
        "page": result.number,
        "page_size": page_size,
        "items": [selectors.case_dict(c) for c in result.object_list],
    }


@router.get("/{int:case_id}", response=dict, summary="事项详情及办理过程")
@access(scoped("case"))
def case_detail(request, case_id: int):
    case = selectors.get_case_for_user(request.user, case_id)
    out = selectors.case_dict(case)
    out["text"] = case.text
    out["answer"] = case.answer
    out["allowed_actions"] = [a.code for a in services.allowed_actions(case, request.user)]
    out["events"] = [
        {"on": e.on, "action": e.action, "label": e.label, "by": e.by_name, "comment": e.comment}
        for e in selectors.timeline(case)
    ]
    return out


@router.post("/", response={201: CaseOut, 400: Error}, summary="提出事项")
@access(RAISER)
def create_case(request, data: CaseIn):
    user = request.user
    enterprise = chain = None
    if user.role == Role.ENTERPRISE_CONTACT:
        if not user.enterprise_id:
            raise PermissionDenied("账号未关联企业")
        enterprise, source = user.enterprise, "enterprise"
    else:
        source = data.source
        if data.enterprise_id is not None:
            enterprise = visible_enterprises(user).filter(pk=data.enterprise_id).first()
            if enterprise is None:
                return 400, {"detail": f"企业 {data.enterprise_id} 不存在或无权查看"}
        if data.chain:
            chain = editable_chains(user).filter(code=data.chain).first()
            if chain is None:
                return 400, {"detail": f"产业链“{data.chain}”不存在或无权编辑"}
    try:
        case = services.create_case(
            by=user, title=data.title, text=data.text, category=data.category,
            urgency=data.urgency, enterprise=enterprise, chain=chain, source=source,
        )  # fmt: skip
    except services.CaseError as exc:
        return 400, {"detail": str(exc)}
    return 201, selectors.case_dict(case)


def _move(request, case_id: int, **kwargs):
    case = selectors.get_case_for_user(request.user, case_id)
    try:
        case = services.transition(case=case, by=request.user, **kwargs)
    except services.CaseConflict as exc:
        return 409, {"detail": str(exc)}
    except services.CaseError as exc:
        return 400, {"detail": str(exc)}
    return 200, selectors.case_dict(case)


@router.post(
    "/{int:case_id}/transition",
    response={200: CaseOut, 400: Error, 409: Error},
    summary="办理一步（非法操作返回 400 及原因，并发冲突返回 409）",
)
@access(scoped("case", write=True))
def transition(request, case_id: int, data: TransitionIn):
    lead = None
    if data.lead_department_id is not None:
        lead = Department.objects.filter(pk=data.lead_department_id).first()
        if lead is None:
            return 400, {"detail": f"单位 {data.lead_department_id} 不存在"}
    co = list(Department.objects.filter(pk__in=data.co_department_ids))
    return _move(
        request, case_id, action=data.action, version=data.version, comment=data.comment,
        lead_department=lead, co_departments=co, days=data.days,
    )  # fmt: skip


@router.post(
    "/{int:case_id}/rate",
    response={200: CaseOut, 400: Error, 409: Error},
    summary="回访评价（满意 satisfied / 基本满意 basic / 不满意 unsatisfied）",
)
@access(scoped("case", write=True))
def rate(request, case_id: int, data: RateIn):
    return _move(
        request, case_id, action="rate", version=data.version, rating=data.rating,
        comment=data.comment,
    )  # fmt: skip


class CategoryOut(Schema):
    code: str
    name: str
    is_active: bool
    sort: int
    answer_days: dict[str, int]


@router.get(
    "/categories",
    response=list[CategoryOut],
    summary="问题类别（产业链推进办公室在系统设置中维护）及各紧急程度的答复时限（工作日）",
)
@access(SIGNED_IN)
def categories(request, kind: str = "problem", active: bool = False):
    try:
        spec = get_kind(kind)
    except ValueError:
        return []
    rows = category_rows(spec.code, active_only=active)
    return [
        {
            "code": c.code,
            "name": c.name,
            "is_active": c.is_active,
            "sort": c.sort,
            "answer_days": c.answer_days,
        }
        for c in rows
    ]


class RankingOut(Schema):
    top: int
    red: list[dict]
    black: list[dict]


@router.get(
    "/ranking",
    response=RankingOut,
    summary="红黑榜：部门排名前后各 N 名（N 由产业链推进办公室在系统设置中设定）",
)
@access(CITY_STAFF)
def ranking(request, kind: str = "", start: str = "", end: str = ""):
    top = ranking_top()
    red, black = selectors.department_ranking(
        kind=kind or None, start=selectors._date(start), end=selectors._date(end), top=top
    )
    keep = ("lead_department_id", "name", "score", "received", "closed_rate", "on_time_rate",
            "satisfaction_rate", "open_overdue")  # fmt: skip
    return {
        "top": top,
        "red": [{k: r[k] for k in keep} for r in red],
        "black": [{k: r[k] for k in keep} for r in black],
    }


@router.get("/stats", response=dict, summary="统计：受理、办结率、按时办结率、满意率……")
@access(SIGNED_IN)
def stats(request, kind: str = "", chain: str = "", start: str = "", end: str = ""):
    scope = selectors.visible_cases(request.user)
    chain_ids = None
    if chain:
        chain_ids = list(scope.filter(chain__code=chain).values_list("chain_id", flat=True)[:1])
    return selectors.case_stats(
        cases=scope, kind=kind or None, chain_ids=chain_ids,
        start=selectors._date(start), end=selectors._date(end),
    )  # fmt: skip
