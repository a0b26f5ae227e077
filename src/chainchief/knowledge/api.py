"""JSON API of the national graph and the chain analysis (mounted at /api/knowledge)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.errors import HttpError

from chainchief.accounts.scoping import (
    can_manage_city,
    editable_chains,
    get_chain_for_user,
    get_enterprise_for_user,
)
from chainchief.knowledge import selectors, services

router = Router(tags=["产业图谱与分析"])


class ProposeIn(Schema):
    product: str


@router.get("/stats", summary="全国产业图谱统计")
def stats(request):
    return selectors.kg_stats()


@router.get("/chains/{code}/gaps", summary="产业链缺链、弱链分析")
def gaps(request, code: str):
    return selectors.chain_gaps(get_chain_for_user(request.user, code=code))


@router.get("/chains/{code}/resolution", summary="环节产品词对应的图谱产品")
def resolution(request, code: str):
    return selectors.chain_resolution(get_chain_for_user(request.user, code=code))


@router.get("/chains/{code}/targets", summary="招商目标排序（附理由）")
def targets(
    request,
    code: str,
    segment: int | None = None,
    top: int = 50,
    include_distressed: bool = False,
    region: str | None = None,
):
    chain = get_chain_for_user(request.user, code=code)
    regions = tuple(r for r in (region or "").replace("，", ",").split(",") if r) or None
    return selectors.chain_targets(
        chain,
        segment_id=segment,
        top=max(1, min(top, 500)),
        include_distressed=include_distressed,
        regions=regions,
    )


@router.get("/enterprises/{enterprise_id}/supply", summary="链主企业本地配套率")
def supply(request, enterprise_id: int):
    return selectors.enterprise_supply(get_enterprise_for_user(request.user, pk=enterprise_id))


@router.get("/products/search", summary="搜索图谱产品")
def product_search(request, q: str = "", limit: int = 20):
    if not selectors.kg_stats()["imported"]:
        return {"note": "未导入全国产业图谱", "products": []}
    return {"note": "", "products": selectors.search_products(q, max(1, min(limit, 100)))}


@router.post("/propose", summary="由核心产品推荐草稿产业链")
def propose(request, payload: ProposeIn):
    # Creating a chain is a city-level act: the office (or a chain chief) may do it.
    if not (can_manage_city(request.user) or editable_chains(request.user).exists()):
        raise PermissionDenied("无权新建产业链")
    try:
        chain = services.propose_chain(product=payload.product)
    except services.ProposalError as exc:
        raise HttpError(400, str(exc)) from exc
    return {
        "code": chain.code,
        "name": chain.name,
        "status": chain.status,
        "segments": chain.segments.count(),
    }
