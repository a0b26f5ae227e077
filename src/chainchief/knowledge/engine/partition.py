"""Business-scope matching over partitions: one core, or a Dask cluster (pure Python).

Partitions are shipped, not texts. The rows to match sit in a parquet file (the registry
itself, or the one-column file the import writes once, `write_texts`); a task names a row
group, and the worker reads it from the file. What goes to each worker once is a
`MatcherSpec`: the term list (the matcher's names and product ids, a few MB pickled), from
which the worker builds the pyahocorasick automaton once per process (`built`, cached by
the spec's key) and reuses it for every partition. What comes back is small: `Matches`,
the row ids with matches and their product ids, in three flat integer arrays.

The matcher is that of matching.match_texts (same `_prepare`, same leftmost-longest walk),
so one core and the cluster give the same matches as everything else. Its automaton is
the index's word set inserted in the order of the characters' frequency in the texts to
match (a sample of them, `matcher_spec`): pyahocorasick finds a node's child by a
linear scan, so frequent characters first halve the walk; the matches do not depend on
the order.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chainchief.knowledge.engine.index import BOUNDARY_VALUE
from chainchief.knowledge.engine.matching import _prepare

logger = logging.getLogger(__name__)

PARTITION_ROWS = 50_000  # rows per parquet row group: the unit of work of a worker
BATCH = 2000  # texts joined for one automaton walk (as in match_texts)
SAMPLE_ROWS = 20_000  # texts whose characters order the automaton's children


@dataclass(frozen=True)
class MatcherSpec:
    """What a worker needs to build the matcher; pickles small, unlike the automaton."""

    key: str  # fingerprint of the rest: a worker builds each spec once
    terms: tuple[tuple[str, int], ...]  # (normalised name, product id) in insertion order
    text_marks: tuple[str, ...]
    text_gaps: tuple[str, ...]


@dataclass
class TextMatcher:
    """A spec built: what matching._prepare and the walk read."""

    automaton: object
    text_marks: tuple[str, ...]
    text_gaps: tuple[str, ...]


@dataclass
class Matches:
    """Rows with at least one match: row id, how many products, the products (in the order
    match_texts finds them), concatenated. Picklable in one piece (three arrays)."""

    rows: array = field(default_factory=lambda: array("q"))
    counts: array = field(default_factory=lambda: array("l"))
    pids: array = field(default_factory=lambda: array("q"))

    def extend(self, other: Matches) -> None:
        self.rows.extend(other.rows)
        self.counts.extend(other.counts)
        self.pids.extend(other.pids)

    def __len__(self) -> int:  # rows matched
        return len(self.rows)

    def links(self) -> Iterator[tuple[int, int]]:
        """(row id, product id) pairs, in row order."""
        pids, at = self.pids, 0
        for row, count in zip(self.rows, self.counts, strict=True):
            for pid in pids[at : at + count]:
                yield row, pid
            at += count

    def as_dicts(self, total: int, norm) -> list[dict[int, str]]:
        """match_texts' shape: pid → matched text for each of `total` rows (tests)."""
        out: list[dict[int, str]] = [{} for _ in range(total)]
        for row, pid in self.links():
            out[row][pid] = norm[pid]
        return out


def sample_order(matcher_like, texts: Sequence[str]) -> str:
    """Characters of the texts (prepared as the matcher prepares them) by frequency."""
    counts: Counter[str] = Counter()
    for first in range(0, len(texts), BATCH):
        counts.update(_prepare(matcher_like, list(texts[first : first + BATCH])))
    return "".join(ch for ch, _ in counts.most_common())


