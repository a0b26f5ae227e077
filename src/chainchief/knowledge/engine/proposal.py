"""Propose a draft chain map from one core product by walking the graph."""

from __future__ import annotations

from chainchief.knowledge.engine.config import EngineConfig
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.resolve import _is_kind_of, resolve_term
from chainchief.knowledge.names import is_stop_word, normalize


def _makers(index: GraphIndex, pid: int) -> int:
    return len(index.makers.get(pid, ()))


# Materials too broad to be a segment of their own (`金属` is upstream of everything).
BROAD_MATERIALS = frozenset({"金属", "非金属", "钢铁", "化学品", "原料", "材料"})
# Modifiers that make a technical kind of a product (三相变压器, EI型变压器, 油浸变压器).
KIND_MARKS = ("型", "式", "相", "压", "用", "浸", "绝缘", "频")


def _degree(index: GraphIndex, pid: int) -> int:
    return sum(
        len(edges.get(pid, ()))
        for edges in (index.materials, index.used_in, index.subclasses, index.superclasses)
    )


def _is_material(index: GraphIndex, pid: int) -> bool:
    """A material worth a segment: made by a listed company or linked beyond one product
    (`环烷族饱`, `I片` hang off a single recipe), never an adjective (`钢制`) or `金属`."""
    norm = index.norm[pid]
    if norm in BROAD_MATERIALS or (norm.endswith("制") and len(norm) <= 3):
        return False
    return _makers(index, pid) > 0 or _degree(index, pid) >= 2


def _is_variant(index: GraphIndex, pid: int, core: int) -> bool:
    """A kind of the core product, not a brand or place (`江山变压器`), a pair (`电机与变压器`)
    or an odd label (`纳米变压器`): its modifier is a product itself or a technical mark."""
    norm, head = index.norm[pid], index.norm[core]
    if not norm.endswith(head) or any(ch in norm for ch in "与和及、"):
        return False
    modifier = norm[: -len(head)]
    return (
        _makers(index, pid) > 0
        or (len(modifier) >= 2 and modifier in index.by_norm)
        or modifier.endswith(KIND_MARKS)
    )


def _industry_roots(index: GraphIndex, pids) -> set[str]:
    """Level-1 Shenwan industries of the makers of `pids` (generic kinds left out)."""
    roots: set[str] = set()
    for pid in pids:
        for cid, _ in index.makers.get(pid, ()):
            for code in index.company_industries.get(cid, ()):
                roots.add(code[:2])
    return roots


def _is_application(index: GraphIndex, pid: int, roots: set[str]) -> bool:
    """A downstream use made in the core's industries (`霓虹灯动画` is made by game studios,
    `高压试验` is a construction service): the makers of it or of what it is a kind of."""
    if _makers(index, pid) > 0:
        return True
    kinds = [k for k in index.kinds_of(pid) if not is_stop_word(index.norm[k])]
    return bool(_industry_roots(index, kinds) & roots)


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
        [
            s
            for s in index.subclasses.get(core, ())
            if _is_kind_of(index, s, core) and _is_variant(index, s, core)
        ],
        limit,
        taken,
    )
    taken.update(variants)
    family = [core, *variants]
    materials = _top(
        index,
        [m for p in family for m in index.materials.get(p, ()) if _is_material(index, m)],
        limit,
        taken,
        first=index.materials.get(core, ()),
    )
    taken.update(materials)
    roots = _industry_roots(index, family)
    downstream = _top(
        index,
        [
            d
            for p in family
            for d in (*index.downstream.get(p, ()), *index.used_in.get(p, ()))
            if (d in index.downstream.get(p, ()) and index.usable(d))
            or _is_application(index, d, roots)
        ],
        limit,
        taken,
        first=(*index.downstream.get(core, ()), *index.used_in.get(core, ())),
    )
    taken.update(downstream)
    segments = []
    for material in materials:
        key = f"up-{material}"
        segments.append(_segment(index, key, None, "upstream", material, "上游材料"))
        subs = [m for m in index.materials.get(material, ()) if _is_material(index, m)]
        for sub in _top(index, subs, 3, taken):
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
