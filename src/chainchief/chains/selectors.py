"""Reads for the chain pages and API."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from chainchief.accounts.models import User
from chainchief.accounts.scoping import visible_chains
from chainchief.chains.models import Chain, Segment, Stage


def chains_for_list(user: User, *, q: str = "") -> QuerySet:
    chains = visible_chains(user).select_related("layout_node", "layout_node__parent")
    if q:
        chains = chains.filter(Q(name__icontains=q) | Q(code__icontains=q))
    # Two correlated counts: joining both relations at once would multiply the rows.
    enterprises = (
        Chain.enterprises.through.objects.filter(chain=OuterRef("pk"))
        .values("chain")
        .annotate(n=Count("id"))
        .values("n")
    )
    segments = (
        Segment.objects.filter(chain=OuterRef("pk"))
        .values("chain")
        .annotate(n=Count("id"))
        .values("n")
    )
    return chains.annotate(
        enterprise_count=Coalesce(Subquery(enterprises), 0),
        segment_count=Coalesce(Subquery(segments), 0),
    ).order_by("sort", "code")


@dataclass
class SegmentNode:
    segment: Segment
    enterprise_count: int
    depth: int
    children: list[SegmentNode] = field(default_factory=list)
    gap: dict | None = None  # filled by the gap analysis when the national graph is loaded


def segment_tree(chain: Chain) -> dict[str, list[SegmentNode]]:
    """Segments by stage as a tree, each with its count of local enterprises (two queries)."""
    segments = list(
        chain.segments.annotate(enterprise_count=Count("enterprises", distinct=True)).order_by(
            "sort", "id"
        )
    )
    nodes = {s.pk: SegmentNode(s, s.enterprise_count, 0) for s in segments}
    roots: dict[str, list[SegmentNode]] = {stage.value: [] for stage in Stage}
    for s in segments:
        node = nodes[s.pk]
        if s.parent_id and s.parent_id in nodes:
            nodes[s.parent_id].children.append(node)
        else:
            roots[s.stage].append(node)

    def set_depth(items: list[SegmentNode], depth: int) -> None:
        for n in items:
            n.depth = depth
            set_depth(n.children, depth + 1)

    for items in roots.values():
        set_depth(items, 0)
    return roots


GAP_COLOURS = {"missing": "#c62828", "weak": "#c77700", "strong": "#2e7d32", None: "#1f5fa8"}


def chain_map_option(
    chain: Chain, tree: dict[str, list[SegmentNode]], *, link_base: str = ""
) -> dict:
    """An ECharts tree option for the chain map: chain → stages → segments."""

    def node(n: SegmentNode) -> dict:
        gap_class = (n.gap or {}).get("class")
        label = f"{n.segment.name}（{n.enterprise_count}）"
        return {
            "name": label,
            "value": n.enterprise_count,
            "href": f"{link_base}?segment={n.segment.pk}" if link_base else "",
            "itemStyle": {"color": GAP_COLOURS.get(gap_class, GAP_COLOURS[None])},
            "children": [node(c) for c in n.children],
        }

    data = {
        "name": chain.name,
        "children": [
            {"name": str(label), "children": [node(n) for n in tree[stage]]}
            for stage, label in Stage.choices
        ],
    }
    return {
        "tooltip": {"trigger": "item", "triggerOn": "mousemove"},
        "series": [
            {
                "type": "tree",
                "data": [data],
                "top": "2%",
                "left": "14%",
                "bottom": "2%",
                "right": "20%",
                "symbolSize": 9,
                "initialTreeDepth": 3,
                "expandAndCollapse": True,
                "label": {
                    "position": "left",
                    "verticalAlign": "middle",
                    "align": "right",
                    "fontSize": 13,
                },
                "leaves": {
                    "label": {"position": "right", "verticalAlign": "middle", "align": "left"}
                },
                "emphasis": {"focus": "descendant"},
                "animationDuration": 300,
            }
        ],
    }


def count_segments(tree: dict[str, list[SegmentNode]]) -> int:
    def walk(items: list[SegmentNode]) -> int:
        return sum(1 + walk(n.children) for n in items)

    return sum(walk(items) for items in tree.values())
