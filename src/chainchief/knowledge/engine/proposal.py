"""Propose a draft chain map from one core product by walking the graph."""

from __future__ import annotations

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.resolve import _is_kind_of, resolve_term
from chainchief.knowledge.names import normalize


def _makers(index: GraphIndex, pid: int) -> int:
    return len(index.makers.get(pid, ()))


def _top(
    index: GraphIndex, pids, limit: int, taken: set[int], first: tuple[int, ...] = ()
) -> list[int]:
    """The most relevant products: those in `first` (direct relations of the core), then the
    ones reached most often, then those with national makers, then shorter names."""
    pids = list(pids)
    counts = {p: pids.count(p) for p in set(pids)}
    unique = [p for p in dict.fromkeys(pids) if p not in taken and index.usable(p)]
    unique.sort(
        key=lambda p: (
            p not in first,
            -counts[p],
            -_makers(index, p),
            -len(index.materials.get(p, ())),
            len(index.name[p]),
            p,
        )
    )
    return unique[:limit]


def propose_chain(index: GraphIndex, product: str, config: EngineConfig | None = None) -> dict:
    """{core, segments: [{key, parent, stage, name, terms, description}]}; segments are
    deduplicated across stages (a product appears once) and ordered upstream → downstream."""
    config = config or EngineConfig()
    if index.empty:
        return {"graph_imported": False, "note": "未导入全国产业图谱，无法推荐链图", "segments": []}
    core = index.by_norm.get(normalize(product))
    if core is None or not index.usable(core):
        found = list(resolve_term(index, product, config).products)
        core = found[0] if found else None
    if core is None:
        return {"graph_imported": True, "note": f"图谱中未找到产品“{product}”", "segments": []}
    limit = config.proposal_max_segments
    taken = {core}
    variants = _top(
        index,
        [s for s in index.subclasses.get(core, ()) if _is_kind_of(index, s, core)],
        limit,
        taken,
    )
    taken.update(variants)
    family = [core, *variants]
    materials = _top(
        index,
        [m for p in family for m in index.materials.get(p, ())],
        limit,
        taken,
        first=index.materials.get(core, ()),
    )
    taken.update(materials)
    downstream = _top(
        index,
        [d for p in family for d in (*index.downstream.get(p, ()), *index.used_in.get(p, ()))],
        limit,
        taken,
        first=(*index.downstream.get(core, ()), *index.used_in.get(core, ())),
    )
    taken.update(downstream)
    segments = []
    for material in materials:
        key = f"up-{material}"
        segments.append(_segment(index, key, None, "upstream", material, "上游材料"))
        for sub in _top(index, index.materials.get(material, ()), 3, taken):
            taken.add(sub)
            segments.append(
                _segment(
                    index, f"up-{sub}", key, "upstream", sub, f"{index.name[material]}的上游材料"
                )
            )
    segments.append(_segment(index, f"mid-{core}", None, "midstream", core, "核心产品"))
    for variant in variants:
        segments.append(
            _segment(
                index, f"mid-{variant}", None, "midstream", variant, f"{index.name[core]}的细分产品"
            )
        )
    for item in downstream:
        segments.append(_segment(index, f"down-{item}", None, "downstream", item, "下游应用"))
    return {
        "graph_imported": True,
        "note": "",
        "core": index.name[core],
        "core_id": core,
        "name": f"{index.name[core]}产业链",
        "segments": segments,
    }


def _segment(
    index: GraphIndex, key: str, parent: str | None, stage: str, pid: int, role: str
) -> dict:
    makers = _makers(index, pid)
    return {
        "key": key,
        "parent": parent,
        "stage": stage,
        "name": index.name[pid],
        "terms": [index.name[pid]],
        "description": f"{role}；全国上市公司中 {makers} 家以其为主营产品" if makers else role,
    }
