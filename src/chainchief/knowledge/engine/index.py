"""The in-memory index of the national graph, built once per process from plain rows."""

from __future__ import annotations

import bisect
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from chainchief.knowledge.names import GENERIC_WORDS, SCOPE_STOP_WORDS, is_stop_word, normalize

UPSTREAM, SUBCLASS, DOWNSTREAM = "upstream_material", "subclass", "downstream"


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
    name: dict[int, str] = field(default_factory=dict)
    norm: dict[int, str] = field(default_factory=dict)
    noise: dict[int, str] = field(default_factory=dict)  # pid → reason, only noisy ones
    by_norm: dict[str, int] = field(default_factory=dict)
    materials: dict[int, tuple[int, ...]] = field(
        default_factory=dict
    )  # product → its upstream materials
    used_in: dict[int, tuple[int, ...]] = field(
        default_factory=dict
    )  # material → products using it
    subclasses: dict[int, tuple[int, ...]] = field(default_factory=dict)
    superclasses: dict[int, tuple[int, ...]] = field(default_factory=dict)
    downstream: dict[int, tuple[int, ...]] = field(default_factory=dict)
    makers: dict[int, tuple[tuple[int, float], ...]] = field(default_factory=dict)  # pid → (cid, w)
    portfolio: dict[int, tuple[tuple[int, float], ...]] = field(
        default_factory=dict
    )  # cid → (pid, w)
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
    _reversed: list[str] = field(
        default_factory=list
    )  # usable norms reversed, sorted (suffix search)
    _reversed_pids: list[int] = field(default_factory=list)
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
    for pid, name, norm, reason in products:
        name = sys.intern(name)
        index.name[pid] = name
        index.norm[pid] = name if norm == name else norm  # one string object when equal
        if reason:
            index.noise[pid] = reason
        current = index.by_norm.get(norm)
        if current is None or (current in index.noise and not reason):
            index.by_norm[norm] = pid
    lists: dict[str, defaultdict[int, list[int]]] = {
        k: defaultdict(list) for k in ("m", "u", "s", "p", "d")
    }
    same = {pid: pid for pid in index.name}  # one int object per product id, shared by all edges
    for src, dst, kind in relations:
        src, dst = same.get(src, src), same.get(dst, dst)
        if kind == UPSTREAM:
            lists["m"][src].append(dst)
            lists["u"][dst].append(src)
        elif kind == SUBCLASS:
            lists["s"][src].append(dst)
            lists["p"][dst].append(src)
        elif kind == DOWNSTREAM:
            lists["d"][src].append(dst)
    index.materials = {k: tuple(v) for k, v in lists["m"].items()}
    index.used_in = {k: tuple(v) for k, v in lists["u"].items()}
    index.subclasses = {k: tuple(v) for k, v in lists["s"].items()}
    index.superclasses = {k: tuple(v) for k, v in lists["p"].items()}
    index.downstream = {k: tuple(v) for k, v in lists["d"].items()}
    makers: defaultdict[int, list] = defaultdict(list)
    portfolio: defaultdict[int, list] = defaultdict(list)
    for cid, pid, weight in company_products:
        makers[pid].append((cid, weight))
        portfolio[cid].append((pid, weight))
    index.makers = {k: tuple(sorted(v, key=lambda cw: -cw[1])) for k, v in makers.items()}
    index.portfolio = {k: tuple(sorted(v, key=lambda pw: -pw[1])) for k, v in portfolio.items()}
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
    index._reversed = [norm[::-1] for norm, _ in pairs]
    index._reversed_pids = [pid for _, pid in pairs]
