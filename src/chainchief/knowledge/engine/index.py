"""The in-memory index of the national graph, built once per process from plain rows."""

from __future__ import annotations

import bisect
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

import ahocorasick

from chainchief.knowledge.names import GENERIC_WORDS, SCOPE_STOP_WORDS, is_stop_word, normalize

UPSTREAM, SUBCLASS, DOWNSTREAM = "upstream_material", "subclass", "downstream"


class _Flat(Mapping):
    """Int key → a value stored flat in arrays, built into a Python object on each read.

    The server builds the index once and forks its workers, which share its memory
    copy-on-write. Reading a Python object writes its reference count, so a worker that
    reads objects scattered over the heap copies every page holding one (tens of MB per
    worker for the ~100,000 names and edge tuples). Stored flat, a read writes no shared
    page, and the data takes a fraction of the memory (no object per value)."""

    __slots__ = ("_keys", "_starts", "_slots")

    def _index_keys(self, keys: list[int]) -> None:
        self._keys = array("q", keys)
        top = keys[-1] if keys else -1
        if keys and keys[0] >= 0 and top < 4 * len(keys) + 4096:
            slots = array("q", [-1]) * (top + 1)
            for slot, key in enumerate(keys):
                slots[key] = slot
            self._slots: array | None = slots
        else:
            self._slots = None

    def _slot(self, key) -> int:
        if type(key) is not int:
            return -1
        slots = self._slots
        if slots is not None:
            return slots[key] if 0 <= key < len(slots) else -1
        i = bisect.bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def _run(self, slot: int) -> tuple:
        raise NotImplementedError

    def __getitem__(self, key: int) -> tuple:
        slot = self._slot(key)
        if slot < 0:
            raise KeyError(key)
        return self._run(slot)

    def get(self, key: int, default=None):
        slots = self._slots  # the common case inline: the engine calls this most
        if slots is not None and type(key) is int and 0 <= key < len(slots):
            slot = slots[key]
        else:
            slot = self._slot(key)
        return default if slot < 0 else self._run(slot)

    def __contains__(self, key: object) -> bool:
        return self._slot(key) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class NameTable(_Flat):
    """Product id → name, every name in one string, the offsets in an array."""

    __slots__ = ("_text",)

    def __init__(self, items: Iterable[tuple[int, str]] = ()) -> None:
        pairs = sorted(items)
        self._index_keys([pid for pid, _ in pairs])
        names = [name for _, name in pairs]
        self._text = "".join(names)
        self._starts = array("q", [0])
        self._starts.extend(accumulate(map(len, names)))

    def _run(self, slot: int) -> str:
        return self._text[self._starts[slot] : self._starts[slot + 1]]

    def items(self):
        text, starts = self._text, self._starts
        return [(pid, text[starts[n] : starts[n + 1]]) for n, pid in enumerate(self._keys)]

    def values(self):
        text, starts = self._text, self._starts
        return [text[starts[n] : starts[n + 1]] for n in range(len(self._keys))]


class Adjacency(_Flat):
    """Product id → tuple of product ids (graph edges)."""

    __slots__ = ("_values",)

    def __init__(self, edges: Mapping[int, Iterable[int]] | None = None) -> None:
        keys = sorted(edges or {})
        self._index_keys(keys)
        self._starts = array("q", [0])
        self._values = array("q")
        for key in keys:
            self._values.extend(edges[key])
            self._starts.append(len(self._values))

    def _run(self, slot: int) -> tuple[int, ...]:
        return tuple(self._values[self._starts[slot] : self._starts[slot + 1]])


class PairTable(_Flat):
    """Id → tuple of (id, weight) pairs, heaviest first (makers of a product, products of
    a company)."""

    __slots__ = ("_ids", "_weights")

    def __init__(self, pairs: Mapping[int, list[tuple[int, float]]] | None = None) -> None:
        keys = sorted(pairs or {})
        self._index_keys(keys)
        self._starts = array("q", [0])
        self._ids = array("q")
        self._weights = array("d")
        for key in keys:
            run = sorted(pairs[key], key=lambda pw: -pw[1])
            self._ids.extend([other for other, _ in run])
            self._weights.extend([weight for _, weight in run])
            self._starts.append(len(self._ids))

    def _run(self, slot: int) -> tuple[tuple[int, float], ...]:
        a, b = self._starts[slot], self._starts[slot + 1]
        return tuple(zip(self._ids[a:b], self._weights[a:b], strict=True))


