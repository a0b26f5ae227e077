"""Writes of the knowledge app: draft chains proposed from the graph, enterprise-product links."""

from __future__ import annotations

from django.db import transaction

from chainchief.accounts.changelog import acting_user
from chainchief.chains.models import Chain, Segment
from chainchief.enterprises.models import Enterprise
from chainchief.knowledge.engine.matching import match_products_text
from chainchief.knowledge.engine.proposal import propose_chain as propose_plan
from chainchief.knowledge.engine.synonyms import SynonymError, parse_line
from chainchief.knowledge.loader import NOT_IMPORTED, get_index
from chainchief.knowledge.models import EnterpriseProduct, Synonym, TargetMark
from chainchief.knowledge.selectors import get_config


class ProposalError(ValueError):
    pass


def _next_draft_code() -> str:
    taken = set(Chain.objects.filter(code__startswith="DRAFT").values_list("code", flat=True))
    n = 1
    while f"DRAFT{n:03d}" in taken:
        n += 1
    return f"DRAFT{n:03d}"


@transaction.atomic
def propose_chain(*, product: str) -> Chain:
    """Save the graph's proposal around `product` as a draft chain (status draft) the
    office then edits. Raises ProposalError (Chinese message) when there is nothing to propose."""
    index = get_index()
    if index.empty:
        raise ProposalError(NOT_IMPORTED + "，无法推荐链图。")
    plan = propose_plan(index, product, get_config())
    if not plan["segments"]:
        raise ProposalError(plan["note"] or f"图谱中未找到产品“{product}”")
    chain = Chain.objects.create(
        code=_next_draft_code(),
        name=plan["name"][:100],
        status=Chain.Status.DRAFT,
        description=f"由全国产业图谱以“{plan['core']}”为核心产品推荐的草稿链图，请审核后调整。",
    )
    created: dict[str, Segment] = {}
    for sort, item in enumerate(plan["segments"], 1):
        created[item["key"]] = Segment.objects.create(
            chain=chain,
            parent=created.get(item["parent"]) if item["parent"] else None,
            stage=item["stage"],
            name=item["name"][:100],
            terms=item["terms"],
            description=item["description"],
            sort=sort,
        )
    return chain


def match_enterprises(*, enterprise_ids: list[int] | None = None) -> dict[str, int]:
    """(Re)match enterprises' main products and business scope to graph products and store
    them as `matched` links; links staff entered are kept as they are."""
    index = get_index()
    if index.empty:
        return {"enterprises": 0, "links": 0, "graph_imported": 0}
    qs = Enterprise.objects.all()
    if enterprise_ids is not None:
        qs = qs.filter(id__in=enterprise_ids)
    rows = list(qs.values_list("id", "main_products", "business_scope"))
    links_qs = EnterpriseProduct.objects.all()
    if enterprise_ids is not None:
        links_qs = links_qs.filter(enterprise_id__in=enterprise_ids)
    entered = set(
        links_qs.filter(source=EnterpriseProduct.Source.ENTERED).values_list(
            "enterprise_id", "product_id"
        )
    )
    links = []
    for eid, main_products, scope in rows:
        for pid, text in match_products_text(index, main_products, scope).items():
            if (eid, pid) not in entered:
                links.append(
                    EnterpriseProduct(
                        enterprise_id=eid,
                        product_id=pid,
                        source=EnterpriseProduct.Source.MATCHED,
                        matched_text=text[:300],
                    )
                )
    with transaction.atomic():
        links_qs.filter(source=EnterpriseProduct.Source.MATCHED).delete()
        EnterpriseProduct.objects.bulk_create(links, batch_size=2000)
    return {"enterprises": len(rows), "links": len(links), "graph_imported": 1}


# --- synonyms the office adds -----------------------------------------------------------


class SynonymInputError(ValueError):
    pass


def add_synonym(*, text: str, scope: str = "", note: str = "", by) -> Synonym:
    """One synonym group (`A = B = C` or `A > B, C`); checked before it is saved."""
    try:
        group = parse_line(text)
    except SynonymError as exc:
        raise SynonymInputError(str(exc)) from exc
    if group is None:
        raise SynonymInputError("请填写同义词组")
    with acting_user(by):
        return Synonym.objects.create(
            text=group.text.removeprefix(f"[{group.scope}] ") if group.scope else group.text,
            scope=(scope or group.scope).strip()[:50],
            note=note.strip()[:200],
            created_by=by,
        )


def delete_synonym(*, synonym: Synonym, by) -> None:
    with acting_user(by):
        synonym.delete()


# --- feedback on targets ------------------------------------------------------------------


class MarkError(ValueError):
    pass


def mark_target_irrelevant(
    *, segment: Segment, company_key: str, company_name: str, reason: str, by
) -> TargetMark:
    """The office marks a target 不相关 for a segment: from then on it is left out there."""
    reason = (reason or "").strip()
    if not reason:
        raise MarkError("请填写不相关的原因")
    if not company_key.strip():
        raise MarkError("缺少企业代码")
    with acting_user(by), transaction.atomic():
        mark, created = TargetMark.objects.get_or_create(
            segment=segment,
            company_key=company_key.strip()[:40],
            defaults={
                "company_name": company_name.strip()[:200],
                "reason": reason[:300],
                "marked_by": by,
            },
        )
        if not created:
            raise MarkError(f"“{mark.company_name}”已在该环节标记为不相关")
    return mark


def unmark_target(*, mark: TargetMark, by) -> None:
    with acting_user(by):
        mark.delete()
