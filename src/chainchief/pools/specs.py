"""The pools as data: one list/detail/export/import path serves every pool."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from chainchief.pools.models import (
    FinancingProduct,
    Partner,
    ResearchResult,
    TalentNeed,
    TalentSupply,
)


@dataclass(frozen=True)
class Pool:
    code: str
    title: str
    model: type[models.Model]
    columns: tuple[str, ...]  # fields shown in the list and exported, in order
    search: tuple[str, ...]
    import_kind: str

    def headers(self) -> list[str]:
        return [str(self.model._meta.get_field(f).verbose_name) for f in self.columns]

    def cells(self, obj) -> list[object]:
        out = []
        for f in self.columns:
            field = self.model._meta.get_field(f)
            if field.choices:
                out.append(getattr(obj, f"get_{f}_display")())
            elif field.is_relation:
                out.append(str(getattr(obj, f) or ""))
            elif isinstance(field, models.BooleanField):
                out.append("是" if getattr(obj, f) else "否")
            else:
                out.append(getattr(obj, f))
        return out


POOLS: dict[str, Pool] = {
    p.code: p
    for p in (
        Pool(
            "talent", "人才池（供给）", TalentSupply,
            ("institution", "major", "graduates_per_year", "training", "skill_level", "chain",
             "contact_name", "contact_phone"),
            ("institution", "major", "training"), "pool_talent",
        ),
        Pool(
            "needs", "人才池（用工需求）", TalentNeed,
            ("enterprise", "position", "headcount", "skill_level", "contact_name",
             "contact_phone"),
            ("enterprise__name", "position"), "pool_needs",
        ),
        Pool(
            "capital", "资金池", FinancingProduct,
            ("provider", "name", "type", "amount_min", "amount_max", "rate", "term", "eligible",
             "is_partner_bank", "chain", "contact_name", "contact_phone"),
            ("provider", "name", "eligible"), "pool_capital",
        ),
        Pool(
            "research", "科研成果", ResearchResult,
            ("title", "institution", "field", "maturity", "trl", "ip", "cooperation", "keywords",
             "contact_name", "contact_phone"),
            ("title", "institution", "field", "keywords"), "pool_research",
        ),
        Pool(
            "partners", "合作网络", Partner,
            ("name", "kind", "field", "address", "contact_name", "contact_phone"),
            ("name", "field"), "pool_partners",
        ),
    )
}  # fmt: skip


def get_pool(code: str) -> Pool:
    from django.http import Http404

    if code not in POOLS:
        raise Http404("资源池不存在")
    return POOLS[code]