def matcher_spec(index, sample: Sequence[str] = ()) -> MatcherSpec:
    """The index's matcher as a term list in the order to insert it: the marks first (the
    sentinel is then the root's first child, index.py says why), then the names with the
    characters frequent in `sample` (the first rows to match; then those frequent in the
    names) first at every node of the trie."""
    terms = list(index.automaton.items()) if index.automaton is not None else []
    marks = sorted((t for t in terms if t[1] == BOUNDARY_VALUE), key=lambda t: -len(t[0]))
    names = [t for t in terms if t[1] != BOUNDARY_VALUE]
    order = sample_order(index, sample[:SAMPLE_ROWS]) if sample and names else ""
    rank = {ch: n for n, ch in enumerate(order)}
    for ch, _ in Counter("".join(norm for norm, _ in names)).most_common():
        rank.setdefault(ch, len(rank))
    names.sort(key=lambda np: ([rank[ch] for ch in np[0]], np[1]))
    ordered = tuple(marks + names)
    marks_gaps = tuple(index.text_marks), tuple(index.text_gaps)
    digest = hashlib.sha1(usedforsecurity=False)
    for norm, pid in ordered:
        digest.update(f"{norm}\x00{pid}\x01".encode())
    digest.update("".join(marks_gaps[0] + ("\x02",) + marks_gaps[1]).encode())
    return MatcherSpec(digest.hexdigest(), ordered, *marks_gaps)


def build_matcher(spec: MatcherSpec) -> TextMatcher:
    import ahocorasick

    if not spec.terms:
        return TextMatcher(None, spec.text_marks, spec.text_gaps)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for norm, pid in spec.terms:
        automaton.add_word(norm, pid)
    automaton.make_automaton()
    return TextMatcher(automaton, spec.text_marks, spec.text_gaps)


_BUILT: dict[str, TextMatcher] = {}  # spec key → matcher, in each process (worker or not)


def built(spec: MatcherSpec) -> TextMatcher:
    """The spec's matcher, built once per process (a new index replaces the old one)."""
    matcher = _BUILT.get(spec.key)
    if matcher is None:
        _BUILT.clear()
        matcher = _BUILT[spec.key] = build_matcher(spec)
    return matcher


def match_rows(matcher: TextMatcher, texts: Sequence[str | None], first: int = 0) -> Matches:
    """The matches of `texts` (rows first, first + 1, …): match_texts' walk, kept compact."""
    out = Matches()
    automaton = matcher.automaton
    if automaton is None:
        return out
    rows, counts, pids = out.rows, out.counts, out.pids
    for start in range(0, len(texts), BATCH):
        chunk = texts[start : start + BATCH]
        row = first + start
        found: dict[int, None] = {}
        for _end, pid in automaton.iter_long(_prepare(matcher, list(chunk))):
            if pid == BOUNDARY_VALUE:
                if found:
                    rows.append(row)
                    counts.append(len(found))
                    pids.extend(found)
                    found = {}
                row += 1
            elif pid not in found:
                found[pid] = None
        if found:
            rows.append(row)
            counts.append(len(found))
            pids.extend(found)
    return out


# Files of partitions -------------------------------------------------------------------


def write_texts(
    texts: Sequence[str], folder: str | Path | None = None, *, group_rows: int = PARTITION_ROWS
) -> Path:
    """The texts as a one-column parquet file of PARTITION_ROWS-row groups (written once by
    the import; the workers read their row groups from it). The caller removes it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fd, name = tempfile.mkstemp(prefix="universe-", suffix=".parquet", dir=folder)
    os.close(fd)
    table = pa.table({"text": pa.array(texts, type=pa.string())})
    pq.write_table(table, name, row_group_size=group_rows, compression="none")
    return Path(name)


def row_groups(path: str | Path) -> list[tuple[int, int]]:
    """(row group, its first row) of a parquet file."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    out, first = [], 0
    for group in range(meta.num_row_groups):
        out.append((group, first))
        first += meta.row_group(group).num_rows
    return out


def read_group(path: str | Path, column: str, group: int) -> list[str | None]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read_row_group(group, columns=[column])
    return table.column(0).to_pylist()


def match_group(spec: MatcherSpec, path: str, column: str, group: int, first: int) -> Matches:
    """The unit of work of every worker: read one row group, match it, return the matches."""
    return match_rows(built(spec), read_group(path, column, group), first)


def match_file_serial(
    spec: MatcherSpec,
    path: str | Path,
    column: str = "text",
    *,
    progress: Callable[[int], None] | None = None,
) -> Matches:
    """One core, row group by row group (the same unit of work as a worker's)."""
    matcher = build_matcher(spec)  # not cached: this process may live on (a job runner)
    out = Matches()
    done = 0
    for group, first in row_groups(path):
        part = match_rows(matcher, read_group(path, column, group), first)
        out.extend(part)
        done = first + _group_rows(path, group)
        if progress:
            progress(done)
    return out


