"""Chains in the JSON API; the same scoping as the pages (404 outside the user's chains) and
the same service for edits (a stale version answers 409)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema

from chainchief.accounts.access import SIGNED_IN, access, scoped
from chainchief.accounts.scoping import can_manage_city, get_chain_for_user, get_rw_chain_for_user
from chainchief.chains import selectors, services
from chainchief.chains.models import LayoutNode
from chainchief.chains.yaml_io import dump_chain
from chainchief.core.values import parse_id
from chainchief.core.versioning import edit_answer
from chainchief.places.models import Park

router = Router(tags=["产业链"])


class ChainOut(Schema):
    code: str
    name: str
    status: str
    layout: str | None
    enterprise_count: int
    segment_count: int
    version: int

    @staticmethod
    def of(c) -> ChainOut:
        return ChainOut(
            code=c.code,
            name=c.name,
            status=c.status,
            layout=c.layout_node.name if c.layout_node else None,
            enterprise_count=c.enterprise_count,
            segment_count=c.segment_count,
            version=c.version,
        )


class ChainUpdateIn(Schema):
    """Fields to change; `version` is the one read (a stale save answers 409). Only the chain
    office changes a code, as on the edit page."""

    version: int
    code: str | None = None
    name: str | None = None
    description: str | None = None
    status: str | None = None
    sort: int | None = None
    layout_node: int | None = None  # 产业格局节点 id; null clears
    host_parks: list[str] | None = None  # 园区名称


class Error(Schema):
    detail: str


class SegmentOut(Schema):
    id: int
    parent_id: int | None
    stage: str
    name: str
    terms: list[str]
    weight: Decimal
    enterprise_count: int


@router.get("/", response=list[ChainOut], summary="可查看的产业链")
@access(SIGNED_IN)
def list_chains(request, q: str = ""):
    return [ChainOut.of(c) for c in selectors.chains_for_list(request.user, q=q)]


def _update_fields(user, data: ChainUpdateIn) -> dict:
    """The service's keyword data from the request; raises ChainError for unknown references."""
    fields = data.dict(exclude_unset=True)
    if "code" in fields and not can_manage_city(user):
        raise services.ChainError("仅产业链推进办公室可修改产业链代码", field="code")
    for key in ("code", "name", "status", "sort", "description"):
        if key in fields and fields[key] is None:
            raise services.ChainError(f"字段“{key}”不能为空值", field=key)
    if "layout_node" in fields and fields["layout_node"] is not None:
        pk = parse_id(fields["layout_node"])
        node = LayoutNode.objects.filter(pk=pk).first() if pk else None
        if node is None:
            raise services.ChainError(
                f"产业格局节点 {fields['layout_node']} 不存在", field="layout_node"
            )
        fields["layout_node"] = node
    if "host_parks" in fields:
        names = [str(n).strip() for n in fields.pop("host_parks") or []]
        parks = list(Park.objects.filter(name__in=names))
        missing = sorted(set(names) - {p.name for p in parks})
        if missing:
            raise services.ChainError(f"园区“{missing[0]}”不存在", field="host_parks")
        fields["host_parks"] = parks
    return fields


@router.patch(
    "/{code}",
    response={200: ChainOut, 400: Error, 409: Error},
    summary="修改产业链（须带读取时的 version；他人已修改时返回 409）",
)
@access(scoped("chain", write=True))
def update_chain(request, code: str, data: ChainUpdateIn):
    chain = get_rw_chain_for_user(request.user, code=code)

    def save():
        services.save_chain(by=request.user, chain=chain, **_update_fields(request.user, data))

    refused = edit_answer(save, stale=services.StaleChain, invalid=services.ChainError)
    if refused:
        return refused
    return 200, ChainOut.of(selectors.chains_for_list(request.user).get(pk=chain.pk))


@router.get("/{code}", summary="产业链详情：组织架构、发展目标和图谱（与 YAML 格式相同）")
@access(scoped("chain"))
def chain_detail(request, code: str):
    return dump_chain(get_chain_for_user(request.user, code=code))


@router.get("/{code}/segments", response=list[SegmentOut], summary="环节及本地企业数")
@access(scoped("chain"))
def chain_segments(request, code: str):
    chain = get_chain_for_user(request.user, code=code)
    out: list[SegmentOut] = []

    def walk(nodes):
        for n in nodes:
            s = n.segment
            out.append(
                SegmentOut(
                    id=s.pk,
                    parent_id=s.parent_id,
                    stage=s.stage,
                    name=s.name,
                    terms=s.terms or [],
                    weight=s.weight,
                    enterprise_count=n.enterprise_count,
                )
            )
            walk(n.children)

    for nodes in selectors.segment_tree(chain).values():
        walk(nodes)
    return out
