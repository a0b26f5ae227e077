"""The enterprise library in the JSON API, filtered and scoped exactly like the list page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.paginator import Paginator
from ninja import Router, Schema

from chainchief.accounts.access import SIGNED_IN, access, scoped
from chainchief.accounts.scoping import get_enterprise_for_user
from chainchief.enterprises import selectors

router = Router(tags=["企业库"])


class EnterpriseRow(Schema):
    id: int
    name: str
    credit_code: str
    district: str
    park: str | None
    chains: list[str]
    tiers: list[str]
    output_12m: Decimal | None


class EnterprisePage(Schema):
    count: int
    page: int
    pages: int
    results: list[EnterpriseRow]


class IndicatorOut(Schema):
    month: datetime.date
    output_value: Decimal | None
    revenue: Decimal | None
    tax: Decimal | None
    employees: int | None


class EnterpriseDetail(EnterpriseRow):
    main_products: list[str]
    business_scope: str
    segments: list[int]
    indicators: list[IndicatorOut]


def _row(e) -> dict:
    return dict(
        id=e.pk,
        name=e.name,
        credit_code=e.credit_code,
        district=e.district.code,
        park=e.park.name if e.park else None,
        chains=[c.code for c in e.chains.all()],
        tiers=[t.tier for t in e.tiers.all()],
        output_12m=getattr(e, "output_12m", None),
    )


@router.get(
    "/",
    response=EnterprisePage,
    summary="企业列表（参数同企业库页面：q, chain, segment, tier, park, district, sort, page）",
)
@access(SIGNED_IN)
def list_enterprises(request, page: int = 1, size: int = 50):
    filters = selectors.EnterpriseFilters.from_query(request.GET)
    paginator = Paginator(
        selectors.filter_enterprises(request.user, filters), min(max(size, 1), 500)
    )
    current = paginator.get_page(page)
    return EnterprisePage(
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        results=[EnterpriseRow(**_row(e)) for e in current],
    )


@router.get("/{enterprise_id}", response=EnterpriseDetail, summary="企业详情及月度指标")
@access(scoped("enterprise"))
def enterprise_detail(request, enterprise_id: int):
    filters = selectors.EnterpriseFilters()
    e = get_enterprise_for_user(request.user, pk=enterprise_id)
    e = selectors.filter_enterprises(request.user, filters).get(pk=e.pk)
    return EnterpriseDetail(
        **_row(e),
        main_products=e.product_list(),
        business_scope=e.business_scope,
        segments=list(e.segments.values_list("id", flat=True)),
        indicators=[
            IndicatorOut(
                month=r.month,
                output_value=r.output_value,
                revenue=r.revenue,
                tax=r.tax,
                employees=r.employees,
            )
            for r in selectors.indicator_series(e)
        ],
    )
