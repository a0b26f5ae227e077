"""No template passes a filter an argument whose lookup may hit None partway.

Django resolves a filter ARGUMENT strictly: `{{ x|default:c.chain.name }}` raises (a 500) when
`c.chain` is None, where the same lookup before the `|` would just render empty (the cockpit
answered 500 that way for a red case without a chain). Every template under src/ is scanned
for filter arguments that are dotted lookups:

- `a.b.c` (or longer) always counts: the step in the middle may be None. Use
  `{% firstof a.b.c other %}`, `{% with %}` or an attribute computed in the view instead.
- `a.b` counts unless `a` is bound by an enclosing `{% for %}` (or is `forloop`): a variable
  the view passes may be None.

ALLOWED lists the few cases that cannot be None, each with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template.base import Lexer, TokenType

import chainchief

SRC = Path(chainchief.__file__).parent

# (template path under src/chainchief, the argument): why the lookup cannot hit None.
ALLOWED = {
    # ChainOrgMember.role is a non-null foreign key (on_delete=PROTECT): m.role is never None.
    ("chains/templates/chains/organisation.html", "m.role.default_duties"),
    # The view passes WarningRule.current(), which answers an unsaved default when none is stored.
    ("projects/templates/projects/warnings.html", "rule.stall_days"),
    # The view renders this page only for an upload it found (404 otherwise).
    ("imports/templates/imports/upload.html", "upload.kind"),
}

QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
FILTER_ARG = re.compile(r"\|\s*\w+\s*:\s*([A-Za-z_]\w*(?:\.\w+)+)")
FOR_TAG = re.compile(r"^for\s+(.+?)\s+in\s")


def risky_filter_arguments(text: str) -> list[tuple[int, str]]:
    """(line, argument) of each filter argument in `text` whose lookup may hit None."""
    found: list[tuple[int, str]] = []
    loops: list[set[str]] = []
    for token in Lexer(text).tokenize():
        if token.token_type not in (TokenType.VAR, TokenType.BLOCK):
            continue
        contents = QUOTED.sub('""', token.contents.strip())
        if token.token_type == TokenType.BLOCK:
            if contents.startswith("endfor"):
                if loops:
                    loops.pop()
                continue
        for match in FILTER_ARG.finditer(contents):
            lookup = match.group(1)
            first, depth = lookup.split(".")[0], lookup.count(".")
            bound = first == "forloop" or any(first in names for names in loops)
            if depth >= 2 or not bound:
                found.append((token.lineno, lookup))
        if token.token_type == TokenType.BLOCK:
            loop = FOR_TAG.match(contents)
            if loop:
                loops.append({n.strip() for n in loop.group(1).split(",")})
    return found


def _templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("*") if "templates" in p.parts and p.is_file())


def test_no_template_passes_a_filter_a_lookup_that_may_hit_none():
    found = []
    for path in _templates():
        rel = path.relative_to(SRC).as_posix()
        for line, lookup in risky_filter_arguments(path.read_text(encoding="utf-8")):
            if (rel, lookup) not in ALLOWED:
                found.append(f"{rel}:{line}: |…:{lookup}")
    assert found == [], "a filter argument may hit None (use firstof/with):\n" + "\n".join(found)


def test_every_allowed_case_is_still_in_its_template():
    for rel, lookup in ALLOWED:
        text = (SRC / rel).read_text(encoding="utf-8")
        assert lookup in [arg for _, arg in risky_filter_arguments(text)], (rel, lookup)


def test_the_scan_finds_the_cockpit_argument_that_answered_500():
    old = (
        '{% for c in overdue %}<span class="muted">{{ c.enterprise.name|default:c.chain.name }}'
        "</span>{% endfor %}"
    )
    assert risky_filter_arguments(old) == [(1, "c.chain.name")]


def test_the_scan_lets_a_loop_variables_attribute_and_quoted_text_pass():
    text = (
        "{% for t in tiers %}{{ labels|get_item:t.tier }}{{ forloop.counter|add:forloop.counter0 }}"
        '{% endfor %}{% translate "a|default:b.c.d" %}{{ x|default:"y.z" }}'
    )
    assert risky_filter_arguments(text) == []


def test_the_scan_finds_a_context_variables_attribute_outside_a_loop():
    text = "{% for t in tiers %}{{ t.name }}{% endfor %}{{ x|default:t.name }}"
    assert risky_filter_arguments(text) == [(1, "t.name")]
