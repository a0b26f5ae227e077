"""Business-scope matching over partitions: one core, or a Dask cluster (pure Python).

`match_partition` is the same matcher as matching.match_texts, over the small picklable
`TextMatcher` (the automaton and the few lookups the matcher needs, not the whole index),
so a registry of tens of millions of rows is matched by shipping the matcher once to each
worker and the texts in partitions. `match_partitioned` runs it on a local Dask cluster (2
worker processes by default) or on a distributed scheduler when its address is given.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.matching import match_texts

PARTITION_ROWS = 50_000


@dataclass
class TextMatcher:
    """What match_texts reads of a GraphIndex; pickles in well under a second."""

    automaton: object
    norm: dict[int, str]
    text_marks: tuple[str, ...]
    text_gaps: tuple[str, ...]


def text_matcher(index: GraphIndex) -> TextMatcher:
    usable = [pid for pid in index.by_norm.values() if pid not in index.noise]
    return TextMatcher(
        index.automaton, {p: index.norm[p] for p in usable}, index.text_marks, index.text_gaps
    )


def match_partition(matcher: TextMatcher, texts: Sequence[str]) -> list[dict[int, str]]:
    """pid → matched text for each text, in order (the unit of work of every worker)."""
    return match_texts(matcher, list(texts))  # type: ignore[arg-type]


def count_partition(matcher: TextMatcher, texts: Sequence[str]) -> list[int]:
    """Matches per text only (benchmarks: no result dictionaries shipped back)."""
    return [len(found) for found in match_texts(matcher, list(texts))]  # type: ignore[arg-type]


def partitions(texts: Sequence[str], size: int = PARTITION_ROWS) -> Iterator[Sequence[str]]:
    for start in range(0, len(texts), size):
        yield texts[start : start + size]


def match_serial(
    matcher: TextMatcher,
    texts: Sequence[str],
    *,
    size: int = PARTITION_ROWS,
    progress: Callable[[int], None] | None = None,
) -> list[dict[int, str]]:
    out: list[dict[int, str]] = []
    for chunk in partitions(texts, size):
        out.extend(match_partition(matcher, chunk))
        if progress:
            progress(len(out))
    return out


def local_cluster(workers: int = 2):
    """A local Dask cluster of single-threaded worker *processes*: the matcher is pure
    Python (pyahocorasick holds the GIL), so threads would only take turns."""
    from dask.distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    )


def match_partitioned(
    matcher: TextMatcher,
    texts: Sequence[str],
    *,
    scheduler: str = "",
    workers: int = 2,
    size: int = PARTITION_ROWS,
    progress: Callable[[int], None] | None = None,
    work: Callable = match_partition,
    client=None,
) -> list:
    """The same result as match_serial, computed by Dask workers: a local cluster of
    `workers` single-threaded processes, the distributed scheduler at `scheduler`, or a
    `client` already connected (left open). The matcher goes to each worker once
    (scattered, broadcast); each task then ships only its texts, `size` rows at a time,
    large enough that scheduling costs little beside the matching."""
    from dask.distributed import Client

    cluster = None
    own = client is None
    if own:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = local_cluster(workers)
            client = Client(cluster)
    try:
        shared = client.scatter(matcher, broadcast=True)
        addresses = list(client.scheduler_info()["workers"]) or [None]
        # Texts go straight to a worker (scattered, not embedded in the task graph: the
        # scheduler then only routes small tasks), one partition per worker in turn, with a
        # few partitions in flight per worker so memory stays bounded for any file size.
        chunks = enumerate(partitions(texts, size))
        pending: deque = deque()

        def submit_next() -> None:
            item = next(chunks, None)
            if item is None:
                return
            n, chunk = item
            where = addresses[n % len(addresses)]
            [data] = client.scatter(
                [list(chunk)], workers=where and [where], direct=not scheduler, hash=False
            )
            task = client.submit(work, shared, data, pure=False, workers=where and [where])
            pending.append((task, data))

        for _ in range(2 * len(addresses)):
            submit_next()
        out: list = []
        while pending:  # in order: results line up with the texts
            task, data = pending.popleft()
            out.extend(task.result())
            task.release()
            data.release()
            submit_next()
            if progress:
                progress(len(out))
        return out
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
