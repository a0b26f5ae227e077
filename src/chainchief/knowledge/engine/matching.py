"""Free text (main products, business scope) → graph products, by longest match.

`match_texts` is a pure function of (automaton, texts): partition the texts any way (a
process pool, Dask, Spark) and concatenate the results.

Speed (~40,000 business-scope texts of ~110 characters a second on one core, where a loop over
`automaton.iter_long(text)` does ~15,000): one automaton walk per batch over the texts
joined by a boundary mark; the NFKC + lower-case fold done once per batch, on the joined
string, with the usual full-width punctuation replaced first (so most batches are
already normalised and skip `unicodedata.normalize`); punctuation no product name holds
rewritten to a sentinel the automaton's root finds at once (index.py says why).
"""

from __future__ import annotations

import unicodedata

from chainchief.knowledge.engine.index import BOUNDARY_VALUE, GraphIndex
from chainchief.knowledge.names import strip_boilerplate

# Full-width punctuation of business-scope text with its NFKC form. Replacing a character
# by its NFKC form first gives the same NFKC of the whole string (same decomposition),
# and leaves most texts normalised already: the quick check then spares the slow pass.
_WIDE = tuple(
    (ch, unicodedata.normalize("NFKC", ch))
    for ch in "：；（），！？％＋－／［］｛｝＂＇．\u3000"
    if unicodedata.normalize("NFKC", ch) != ch
)


def match_text(index: GraphIndex, text: str) -> dict[int, str]:
    """pid → the matched text, leftmost-longest and non-overlapping (`电力变压器` wins over
    `变压器`); stop words and noisy names are not in the automaton at all."""
    if index.automaton is None or not text:
        return {}
    return match_texts(index, [text])[0]


def match_texts(index: GraphIndex, texts: list[str], batch: int = 2000) -> list[dict[int, str]]:
    """Same result as match_text on each text, in order. No product name holds the boundary
    mark, so no match crosses from one text into the next."""
    automaton = index.automaton
    if automaton is None:
        return [{} for _ in texts]
    norm = index.norm
    # Names read once per call: the index's name table slices a new string on every read.
    names: dict[int, str] = {}
    results: list[dict[int, str]] = []
    for first in range(0, len(texts), batch):
        chunk = texts[first : first + batch]
        found: dict[int, str] = {}
        for _end, pid in automaton.iter_long(_prepare(index, chunk)):
            if pid == BOUNDARY_VALUE:
                results.append(found)
                found = {}
            elif pid not in found:
                name = names.get(pid)
                if name is None:
                    name = names[pid] = norm[pid]
                found[pid] = name
        results.append(found)
    return results


def _prepare(index: GraphIndex, chunk: list[str]) -> str:
    """The texts folded (NFKC, lower case) and joined by the boundary mark; the marks that
    appear in the texts themselves become the sentinel (no name holds either)."""
    sentinel, dead, boundary = index.text_marks
    texts = [t or "" for t in chunk]
    joined = boundary.join(texts)
    if joined.count(boundary) != len(texts) - 1:
        joined = boundary.join(t.replace(boundary, sentinel) for t in texts)
    if dead in joined:
        joined = joined.replace(dead, sentinel)
    for wide, narrow in _WIDE:
        if wide in joined:
            joined = joined.replace(wide, narrow)
    # strip_boilerplate writes a full-width ；, whose NFKC form ; keeps the texts normalised
    # (otherwise every text failed the quick check and took the slow pass: half the time).
    joined = strip_boilerplate(joined).replace("；", ";")
    if not unicodedata.is_normalized("NFKC", joined):
        # Texts are independent: normalise only those that need it.
        joined = boundary.join(
            t if unicodedata.is_normalized("NFKC", t) else unicodedata.normalize("NFKC", t)
            for t in joined.split(boundary)
        )
    joined = joined.lower()  # NFKC and lower() make no private-use character
    for ch in index.text_gaps:
        if ch in joined:
            joined = joined.replace(ch, sentinel)
    return joined


def match_products_text(
    index: GraphIndex, main_products: str, business_scope: str
) -> dict[int, str]:
    """An enterprise's products: main products first (they are what it makes), then scope."""
    found, scope = match_texts(index, [main_products or "", business_scope or ""])
    for pid, text in scope.items():
        found.setdefault(pid, text)
    return found
