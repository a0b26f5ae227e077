"""Free text (main products, business scope) → graph products, by longest match.

`match_texts` is a pure function of (automaton, texts): partition the texts any way (a
process pool, Dask, Spark) and concatenate the results.
"""

from __future__ import annotations

import bisect
import unicodedata

from chainchief.knowledge.engine.index import GraphIndex

_nfkc = unicodedata.normalize


def match_text(index: GraphIndex, text: str) -> dict[int, str]:
    """pid → the matched text, leftmost-longest and non-overlapping (`电力变压器` wins over
    `变压器`); stop words and noisy names are not in the automaton at all."""
    automaton = index.automaton
    if automaton is None or not text:
        return {}
    norm = _fold(text)
    found: dict[int, str] = {}
    for _end, pid in automaton.iter_long(norm):
        if pid not in found:
            found[pid] = index.norm[pid]
    return found


def _fold(text: str) -> str:
    return (text if unicodedata.is_normalized("NFKC", text) else _nfkc("NFKC", text)).lower()


def match_texts(index: GraphIndex, texts: list[str], batch: int = 2000) -> list[dict[int, str]]:
    """Same result as match_text on each text, ~1.6× faster: the automaton walks one joined
    string per batch (a call per text costs more than the walk). No product name holds a
    line break, so no match crosses from one text into the next."""
    automaton = index.automaton
    results: list[dict[int, str]] = [{} for _ in texts]
    if automaton is None:
        return results
    norm = index.norm
    for first in range(0, len(texts), batch):
        chunk = [_fold(t or "") for t in texts[first : first + batch]]
        starts, pos = [], 0
        for text in chunk:
            starts.append(pos)
            pos += len(text) + 1
        for end, pid in automaton.iter_long("\n".join(chunk)):
            found = results[first + bisect.bisect_right(starts, end) - 1]
            if pid not in found:
                found[pid] = norm[pid]
    return results


def match_products_text(
    index: GraphIndex, main_products: str, business_scope: str
) -> dict[int, str]:
    """An enterprise's products: main products first (they are what it makes), then scope."""
    found = match_text(index, main_products)
    for pid, text in match_text(index, business_scope).items():
        found.setdefault(pid, text)
    return found