class SortedStrings:
    """A sorted list of strings (for bisect) stored as one string and an offset array."""

    __slots__ = ("_text", "_starts")

    def __init__(self, strings: list[str] = ()) -> None:
        self._text = "".join(strings)
        self._starts = array("q", [0])
        self._starts.extend(accumulate(map(len, strings)))

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < len(self._starts) - 1:
            raise IndexError(i)
        return self._text[self._starts[i] : self._starts[i + 1]]


class CompanyInfo(NamedTuple):
    id: int
    key: str
    code: str
    short_name: str
    full_name: str
    province: str
    city: str
    distressed: bool
    is_primary: bool


@dataclass
class GraphIndex:
    stamp: object = None
    name: Mapping[int, str] = field(default_factory=dict)  # a NameTable once built
    norm: Mapping[int, str] = field(default_factory=dict)
    noise: dict[int, str] = field(default_factory=dict)  # pid → reason, only noisy ones
    by_norm: dict[str, int] = field(default_factory=dict)
    # Graph edges (Adjacency once built): product → its upstream materials; material →
    # products using it; sub-classes; super-classes; downstream products.
    materials: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    used_in: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    subclasses: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    superclasses: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    downstream: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    # PairTable once built: product → (company, weight), company → (product, weight).
    makers: Mapping[int, tuple[tuple[int, float], ...]] = field(default_factory=dict)
    portfolio: Mapping[int, tuple[tuple[int, float], ...]] = field(default_factory=dict)
    companies: dict[int, CompanyInfo] = field(default_factory=dict)
    company_industries: dict[int, tuple[str, ...]] = field(default_factory=dict)
    industries: dict[str, tuple[str, int, str]] = field(
        default_factory=dict
    )  # code → name, level, parent
    company_by_name: dict[str, int] = field(
        default_factory=dict
    )  # normalised full/short name → cid
    automaton: ahocorasick.Automaton | None = None
    text_gaps: tuple[str, ...] = ()  # punctuation in no usable name (matching.py)
    text_marks: tuple[str, ...] = ()  # sentinel, dead end, boundary (matching.py)
    # Usable norms reversed, sorted (suffix search), and their product ids.
    _reversed: SortedStrings = field(default_factory=SortedStrings)
    _reversed_pids: array = field(default_factory=lambda: array("q"))
    _resolve_cache: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.name

    def usable(self, pid: int) -> bool:
        return pid not in self.noise

    def kinds_of(self, pid: int) -> tuple[int, ...]:
        """The product and what it is a kind of: its graph super-classes and the broader
        product its name ends with (`干式变压器` → `变压器`), for inheriting materials."""
        norm = self.norm.get(pid, "")
        found = [pid]
        for parent in self.superclasses.get(pid, ()):
            head = self.norm[parent]
            # `变压器油` filed under `变压器` is no transformer: keep only true kinds.
            if head not in norm or norm.endswith(head[-1]):
                found.append(parent)
        for cut in range(1, len(norm) - 1):
            broader = self.by_norm.get(norm[cut:])
            if broader is not None and broader not in self.noise:
                found.append(broader)
                break
        return tuple(dict.fromkeys(found))

    def ending_with(self, norm_term: str, limit: int) -> list[int]:
        """Usable products whose normalised name ends with `norm_term` (head noun match)."""
        key = norm_term[::-1]
        start = bisect.bisect_left(self._reversed, key)
        found: list[int] = []
        for i in range(start, len(self._reversed)):
            if not self._reversed[i].startswith(key):
                break
            found.append(self._reversed_pids[i])
            if len(found) >= limit * 4:
                break
        return found


