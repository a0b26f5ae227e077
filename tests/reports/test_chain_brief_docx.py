"""专题汇报: a .docx python-docx opens, with the chain's real figures and the goal chart."""

from __future__ import annotations

import io

from docx import Document

from chainchief.evaluation.periods import parse_period
from chainchief.reports import documents


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_the_brief_contains_the_chains_output_growth_and_goal_progress(city):
    data, template = documents.build_brief(city.chains["PWR"], parse_period("2026Q3"))
    text = _text(data)
    assert template == "默认模板"
    assert "输变电装备产业链专题汇报" in text
    # 1000 万元 × 9 months = 0.9 亿元, +25 % against 0.72 亿元
    assert "全链规上工业总产值 0.9 亿元，同比增长 25.0%（规上企业 1 家）" in text
    assert "规上工业总产值 | 亿元 | 1.2 | 0.9 | 100.0%" in text
    assert "本期签约项目 0 个" in text and "开工项目 2 个" in text
    assert "高新技术企业 | 1 | 1" in text
    assert "（由专职副主任填写" in text


def test_the_brief_embeds_the_charts_as_pictures(city):
    data, _ = documents.build_brief(city.chains["PWR"], parse_period("2026Q3"))
    doc = Document(io.BytesIO(data))
    assert len(doc.inline_shapes) == 2  # goal progress and monthly output


def test_an_uploaded_template_restyles_the_document(city, tmp_path):
    from docx.shared import Pt

    from chainchief.reports import services

    base = Document(io.BytesIO(documents.default_template()))
    base.styles["Heading 1"].font.size = Pt(20)
    base.sections[0].header.paragraphs[0].text = "衡阳市产业链推进办公室"
    buffer = io.BytesIO()
    base.save(buffer)
    services.upload_template(
        kind="default", name="红头模板", data=buffer.getvalue(), by=city.office
    )
    data, template = documents.build_brief(city.chains["PWR"], parse_period("2026Q3"))
    doc = Document(io.BytesIO(data))
    assert template == "红头模板"
    assert doc.sections[0].header.paragraphs[0].text == "衡阳市产业链推进办公室"
    assert doc.styles["Heading 1"].font.size == Pt(20)


def test_a_template_without_the_heading_styles_is_refused(city):
    import pytest

    from chainchief.reports import services

    with pytest.raises(services.ReportError, match="不是有效的 .docx"):
        services.upload_template(kind="default", name="坏模板", data=b"not a docx", by=city.office)
