"""专题汇报: 下一步工作 is left for the deputy director to write. The .docx ends with that heading
and a prompt saying what to write, and nothing generated under it."""

from __future__ import annotations

import io

from docx import Document

from chainchief.evaluation.periods import parse_period
from chainchief.reports import documents


def test_the_brief_ends_with_an_empty_next_steps_section_and_a_prompt(city):
    data, _ = documents.build_brief(city.chains["PWR"], parse_period("2026Q3"))
    paragraphs = [p for p in Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    headings = [p for p in paragraphs if p.style.name == "Heading 1"]
    assert headings[-1].text == "七、下一步工作"
    after = paragraphs[paragraphs.index(headings[-1]) + 1 :]
    assert [p.text for p in after] == [
        "（由专职副主任填写：下一步工作思路、重点举措和需要市级层面协调解决的问题。）"
    ]
