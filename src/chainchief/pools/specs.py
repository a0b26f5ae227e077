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
    """A pool's list, detail and export share the columns of its import spec (`import_kind`,
    pools/importing.py): one list of columns per pool, so an exported sheet imports back."""

    code: str
    title: str
    model: type[models.Model]
    search: tuple[str, ...]
    import_kind: str
    hidden: tuple[str, ...] = ()  # import columns too long for the list (shown on the detail)

    def _columns(self) -> list:
        from chainchief.imports.registry import get_spec

        return [c for c in get_spec(self.import_kind).columns if c.field not in self.hidden]

    @property
    def columns(self) -> tuple[str, ...]:
        """Fields shown in the list and exported, in the import sheet's order."""
        return tuple(c.field for c in self._columns())

    def headers(self) -> list[str]:
        return [c.header for c in self._columns()]

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
        Pool("talent", "人才池（供给）", TalentSupply, ("institution", "major", "training"),
             "pool_talent"),
        Pool("needs", "人才池（用工需求）", TalentNeed, ("enterprise__name", "position"),
             "pool_needs"),
        Pool("capital", "资金池", FinancingProduct, ("provider", "name", "eligible"),
             "pool_capital"),
        Pool("research", "科研成果", ResearchResult, ("title", "institution", "field", "keywords"),
             "pool_research", hidden=("summary",)),
        Pool("partners", "合作网络", Partner, ("name", "field"), "pool_partners"),
    )
}  # fmt: skip


def get_pool(code: str) -> Pool:
    from django.http import Http404

    if code not in POOLS:
        raise Http404("资源池不存在")
    return POOLS[code]
