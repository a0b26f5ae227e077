"""The fast text matcher (marks, punctuation rewriting, batched NFKC) finds exactly what a
plain walk of the product names over each folded text finds."""

from __future__ import annotations

import random
import unicodedata

import ahocorasick
import pytest

from chainchief.knowledge.engine.matching import match_products_text, match_text, match_texts
from chainchief.knowledge.names import is_stop_word

pytestmark = pytest.mark.django_db


def plain_match(index, text: str) -> dict[int, str]:
    """The reference: one automaton of the usable names, walked over NFKC + lower-case."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for norm, pid in index.by_norm.items():
        if pid not in index.noise and not is_stop_word(norm):
            automaton.add_word(norm, pid)
    automaton.make_automaton()
    found: dict[int, str] = {}
    for _end, pid in automaton.iter_long(unicodedata.normalize("NFKC", text or "").lower()):
        found.setdefault(pid, index.norm[pid])
    return found


def test_the_marks_in_a_text_never_make_or_break_a_match(mini_graph):
    sentinel, dead, boundary = mini_graph.text_marks
    texts = [
        "变压器" + boundary + "铁芯",
        "电力" + boundary + "变压器",
        sentinel + dead + "铜线" + dead,
        boundary * 3,
        "箱式变电站" + sentinel,
    ]
    assert match_texts(mini_graph, texts) == [plain_match(mini_graph, t) for t in texts]
    assert {mini_graph.name[p] for p in match_text(mini_graph, "电力" + boundary + "变压器")} == {
        "变压器"
    }


def test_full_width_text_and_punctuation_match_as_folded(mini_graph):
    texts = [
        "一般项目：电力变压器制造；铜线销售（除依法须经批准的项目外）",
        "ＦＵＬＬ　铁芯，硅钢片、箱式变电站。",
        "e\u0301 ﬁ ① 铜线\n干式变压器\t铁芯",
        "",
    ]
    assert match_texts(mini_graph, texts) == [plain_match(mini_graph, t) for t in texts]


def test_random_texts_match_like_the_plain_walk(mini_graph):
    rng = random.Random(3)
    names = list(mini_graph.name.values())
    pieces = names + ["：", "；", "、", "（", "）", "，", " ", "\n", "Ⅱ", "ＩＣ", "Σ", "e\u0301"]
    pieces += list(mini_graph.text_marks)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(400)]
    assert match_texts(mini_graph, texts, batch=37) == [plain_match(mini_graph, t) for t in texts]


def test_main_products_and_scope_may_be_empty(mini_graph):
    assert match_products_text(mini_graph, "", "") == {}
    assert {mini_graph.name[p] for p in match_products_text(mini_graph, None, "铜线")} == {"铜线"}