def _group_rows(path: str | Path, group: int) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.row_group(group).num_rows


def match_serial(
    spec: MatcherSpec,
    texts: Sequence[str],
    *,
    size: int = PARTITION_ROWS,
    progress: Callable[[int], None] | None = None,
) -> Matches:
    """One core over texts already in memory (no file needed)."""
    matcher = build_matcher(spec)  # not cached: this process may live on (a job runner)
    out = Matches()
    for first in range(0, len(texts), size):
        out.extend(match_rows(matcher, texts[first : first + size], first))
        if progress:
            progress(min(first + size, len(texts)))
    return out


# Dask --------------------------------------------------------------------------------


def local_cluster(workers: int = 2):
    """A local Dask cluster of single-threaded worker *processes*: the matcher is pure
    Python (pyahocorasick holds the GIL), so threads would only take turns."""
    import dask
    from dask.distributed import LocalCluster

    # Background work of each worker, beside its task thread, costs the matching CPU: the
    # statistical profiler (every thread each 10 ms), the event-loop tick (20 ms) and the
    # memory and system monitors (100 and 500 ms). Off or seldom here (the nanny hands this
    # configuration to the worker processes).
    quiet = {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "1s",
        "distributed.admin.system-monitor.interval": "5s",
        "distributed.worker.memory.monitor-interval": "1s",
    }
    with dask.config.set(quiet):
        return LocalCluster(
            n_workers=workers,
            # imported as each worker starts, not by its first task
            preload=["pyarrow.parquet", "chainchief.knowledge.engine.partition"],
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )


def connect(*, scheduler: str = "", workers: int = 2):
    """(client, cluster or None): the distributed scheduler at `scheduler`, or a local
    cluster of `workers` processes. Raises when neither starts."""
    from dask.distributed import Client

    if scheduler:
        return Client(scheduler, timeout="20s"), None
    cluster = local_cluster(workers)
    try:
        return Client(cluster), cluster
    except Exception:
        cluster.close()
        raise


def _build_here(spec: MatcherSpec) -> str:
    built(spec)
    return spec.key  # not the matcher: it stays in the worker


def prepare_workers(client, spec: MatcherSpec):
    """Send the spec to every worker once (scattered, broadcast) and build its matcher there,
    so the first row groups are matched at once; the scattered spec, for
    match_file_partitioned. The import runs this while it writes the file of texts."""
    shared = client.scatter(spec, broadcast=True, hash=False)
    workers = list(client.scheduler_info()["workers"])
    client.gather([client.submit(_build_here, shared, pure=False, workers=[w]) for w in workers])
    return shared


def match_file_partitioned(
    spec: MatcherSpec,
    path: str | Path,
    column: str = "text",
    *,
    scheduler: str = "",
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    client=None,
    shared=None,
) -> Matches:
    """The same result as match_file_serial, computed by Dask workers: a local cluster of
    `workers` single-threaded processes, the scheduler at `scheduler` (its workers must see
    `path`: a shared folder), or a `client` already connected (left open). The spec goes to
    each worker once (`shared`: what prepare_workers gave; else scattered here); a task is a
    row group's number; its result the matches only."""
    from dask.distributed import as_completed

    cluster = None
    own = client is None
    if own:
        client, cluster = connect(scheduler=scheduler, workers=workers)
    try:
        if shared is None:
            shared = client.scatter(spec, broadcast=True, hash=False)
        groups = row_groups(path)
        sizes = [_group_rows(path, group) for group, _ in groups]
        futures = {
            client.submit(match_group, shared, str(path), column, group, first, pure=False): n
            for n, (group, first) in enumerate(groups)
        }
        parts: list[Matches | None] = [None] * len(groups)
        done = 0
        for future in as_completed(futures):
            n = futures[future]
            parts[n] = future.result()
            future.release()
            done += sizes[n]
            if progress:
                progress(done)
        out = Matches()
        for part in parts:
            out.extend(part)  # type: ignore[arg-type]
        return out
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
