"""The index keeps names, graph edges and maker weights flat (one string, arrays), so that a
server's forked workers read it without copying its pages, and keeps none of the rows it
was built from: the tables answer like the dicts they replace."""

from __future__ import annotations

import sys

import pytest

from chainchief.knowledge.engine.index import (
    SUBCLASS,
    UPSTREAM,
    Adjacency,
    NameTable,
    PairTable,
    build_index,
)


def _rows():
    # Fresh string objects (not literals shared with the code), so their counts are theirs.
    names = ["".join(["变压", "器"]), "".join(["铁", "芯"]), "".join(["硅钢", "片"]), "".join(["噪", "声"])]  # fmt: skip
    return dict(
        products=[(1, names[0], names[0], ""), (2, names[1], names[1], ""),
                  (3, names[2], names[2], ""), (4, names[3], names[3], "".join(["frag", "ment"]))],
        relations=[(1, 2, UPSTREAM), (2, 3, UPSTREAM), (2, 3, SUBCLASS)],
        company_products=[(10, 1, 0.25), (11, 1, 0.75), (10, 2, 0.5)],
        companies=[(10, "600001", "600001", "甲电气", "甲电气股份有限公司", "江苏", "", False, True),
                   (11, "600002", "600002", "乙变压", "乙变压器股份有限公司", "湖南", "", False, True)],
        company_industries=[(10, "630301")],
        industries=[("630301", "输变电设备", 3, "")],
    )  # fmt: skip


def test_the_tables_answer_like_dicts():
    index = build_index(**_rows())
    assert index.name[1] == "变压器" and index.name.get(9) is None and 9 not in index.name
    assert dict(index.name.items()) == {1: "变压器", 2: "铁芯", 3: "硅钢片", 4: "噪声"}
    assert index.materials[1] == (2,) and index.materials.get(3, ()) == ()
    assert index.used_in.get(3) == (2,) and index.subclasses[2] == (3,)
    assert index.superclasses[3] == (2,)
    assert index.makers[1] == ((11, 0.75), (10, 0.25))  # heaviest first
    assert index.portfolio[10] == ((2, 0.5), (1, 0.25))
    assert index.noise == {4: "fragment"} and not index.usable(4)
    assert index.by_norm == {"变压器": 1, "铁芯": 2, "硅钢片": 3, "噪声": 4}
    assert index.ending_with("芯", 5) == [2]
    with pytest.raises(KeyError):
        index.makers[3]


def test_sparse_ids_and_odd_keys_are_looked_up_too():
    names = NameTable([(10**9, "甲"), (5, "乙")])
    assert names[10**9] == "甲" and names[5] == "乙" and list(names) == [5, 10**9]
    assert "甲" not in names and names.get(None, "无") == "无"
    edges = Adjacency({10**9: [1, 2], 3: []})
    assert edges[10**9] == (1, 2) and edges[3] == () and 4 not in edges and len(edges) == 2
    assert PairTable({7: [(1, 0.1), (2, 0.9)]})[7] == ((2, 0.9), (1, 0.1))


def test_no_row_object_outlives_the_build():
    rows = _rows()
    strings = [s for row in rows["products"] for s in row[1:] if s]
    before = [sys.getrefcount(s) for s in strings]
    index = build_index(**rows)
    assert [sys.getrefcount(s) for s in strings] == before
    assert index.name[1] == "变压器"
