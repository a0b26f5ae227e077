"""The enterprise library in the JSON API, filtered and scoped exactly like the list page;
edits go through the same service as the edit page (a stale version answers 409)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.paginator import Paginator
from ninja import Router, Schema

from chainchief.accounts.access import SIGNED_IN, access, scoped
from chainchief.accounts.models import Role, User
from chainchief.accounts.scoping import (
    editable_chains,
    get_enterprise_for_user,
    get_rw_enterprise_for_user,
)
from chainchief.chains.models import Chain, Segment
from chainchief.core.values import parse_id
from chainchief.core.versioning import edit_answer
from chainchief.enterprises import selectors, services
from chainchief.places.models import District, Park

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
    version: int


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
        version=e.version,
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


class EnterpriseUpdateIn(Schema):
    """Fields to change; `version` is the one read (a stale save answers 409). `chains` are
    codes and `segments` ids; links to chains the user may not edit are kept."""

    version: int
    name: str | None = None
    credit_code: str | None = None
    district: str | None = None  # 县市区代码
    park: str | None = None  # 园区名称；空字符串或 null 清除
    main_products: list[str] | str | None = None
    business_scope: str | None = None
    established_on: str | None = None  # YYYY-MM-DD；空字符串或 null 清除
    liaison_official: str | None = None  # 联络干部用户名；空字符串或 null 清除
    note: str | None = None
    chains: list[str] | None = None
    segments: list[int] | None = None


class Error(Schema):
    detail: str


def _detail(user, enterprise_id: int) -> EnterpriseDetail:
    e = get_enterprise_for_user(user, pk=enterprise_id)
    e = selectors.filter_enterprises(user, selectors.EnterpriseFilters()).get(pk=e.pk)
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


@router.get("/{enterprise_id}", response=EnterpriseDetail, summary="企业详情及月度指标")
@access(scoped("enterprise"))
def enterprise_detail(request, enterprise_id: int):
    return _detail(request.user, enterprise_id)


def _lookup(model, field: str, value, message: str, *, key: str):
    found = model.objects.filter(**{field: value}).first() if value else None
    if found is None:
        raise services.EnterpriseError(message, field=key)
    return found


def _update_fields(user, enterprise, data: EnterpriseUpdateIn) -> dict:
    """The service's keyword data from the request; raises EnterpriseError for unknown
    references. Links not sent stay as they are (within the user's editable chains)."""
    fields = data.dict(exclude_unset=True)
    for key in ("name", "credit_code", "district"):
        if key in fields and fields[key] is None:
            raise services.EnterpriseError(f"字段“{key}”不能为空值", field=key)
    for key in ("business_scope", "note", "main_products"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    if isinstance(fields.get("main_products"), list):
        fields["main_products"] = "、".join(str(p).strip() for p in fields["main_products"])
    if "district" in fields:
        code = str(fields["district"]).strip()
        fields["district"] = _lookup(
            District, "code", code, f"县市区代码“{code}”不存在", key="district"
        )
    if "park" in fields:
        name = str(fields["park"] or "").strip()
        fields["park"] = (
            _lookup(Park, "name", name, f"园区“{name}”不存在", key="park") if name else None
        )
    if "liaison_official" in fields:
        name = str(fields["liaison_official"] or "").strip()
        official = None
        if name:
            message = f"联络干部“{name}”不存在"
            official = _lookup(User, "username", name, message, key="liaison_official")
            if official.role == Role.ENTERPRISE_CONTACT or not official.is_active:
                raise services.EnterpriseError(message, field="liaison_official")
        fields["liaison_official"] = official
    if "chains" in fields or "segments" in fields:
        editable = editable_chains(user)
        if fields.get("chains") is None:
            chains = list(enterprise.chains.filter(pk__in=editable))
        else:
            codes = [str(c).strip() for c in fields["chains"]]
            chains = list(Chain.objects.filter(code__in=codes))
            missing = sorted(set(codes) - {c.code for c in chains})
            if missing:
                raise services.EnterpriseError(f"产业链“{missing[0]}”不存在", field="chains")
        if fields.get("segments") is None:
            segments = list(enterprise.segments.filter(chain__in=chains).select_related("chain"))
        else:
            ids = {parse_id(i) for i in fields["segments"]}
            segments = list(
                Segment.objects.filter(pk__in=[i for i in ids if i and i < 2**31]).select_related(
                    "chain"
                )
            )
            if len(segments) != len(ids):
                raise services.EnterpriseError("所选环节不存在", field="segments")
        fields["chains"], fields["segments"] = chains, segments
    return fields


@router.patch(
    "/{enterprise_id}",
    response={200: EnterpriseDetail, 400: Error, 409: Error},
    summary="修改企业（须带读取时的 version；他人已修改时返回 409）",
)
@access(scoped("enterprise", write=True))
def update_enterprise(request, enterprise_id: int, data: EnterpriseUpdateIn):
    enterprise = get_rw_enterprise_for_user(request.user, pk=enterprise_id)

    def save():
        fields = _update_fields(request.user, enterprise, data)
        services.save_enterprise(by=request.user, enterprise=enterprise, **fields)

    refused = edit_answer(save, stale=services.StaleEnterprise, invalid=services.EnterpriseError)
    if refused:
        return refused
    return 200, _detail(request.user, enterprise.pk)
