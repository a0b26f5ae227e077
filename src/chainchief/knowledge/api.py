"""JSON API of the national graph and the chain analysis (mounted at /api/knowledge)."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from chainchief.accounts.access import OFFICE, SIGNED_IN, access, scoped
from chainchief.accounts.scoping import (
    get_chain_for_user,
    get_supply_enterprise_for_user,
    require_city_manager,
)
from chainchief.knowledge import selectors, services

router = Router(tags=["产业图谱与分析"])


class ProposeIn(Schema):
    product: str


@router.get("/stats", summary="全国产业图谱统计")
@access(SIGNED_IN)
def stats(request):
    return selectors.kg_stats()


@router.get("/chains/{code}/gaps", summary="产业链缺链、弱链分析")
@access(scoped("chain"))
def gaps(request, code: str):
    return selectors.chain_gaps(get_chain_for_user(request.user, code=code))


@router.get("/chains/{code}/resolution", summary="环节产品词对应的图谱产品")
@access(scoped("chain"))
def resolution(request, code: str):
    return selectors.chain_resolution(get_chain_for_user(request.user, code=code))


@router.get("/chains/{code}/targets", summary="招商目标排序（附理由）")
@access(scoped("chain"))
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
@access(scoped("enterprise"))
def supply(request, enterprise_id: int):
    enterprise = get_supply_enterprise_for_user(request.user, pk=enterprise_id)
    return selectors.enterprise_supply(enterprise)


@router.get("/products/search", summary="搜索图谱产品")
@access(SIGNED_IN)
def product_search(request, q: str = "", limit: int = 20):
    if not selectors.kg_stats()["imported"]:
        return {"note": "未导入全国产业图谱", "products": []}
    return {"note": "", "products": selectors.search_products(q, max(1, min(limit, 100)))}


@router.post("/propose", summary="由核心产品推荐草稿产业链")
@access(OFFICE)
def propose(request, payload: ProposeIn):
    # Creating a chain is a city-level act: the office only, as on the page.
    require_city_manager(request.user)
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
