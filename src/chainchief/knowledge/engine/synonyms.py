"""Synonym groups of product terms (光伏组件 = 太阳能电池组件; 电线电缆 > 电力电缆).

The curated list ships as `knowledge/data/synonyms.txt`; the office adds groups on a page.
Both are parsed here into plain (term, variants) pairs that travel in the EngineConfig, so
term resolution stays a pure function of (index, term, config).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from chainchief.knowledge.names import normalize

BUILTIN = Path(__file__).resolve().parents[1] / "data" / "synonyms.txt"
_SCOPE = re.compile(r"^\[([^\]]+)\]\s*")
_SPLIT = re.compile(r"[,，、]")


class SynonymError(ValueError):
    pass


@dataclass(frozen=True)
class SynonymGroup:
    words: tuple[str, ...]  # the head first
    narrower: bool = False  # `A > B, C`: B and C are kinds of A (one way)
    scope: str = ""  # applies only in chains whose name contains this ("" = everywhere)
    source: str = "builtin"

    @property
    def text(self) -> str:
        scope = f"[{self.scope}] " if self.scope else ""
        if self.narrower:
            return f"{scope}{self.words[0]} > {', '.join(self.words[1:])}"
        return scope + " = ".join(self.words)

    def applies_to(self, chain_name: str) -> bool:
        return not self.scope or self.scope in (chain_name or "")


def parse_line(line: str, *, source: str = "builtin") -> SynonymGroup | None:
    """One group from one line; None for a blank or comment line. Raises SynonymError."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return None
    scope = ""
    found = _SCOPE.match(line)
    if found:
        scope, line = found.group(1).strip(), line[found.end() :]
    if ">" in line:
        head, _, rest = line.partition(">")
        words = [head.strip(), *(w.strip() for w in _SPLIT.split(rest))]
        narrower = True
    elif "=" in line:
        words = [w.strip() for w in line.split("=")]
        narrower = False
    else:
        raise SynonymError("请用“=”连接同义词，或用“>”写出某产品的细分品种")
    words = list(dict.fromkeys(w for w in words if w))
    if len(words) < 2:
        raise SynonymError("一组同义词至少要有两个产品词")
    if any(len(normalize(w)) < 2 for w in words):
        raise SynonymError("产品词至少两个字")
    return SynonymGroup(tuple(words), narrower, scope, source)


def parse_text(text: str, *, source: str = "builtin") -> list[SynonymGroup]:
    groups = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            group = parse_line(line, source=source)
        except SynonymError as exc:
            raise SynonymError(f"第 {number} 行：{exc}") from exc
        if group is not None:
            groups.append(group)
    return groups


_builtin: list[SynonymGroup] | None = None


def builtin_groups() -> list[SynonymGroup]:
    global _builtin
    if _builtin is None:
        _builtin = parse_text(BUILTIN.read_text(encoding="utf-8"))
    return list(_builtin)


def synonym_pairs(groups: list[SynonymGroup], chain_name: str = "") -> tuple:
    """(normalised term, variants) for the groups that apply in the chain, sorted (hashable,
    stable: it is part of the resolution cache key)."""
    pairs: dict[str, list[str]] = {}
    for group in groups:
        if not group.applies_to(chain_name):
            continue
        words = [normalize(w) for w in group.words]
        heads = words[:1] if group.narrower else words
        for head in heads:
            variants = pairs.setdefault(head, [])
            for word in words:
                if word != head and word not in variants:
                    variants.append(word)
    return tuple(sorted((k, tuple(v)) for k, v in pairs.items()))
