"""Chains in the JSON API; the same scoping as the pages (404 outside the user's chains)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema

from chainchief.accounts.access import SIGNED_IN, access, scoped
from chainchief.accounts.scoping import get_chain_for_user
from chainchief.chains import selectors
from chainchief.chains.yaml_io import dump_chain

router = Router(tags=["产业链"])


class ChainOut(Schema):
    code: str
    name: str
    status: str
    layout: str | None
    enterprise_count: int
    segment_count: int


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
    return [
        ChainOut(
            code=c.code,
            name=c.name,
            status=c.status,
            layout=c.layout_node.name if c.layout_node else None,
            enterprise_count=c.enterprise_count,
            segment_count=c.segment_count,
        )
        for c in selectors.chains_for_list(request.user, q=q)
    ]


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
