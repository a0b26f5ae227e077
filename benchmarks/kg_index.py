"""Build the engine's index straight from the graph files (no database): for evaluations."""

from __future__ import annotations

from pathlib import Path

from chainchief.knowledge.engine.index import GraphIndex, build_index
from chainchief.knowledge.graph_files import read_graph


def index_from_files(directory: Path) -> GraphIndex:
    rows = read_graph(directory)
    pid = {name: n for n, name in enumerate(rows.products, 1)}
    cid = {key: n for n, key in enumerate(rows.companies, 1)}
    return build_index(
        products=[
            (pid[name], name, norm, reason) for name, (norm, _, reason) in rows.products.items()
        ],
        relations=[(pid[a], pid[b], kind) for a, b, kind in rows.relations],
        company_products=[(cid[k], pid[p], w) for (k, p), w in rows.company_products.items()],
        companies=[
            (
                cid[k],
                k,
                c["code"],
                c["short_name"],
                c["full_name"],
                c["province"],
                c["city"],
                c["distressed"],
                c["is_primary"],
            )
            for k, c in rows.companies.items()
        ],
        company_industries=[(cid[k], code) for k, code in rows.company_industries],
        industries=[
            (code, name, level, parent) for code, (name, level, parent) in rows.industries.items()
        ],
        stamp="files",
    )
