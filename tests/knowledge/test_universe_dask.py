"""A registry file matched by a local Dask cluster of 2 worker processes (each reading its
own row groups) gives exactly the matches of one core, which are match_texts' matches."""

from __future__ import annotations

import random

import pytest

from chainchief.knowledge.engine.matching import match_texts
from chainchief.knowledge.engine.partition import (
    match_file_partitioned,
    match_file_serial,
    matcher_spec,
    write_texts,
)

pytestmark = pytest.mark.django_db


def generated_scopes(index, rows: int) -> list[str]:
    rng = random.Random(11)
    names = sorted(index.name.values())
    parts = [
        "制造",
        "销售",
        "（不含危险化学品）",
        "；",
        "、",
        "技术服务",
        "ＡＢＣ",
        "",
        "依法须经批准的项目",
    ]
    return [
        "".join(rng.choice(names) + rng.choice(parts) for _ in range(rng.randint(0, 6)))
        for _ in range(rows)
    ]


def test_the_local_cluster_matches_a_generated_file_exactly_like_one_core(mini_graph, tmp_path):
    texts = generated_scopes(mini_graph, 3000)
    path = write_texts(texts, tmp_path, group_rows=700)  # 5 row groups, the last short
    spec = matcher_spec(mini_graph, texts)
    serial = match_file_serial(spec, path)
    assert serial.as_dicts(len(texts), mini_graph.norm) == match_texts(mini_graph, texts)
    assert 500 < len(serial) < 3000  # most rows match something, the empty ones nothing

    parallel = match_file_partitioned(spec, path, workers=2)  # 2 worker processes
    assert (parallel.rows, parallel.counts, parallel.pids) == (
        serial.rows,
        serial.counts,
        serial.pids,
    )


def test_workers_prepared_ahead_build_their_matcher_once_and_match_the_same(mini_graph, tmp_path):
    """What the import does while it writes the file: the spec sent to each worker and its
    matcher built there; the matching then uses that spec and builds nothing more."""
    from chainchief.knowledge.engine.partition import connect, prepare_workers

    texts = generated_scopes(mini_graph, 1500)
    path = write_texts(texts, tmp_path, group_rows=400)
    spec = matcher_spec(mini_graph, texts)
    serial = match_file_serial(spec, path)
    client, cluster = connect(workers=2)
    try:
        shared = prepare_workers(client, spec)
        keys = client.run(lambda: sorted(__import__("chainchief.knowledge.engine.partition",
                                                    fromlist=["_BUILT"])._BUILT))  # fmt: skip
        assert list(keys.values()) == [[spec.key], [spec.key]]
        parallel = match_file_partitioned(spec, path, client=client, shared=shared)
    finally:
        client.close()
        cluster.close()
    assert (parallel.rows, parallel.counts, parallel.pids) == (
        serial.rows,
        serial.counts,
        serial.pids,
    )