def build_index(
    *,
    products: Iterable[tuple[int, str, str, str]],
    relations: Iterable[tuple[int, int, str]],
    company_products: Iterable[tuple[int, int, float]],
    companies: list[tuple],
    company_industries: list[tuple[int, str]],
    industries: list[tuple[str, str, int, str]],
    stamp: object = None,
) -> GraphIndex:
    """products: (id, name, normalised, noise_reason); relations: (from, to, kind);
    company_products: (company id, product id, weight); companies: CompanyInfo fields;
    company_industries: (company id, industry code); industries: (code, name, level, parent code)."""
    index = GraphIndex(stamp=stamp)
    names: dict[int, str] = {}
    norms: dict[int, str] = {}
    noise: dict[int, str] = {}
    for pid, name, norm, reason in products:
        names[pid] = name
        norms[pid] = norm
        if reason:
            noise[pid] = reason
        current = index.by_norm.get(norm)
        if current is None or (current in noise and not reason):
            index.by_norm[norm] = pid
    index.name = NameTable(names.items())
    index.norm = NameTable(norms.items())
    del names, norms
    # Fresh keys, ids and reasons, allocated together: none of the rows' objects outlives
    # the build, so the memory that held the rows goes back whole (no page kept for a few
    # survivors, which a forked worker would then copy).
    index.by_norm = {index.norm[pid]: pid for pid in array("q", index.by_norm.values())}
    reasons = {r: r.encode().decode() for r in set(noise.values())}
    index.noise = {pid: reasons[noise[pid]] for pid in array("q", sorted(noise))}
    del noise, reasons
    lists: dict[str, defaultdict[int, list[int]]] = {
        k: defaultdict(list) for k in ("m", "u", "s", "p", "d")
    }
    for src, dst, kind in relations:
        if kind == UPSTREAM:
            lists["m"][src].append(dst)
            lists["u"][dst].append(src)
        elif kind == SUBCLASS:
            lists["s"][src].append(dst)
            lists["p"][dst].append(src)
        elif kind == DOWNSTREAM:
            lists["d"][src].append(dst)
    index.materials = Adjacency(lists["m"])
    index.used_in = Adjacency(lists["u"])
    index.subclasses = Adjacency(lists["s"])
    index.superclasses = Adjacency(lists["p"])
    index.downstream = Adjacency(lists["d"])
    del lists
    makers: defaultdict[int, list] = defaultdict(list)
    portfolio: defaultdict[int, list] = defaultdict(list)
    for cid, pid, weight in company_products:
        makers[pid].append((cid, weight))
        portfolio[cid].append((pid, weight))
    index.makers = PairTable(makers)
    index.portfolio = PairTable(portfolio)
    del makers, portfolio
    for row in companies:
        info = CompanyInfo(*row)
        index.companies[info.id] = info
        if info.is_primary:
            for name in (info.full_name, info.short_name):
                if name:
                    index.company_by_name.setdefault(normalize(name), info.id)
    ci: defaultdict[int, list[str]] = defaultdict(list)
    for cid, code in company_industries:
        ci[cid].append(code)
    index.company_industries = {k: tuple(v) for k, v in ci.items()}
    index.industries = {code: (name, level, parent) for code, name, level, parent in industries}
    _build_text_structures(index)
    return index


SCOPE_WORDS = GENERIC_WORDS | SCOPE_STOP_WORDS
BOUNDARY_VALUE = -1  # the automaton's value for the boundary mark (no product has this id)
# Punctuation of business-scope text (after NFKC and lower-casing) that the matcher turns
# into the sentinel mark when no usable product name contains it.
GAP_CANDIDATES = "、;:。!?\"'“”‘’[]{}|~`@^$【】「」『』〖〗…～·,()-/ \t\r\n\u3000"


def _build_text_structures(index: GraphIndex) -> None:
    pairs = [
        (norm, pid)
        for norm, pid in index.by_norm.items()
        if pid not in index.noise and not is_stop_word(norm)
    ]
    if pairs:
        alphabet = set().union(*(set(norm) for norm, _ in pairs))
        # Three private-use characters no name holds: sentinel, dead end, boundary.
        marks = tuple(ch for ch in map(chr, range(0xE000, 0xF900)) if ch not in alphabet)[:3]
        sentinel, dead, boundary = marks
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        # pyahocorasick finds a node's child by a linear scan, and the root has ~2,750
        # children: a character that starts no name costs a full scan. The sentinel (what
        # the matcher writes for punctuation no name holds) is the root's first child and
        # leads nowhere (the dead end never reaches the automaton); the boundary, between
        # two texts, is a one-character "name" reported with BOUNDARY_VALUE. Neither starts
        # or ends a real match, so the matches are those of the plain automaton.
        automaton.add_word(sentinel + dead, BOUNDARY_VALUE)
        automaton.add_word(boundary, BOUNDARY_VALUE)
        # Then names starting with a character of business-scope language (经营/技术/销售…)
        # first: the root finds those characters, the commonest of such texts, early.
        front = {ch: n for n, ch in enumerate(dict.fromkeys("".join(sorted(SCOPE_WORDS))))}
        for norm, pid in sorted(pairs, key=lambda np: front.get(np[0][0], len(front))):
            automaton.add_word(norm, pid)
        automaton.make_automaton()
        index.automaton = automaton
        index.text_marks = marks
        index.text_gaps = tuple(ch for ch in dict.fromkeys(GAP_CANDIDATES) if ch not in alphabet)
    pairs.sort(key=lambda np: np[0][::-1])
    index._reversed = SortedStrings([norm[::-1] for norm, _ in pairs])
    index._reversed_pids = array("q", (pid for _, pid in pairs))
