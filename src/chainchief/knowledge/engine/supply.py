"""Local supporting rate (本地配套率) of an anchor enterprise."""

from __future__ import annotations

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.gaps import LocalEnterprise, material_needs, products_index
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.targets import TargetSegment, rank_targets


def local_supporting_rate(
    index: GraphIndex,
    anchor: LocalEnterprise,
    enterprises: list[LocalEnterprise],
    *,
    excluded: set[int] = frozenset(),
    config: EngineConfig | None = None,
    targets_per_material: int = 3,
) -> dict:
    """The upstream materials the anchor's products need, who in the city makes each, the
    share made locally, and for the missing ones nearby local makers and outside targets."""
    config = config or EngineConfig()
    if index.empty:
        return {
            "graph_imported": False,
            "note": "未导入全国产业图谱：无法推算上游材料需求",
            "materials": [],
        }
    needs = material_needs(index, anchor)
    wanted = {m for material in needs for m in (material, *index.subclasses.get(material, ()))}
    wanted |= {
        r
        for material in needs
        for r in (*index.superclasses.get(material, ()), *index.used_in.get(material, ()))
    }
    makers = products_index([e for e in enterprises if e.id != anchor.id], wanted)
    by_id = {e.id: e for e in enterprises}
    rows = []
    for material, product in needs.items():
        family = (material, *index.subclasses.get(material, ()))
        suppliers = sorted({eid for pid in family for eid in makers.get(pid, ())})
        row = {
            "material_id": material,
            "material": index.name[material],
            "for_product": index.name[product],
            "local": [{"id": eid, "name": by_id[eid].name} for eid in suppliers],
            "single_supplier": len(suppliers) == 1,
            "nearby": [],
            "targets": [],
        }
        if not suppliers:
            related = (*index.superclasses.get(material, ()), *index.used_in.get(material, ()))
            nearby = sorted({eid for pid in related for eid in makers.get(pid, ())})[:5]
            row["nearby"] = [
                {
                    "id": eid,
                    "name": by_id[eid].name,
                    "reason": "生产相近或相关产品，可对接转产或配套",
                }
                for eid in nearby
            ]
            segment = TargetSegment(
                0, index.name[material], "upstream", "missing", frozenset(family)
            )
            row["targets"] = [
                {
                    "name": t["name"],
                    "full_name": t["full_name"],
                    "province": t["province"],
                    "reason": t["reasons"][0],
                }
                for t in rank_targets(
                    index, [segment], excluded=excluded, config=config, top=targets_per_material
                )
            ]
        rows.append(row)
    covered = sum(1 for r in rows if r["local"])
    return {
        "graph_imported": True,
        "anchor_id": anchor.id,
        "anchor": anchor.name,
        "products": sorted(index.name[p] for p in anchor.products),
        "needed": len(rows),
        "covered": covered,
        "rate": round(covered / len(rows), 4) if rows else None,
        "note": "" if rows else "未匹配到该企业产品的上游材料（请完善主要产品）",
        "materials": sorted(rows, key=lambda r: (bool(r["local"]), r["material"])),
    }
