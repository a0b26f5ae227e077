"""推荐资源: which pool offers answer a case, each with its reason.

Research results are matched by product words: the case's text and its enterprise's main
products go through the knowledge engine's text matching (the same automaton over the
national graph's product names that links enterprises to products), and a result matches
when its own words resolve to the same products; without an imported graph, plain word
containment stands in. Talent and capital offers follow the case's category."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from chainchief.pools.models import FinancingProduct, Partner, ResearchResult, TalentSupply

TALENT = {"skills"}
CAPITAL = {"financing_access", "financing_cost"}
RESEARCH = {"university", "research", "capacity", "market", "other"}


@dataclass
class Offer:
    pool: str
    object_id: int
    label: str
    reason: str
    score: float


def _products(texts: list[str]) -> dict[int, str]:
    try:
        from chainchief.knowledge.engine.matching import match_text
        from chainchief.knowledge.loader import get_index

        index = get_index()
    except Exception:  # no graph tables yet
        return {}
    if index.empty:
        return {}
    found: dict[int, str] = {}
    for text in texts:
        found.update(match_text(index, text or ""))
    return found


def research_matches(texts: list[str], *, limit: int = 5) -> list[Offer]:
    """Research results sharing products (graph) or words with `texts`, best first."""
    joined = "\n".join(t for t in texts if t)
    wanted = _products(texts)
    offers = []
    for r in ResearchResult.objects.all():
        words = r.words or [r.field]
        shared_words = [w for w in words if w and w in joined]
        shared_products = []
        if wanted:
            own = _products([r.title, r.keywords])
            shared_products = sorted({wanted[p] for p in set(own) & set(wanted)})
        if not shared_words and not shared_products:
            continue
        names = shared_products or shared_words
        how = "产品匹配" if shared_products else "关键词匹配"
        reason = f"{how}：{'、'.join(names[:5])}；{r.get_maturity_display()}，{r.institution}"
        score = 2 * len(shared_products) + len(shared_words) + (r.trl or 0) / 10
        offers.append(Offer("research", r.pk, r.title, reason, score))
    offers.sort(key=lambda o: -o.score)
    return offers[:limit]


def recommend(case, *, limit: int = 5) -> list[Offer]:
    enterprise = case.enterprise
    texts = [case.title, case.text, enterprise.main_products if enterprise else ""]
    offers: list[Offer] = []
    if case.category in TALENT:
        qs = TalentSupply.objects.all()
        if case.chain_id:
            qs = qs.filter(Q(chain_id=case.chain_id) | Q(chain__isnull=True))
        joined = "\n".join(texts)
        for s in qs.order_by("-graduates_per_year")[:50]:
            hit = [w for w in (s.major, s.training) if w and w[:2] in joined]
            reason = f"{s.institution}{s.major}专业，年毕业 {s.graduates_per_year} 人"
            if hit:
                reason += f"；与诉求相关：{'、'.join(hit)}"
            offers.append(
                Offer("talent", s.pk, str(s), reason, len(hit) + s.graduates_per_year / 1000)
            )
    if case.category in CAPITAL:
        qs = FinancingProduct.objects.all()
        for p in qs[:100]:
            score = 1.0
            reason = (
                f"{p.get_type_display()}，额度 {p.amount_min or '—'}–{p.amount_max or '—'} 万元"
            )
            if p.rate:
                reason += f"，利率 {p.rate}"
            if p.chain_id and p.chain_id == case.chain_id:
                score += 2
                reason += "；本链合作银行" if p.is_partner_bank else "；面向本链"
            if case.category == "financing_cost" and p.type == FinancingProduct.Type.LOAN:
                score += 0.5
            offers.append(Offer("capital", p.pk, str(p), reason, score))
    if case.category in RESEARCH or case.category in TALENT:
        offers += research_matches(texts, limit=limit)
    if case.category in {"university", "research"}:
        for p in Partner.objects.filter(kind__in=[Partner.Kind.UNIVERSITY, Partner.Kind.INSTITUTE])[
            :limit
        ]:
            offers.append(
                Offer("partners", p.pk, p.name, f"{p.get_kind_display()}：{p.field}", 0.5)
            )
    offers.sort(key=lambda o: -o.score)
    return offers[: limit * 2]


def enterprise_research(enterprise, *, limit: int = 5) -> list[Offer]:
    return research_matches([enterprise.main_products, enterprise.business_scope], limit=limit)
