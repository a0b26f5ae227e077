"""Pages of the pools: list with search, detail, export; choosing an offer for a case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chainchief.accounts.access import SIGNED_IN, access, scoped
from chainchief.accounts.models import Role
from chainchief.accounts.scoping import editable_enterprises
from chainchief.casework.selectors import actor_roles, get_case_for_user
from chainchief.pools import services
from chainchief.pools.models import TalentNeed
from chainchief.pools.specs import POOLS, get_pool
from chainchief.web.excel import xlsx_response


def _staff_only(user) -> None:
    # Pools are the city's own contact lists; enterprises see offers through their cases.
    if user.role == Role.ENTERPRISE_CONTACT:
        raise Http404("页面不存在")


def _rows(pool, request):
    qs = pool.model.objects.all()
    if any(f == "chain" for f in pool.columns) or pool.code == "needs":
        qs = qs.select_related(*[f for f in ("chain", "enterprise") if f in pool.columns])
    q = request.GET.get("q", "").strip()
    if q:
        cond = Q()
        for f in pool.search:
            cond |= Q(**{f"{f}__icontains": q})
        qs = qs.filter(cond)
    return qs, q


@login_required
@access(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    _staff_only(request.user)
    return redirect("pools:list", pool="talent")


@login_required
@access(SIGNED_IN)
def pool_list(request: HttpRequest, pool: str) -> HttpResponse:
    _staff_only(request.user)
    spec = get_pool(pool)
    qs, q = _rows(spec, request)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [(obj, spec.cells(obj)) for obj in page.object_list]
    return render(
        request,
        "pools/list.html",
        {"spec": spec, "pools": POOLS.values(), "page": page, "rows": rows, "q": q,
         "nav": "pools"},
    )  # fmt: skip


@login_required
@access(SIGNED_IN)
def pool_export(request: HttpRequest, pool: str) -> HttpResponse:
    _staff_only(request.user)
    spec = get_pool(pool)
    qs, _ = _rows(spec, request)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(
        f"{spec.title}-{stamp}.xlsx", spec.title[:31], spec.headers(),
        (spec.cells(o) for o in qs.iterator(chunk_size=1000)),
    )  # fmt: skip


@login_required
@access(SIGNED_IN)
def pool_detail(request: HttpRequest, pool: str, pk: int) -> HttpResponse:
    _staff_only(request.user)
    spec = get_pool(pool)
    obj = spec.model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404("记录不存在")
    fields = list(zip(spec.headers(), spec.cells(obj), strict=True))
    extra = []
    can_raise = (
        pool == "needs"
        and not obj.case_id
        and editable_enterprises(request.user).filter(pk=obj.enterprise_id).exists()
    )
    if pool == "needs" and obj.case_id:
        extra.append(("已提交事项", obj.case.number))
    if pool == "research" and obj.summary:
        extra.append(("简介", obj.summary))
    return render(
        request,
        "pools/detail.html",
        {"spec": spec, "obj": obj, "fields": fields + extra, "pools": POOLS.values(),
         "can_raise": can_raise, "nav": "pools"},
    )  # fmt: skip


@login_required
@require_POST
@access(scoped("case", write=True))
def choose(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    if not actor_roles(request.user, case) & {"dispatcher", "lead", "co"}:
        messages.error(request, "只有交办人和承办单位可以选用资源")
        return redirect("casework:detail", pk=case.pk)
    try:
        services.choose_offer(
            case=case, pool=request.POST.get("pool", ""),
            object_id=int(request.POST.get("object_id", "0") or 0),
            reason=request.POST.get("reason", ""), by=request.user,
        )  # fmt: skip
    except (services.PoolError, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已选用该资源并记入办理过程")
    return redirect("casework:detail", pk=case.pk)


@login_required
@require_POST
@access(scoped("enterprise", write=True))
def need_to_case(request: HttpRequest, pk: int) -> HttpResponse:
    need = TalentNeed.objects.filter(
        pk=pk, enterprise__in=editable_enterprises(request.user).values("id")
    ).first()
    if need is None:
        raise Http404("用工需求不存在或无权操作")
    try:
        case = services.raise_need(need=need, by=request.user)
    except (services.PoolError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("pools:detail", pool="needs", pk=need.pk)
    messages.success(request, f"已提交为事项 {case.number}")
    return redirect("casework:detail", pk=case.pk)
