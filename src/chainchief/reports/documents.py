"""The documents: python-docx on the office's template (its styles, header and letterhead),
with charts as pictures, and the meeting pack's workbook through the one .xlsx writer.

The default template (`default_template()`) sets 公文-like styles with fonts available
offline: headings in Noto Serif CJK SC bold (方正小标宋 fallback), body in Noto Serif CJK SC
三号-like 14 pt (仿宋_GB2312 fallback). The office downloads it, restyles it in Word or WPS
(fonts, letterhead in the page header, heading styles) and uploads it back; documents are
then written with those styles. A template must keep the styles named in REQUIRED_STYLES.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.storage import default_storage
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chainchief.evaluation import selectors as evaluation_selectors
from chainchief.evaluation.models import ChainResult, Comment, IndicatorResult, Run
from chainchief.evaluation.periods import Period
from chainchief.reports import charts, selectors
from chainchief.reports.models import ReportTemplate
from chainchief.web.excel import append_row, new_workbook, set_cell, workbook_bytes

REQUIRED_STYLES = ("Title", "Heading 1", "Heading 2", "Normal", "Table Grid")
HEADING_FONT = "Noto Serif CJK SC"
BODY_FONT = "Noto Serif CJK SC"
DEMO_MARK = "演示数据"


class TemplateError(ValueError):
    """The uploaded template cannot be used; the message says why, in Chinese."""


def _east_asian(style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def default_template() -> bytes:
    """The built-in template, as a .docx the office can download and restyle."""
    doc = Document()
    _east_asian(doc.styles["Normal"], BODY_FONT, 14)
    _east_asian(doc.styles["Title"], HEADING_FONT, 22, True)
    _east_asian(doc.styles["Heading 1"], HEADING_FONT, 16, True)
    _east_asian(doc.styles["Heading 2"], HEADING_FONT, 14, True)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = None
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header.paragraphs[0].text = "产业链链长制工作材料"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def check_template(data: bytes) -> None:
    try:
        doc = Document(io.BytesIO(data))
    except Exception:
        raise TemplateError(
            "文件不是有效的 .docx 文档（请在 Word 或 WPS 中另存为 .docx）"
        ) from None
    names = {s.name for s in doc.styles}
    missing = [n for n in REQUIRED_STYLES if n not in names]
    if missing:
        raise TemplateError(
            f"模板缺少样式：{'、'.join(missing)}（请在默认模板基础上修改，不要删除这些样式）"
        )


def template_for(kind: str) -> ReportTemplate | None:
    return (
        ReportTemplate.objects.filter(active=True, kind=kind).first()
        or ReportTemplate.objects.filter(active=True, kind="default").first()
    )


def new_document(kind: str) -> tuple[Document, str]:
    """A document on the active template for `kind` (its body emptied), and the template's name."""
    template = template_for(kind)
    if template is not None and default_storage.exists(template.path):
        with default_storage.open(template.path, "rb") as fh:
            doc = Document(io.BytesIO(fh.read()))
        name = template.name
    else:
        doc = Document(io.BytesIO(default_template()))
        name = "默认模板"
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc, name


def _fmt(value, places: int = 2) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal | float | int):
        return f"{float(value):,.{places}f}".rstrip("0").rstrip(".")
    return str(value)


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def table(doc: Document, headers: list[str], rows: list[list]) -> None:
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    for i, h in enumerate(headers):
        cell = t.rows[0].cells[i]
        cell.text = str(h)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        cells = t.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = value if isinstance(value, str) else _fmt(value)
    doc.add_paragraph()


def picture(doc: Document, png: bytes) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(15.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _title(doc: Document, text: str, subtitle: str, demo: bool) -> None:
    doc.add_paragraph(text, style="Title")
    p = doc.add_paragraph(subtitle + (f"（{DEMO_MARK}）" if demo else ""))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _chain_base(chain) -> str:
    """输变电装备产业链 → 输变电装备, so titles do not read 产业链产业链."""
    return chain.name.removesuffix("产业链")


def _is_demo() -> bool:
    from chainchief.places.models import City

    city = City.objects.order_by("id").first()
    return bool(city and city.is_demo)


def _save(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- 专题汇报 ----------------------------------------------------------------------------------


def _goal_section(doc: Document, facts: dict, heading: str) -> None:
    doc.add_paragraph(heading, style="Heading 1")
    goals = facts["goals"]
    if not goals:
        doc.add_paragraph("本年度发展目标清单尚未填报。")
        return
    table(
        doc,
        ["指标", "单位", "年度目标", "本期完成", "按进度完成率", "备注"],
        [
            [g["indicator"], g["unit"], g["target"], g["actual"], _pct(g["rate"]), g["note"]]
            for g in goals
        ],
    )
    measurable = [g for g in goals if g["actual"] is not None and g["target"]]
    if measurable:
        share = facts["period"].months / 12
        picture(
            doc,
            charts.bars(
                [g["indicator"] for g in measurable],
                {
                    "按进度目标": [round(float(g["target"]) * share, 4) for g in measurable],
                    "本期完成": [g["actual"] for g in measurable],
                },
                title=f"{facts['chain'].name} 发展目标进度（{facts['period'].label}）",
            ),
        )


def _output_paragraph(facts: dict) -> str:
    out, growth = facts["output"], facts["growth"]
    text = f"{facts['period'].label}，全链规上工业总产值 {_fmt(out.value)} 亿元"
    if growth.value is not None:
        text += f"，同比{'增长' if growth.value >= 0 else '下降'} {abs(growth.value):.1f}%"
    return text + f"（规上企业 {len(out.rows)} 家）。"


def build_brief(chain, period: Period) -> tuple[bytes, str]:
    """专题汇报: the chain's report to the meeting, drafted from its data; 下一步工作 left for the
    deputy director to write."""
    facts = selectors.chain_facts(chain, period)
    doc, template = new_document("brief")
    _title(doc, f"{_chain_base(chain)}产业链专题汇报", f"{period.label}", _is_demo())
    doc.add_paragraph("一、组织推进情况", style="Heading 1")
    if facts["org"]:
        table(doc, ["职责", "担任", "职务"], [list(r) for r in facts["org"]])
    else:
        doc.add_paragraph("“六个一”工作机制尚未在平台中配置。")
    _goal_section(doc, facts, "二、目标完成情况")
    doc.add_paragraph(_output_paragraph(facts))
    picture(
        doc,
        charts.lines(
            [f"{m}月" for m in range(1, period.end.month + 1)],
            {f"{period.year}年": facts["monthly"], f"{period.year - 1}年": facts["monthly_last"]},
            title="规上工业总产值月度走势",
            unit="亿元",
        ),
    )
    doc.add_paragraph("三、企业培育情况", style="Heading 1")
    table(
        doc,
        ["梯队", "现有企业（家）", "本期新增（家）"],
        [
            [label, facts["tiers"].get(label, 0), facts["new_tiers"].get(label, "—")]
            for label in (
                "百亿企业",
                "上市企业",
                "高新技术企业",
                "四上企业",
                "专精特新",
                "链主企业",
            )
        ],
    )
    if facts["anchors"]:
        doc.add_paragraph("链主企业：" + "、".join(facts["anchors"]) + "。")
    doc.add_paragraph("四、项目建设情况", style="Heading 1")
    pp = facts["period_projects"]
    doc.add_paragraph(
        f"本期签约项目 {pp['签约'].value} 个、签约投资 {_fmt(facts['signed_investment'].value)} 亿元，"
        f"开工项目 {pp['开工'].value} 个，投产项目 {pp['投产'].value} 个，完成投资 {_fmt(facts['invested'].value)} 亿元；"
        f"红色预警项目 {facts['stalled'].value} 个。"
    )
    table(doc, ["阶段", "项目数"], [list(r) for r in facts["pipeline"]])
    started = pp["开工"].rows[:15]
    if started:
        table(doc, ["本期开工项目", "说明"], [[r["label"], r.get("note", "")] for r in started])
    doc.add_paragraph("五、问题解决情况", style="Heading 1")
    doc.add_paragraph(
        "；".join(
            f"{label} {_fmt(m.value)}%（{m.note}）"
            if m.value is not None
            else f"{label}：{m.note or '无数据'}"
            for label, m in facts["cases"].items()
        )
        + "。"
    )
    doc.add_paragraph("六、短板与招商方向", style="Heading 1")
    gaps = selectors.gap_facts(chain)
    doc.add_paragraph(
        f"产业链完整度 {gaps['completeness']}。缺链环节：{'、'.join(gaps['missing']) or '无'}；"
        f"弱链环节：{'、'.join(gaps['weak']) or '无'}。"
        + (f"（{gaps['note']}）" if gaps["note"] else "")
    )
    doc.add_paragraph("七、下一步工作", style="Heading 1")
    doc.add_paragraph(
        "（由专职副主任填写：下一步工作思路、重点举措和需要市级层面协调解决的问题。）"
    )
    return _save(doc), template


# --- 两报告 -----------------------------------------------------------------------------------


def build_development(chain, period: Period) -> tuple[bytes, str]:
    """产业链发展报告: output, growth, structure, anchors, completeness, gaps, projects, problems,
    and the comparison with the goal list."""
    facts = selectors.chain_facts(chain, period)
    gaps = selectors.gap_facts(chain)
    doc, template = new_document("development")
    _title(doc, f"{_chain_base(chain)}产业链发展报告", period.label, _is_demo())
    doc.add_paragraph("一、总体运行", style="Heading 1")
    doc.add_paragraph(_output_paragraph(facts))
    picture(
        doc,
        charts.lines(
            [f"{m}月" for m in range(1, period.end.month + 1)],
            {f"{period.year}年": facts["monthly"], f"{period.year - 1}年": facts["monthly_last"]},
            title="规上工业总产值月度走势",
            unit="亿元",
        ),
    )
    top = facts["output"].rows[:10]
    if top:
        table(doc, ["产值前十企业", "本期产值（亿元）"], [[r["label"], r["amount"]] for r in top])
    doc.add_paragraph("二、产业结构与链主企业", style="Heading 1")
    by_stage: dict[str, float] = {}
    for s in gaps["segments"]:
        by_stage[s["stage_label"]] = by_stage.get(s["stage_label"], 0) + (s["output"] or 0)
    if by_stage:
        table(doc, ["环节位置", "产值（近 12 个月，万元）"], [[k, v] for k, v in by_stage.items()])
    doc.add_paragraph("链主企业：" + ("、".join(facts["anchors"]) or "暂无") + "。")
    doc.add_paragraph("三、产业链完整度与短板", style="Heading 1")
    doc.add_paragraph(
        f"完整度 {gaps['completeness']}；强链 {len(gaps['strong'])} 个，弱链 {len(gaps['weak'])} 个，缺链 {len(gaps['missing'])} 个。"
    )
    table(
        doc,
        ["环节", "状态", "本地企业（家）"],
        [[s["name"], s["gap_label"], s["local_count"]] for s in gaps["segments"]],
    )
    doc.add_paragraph("四、项目建设", style="Heading 1")
    table(doc, ["阶段", "项目数"], [list(r) for r in facts["pipeline"]])
    doc.add_paragraph("五、问题解决", style="Heading 1")
    table(
        doc,
        ["指标", "数值（%）", "说明"],
        [[k, m.value, m.note] for k, m in facts["cases"].items()],
    )
    _goal_section(doc, facts, "六、与发展目标清单对比")
    return _save(doc), template


def build_investment(chain, period: Period) -> tuple[bytes, str]:
    """招商分析报告: gap segments, ranked targets with reasons, pipeline conversion by source
    region and segment."""
    gaps = selectors.gap_facts(chain)
    targets = selectors.target_facts(chain)
    conversion = selectors.pipeline_conversion(chain)
    doc, template = new_document("investment")
    _title(doc, f"{_chain_base(chain)}产业链招商分析报告", period.label, _is_demo())
    doc.add_paragraph("一、缺链与弱链环节", style="Heading 1")
    doc.add_paragraph(
        f"缺链：{'、'.join(gaps['missing']) or '无'}；弱链：{'、'.join(gaps['weak']) or '无'}。"
    )
    doc.add_paragraph("二、招商目标（按推荐度排序）", style="Heading 1")
    if targets.get("targets"):
        table(
            doc,
            ["序号", "企业", "所在地区", "推荐理由"],
            [
                [
                    str(i),
                    t.get("full_name") or t.get("name"),
                    t.get("province", ""),
                    "；".join(t.get("reasons", [])[:2]),
                ]
                for i, t in enumerate(targets["targets"], 1)
            ],
        )
    else:
        doc.add_paragraph(targets.get("note") or "暂无推荐目标。")
    from chainchief.projects.models import PIPELINE, Stage

    headers = [str(Stage(s).label) for s in PIPELINE]
    for key, label in (
        ("region", "三、招商线索转化（按来源地区）"),
        ("segment", "四、招商线索转化（按环节）"),
    ):
        doc.add_paragraph(label, style="Heading 1")
        rows = conversion[key]
        if rows:
            table(
                doc,
                ["来源" if key == "region" else "环节", "项目数", *[f"到达{h}" for h in headers]],
                [[r["name"], r["total"], *[r[s] for s in PIPELINE]] for r in rows],
            )
        else:
            doc.add_paragraph("暂无招商项目。")
    return _save(doc), template


# --- 点评会材料 --------------------------------------------------------------------------------


def build_meeting_pack(run: Run) -> tuple[bytes, bytes, str]:
    """The ranking, every chain's scorecard and (signed or draft) comment: one .docx and one
    .xlsx (a ranking sheet and a sheet per chain)."""
    ranking = evaluation_selectors.ranking(run)
    names = evaluation_selectors.dimension_names(run)
    comments = {c.chain_id: c for c in Comment.objects.filter(run=run)}
    results: dict[int, list[IndicatorResult]] = {}
    for r in IndicatorResult.objects.filter(run=run).defer("rows").order_by("id"):
        results.setdefault(r.chain_id, []).append(r)
    doc, template = new_document("meeting")
    _title(
        doc,
        f"{run.system.name}点评会材料",
        f"{run.period} 第{run.number}版（{run.get_status_display()}）",
        _is_demo(),
    )
    doc.add_paragraph("一、考评排名", style="Heading 1")
    table(
        doc,
        ["名次", "产业链", "总分", "等次", *names],
        [
            [
                str(row["result"].rank),
                row["chain"].name,
                row["result"].total,
                row["result"].grade,
                *[row["result"].dimensions.get(n, 0) for n in names],
            ]
            for row in ranking
        ],
    )
    if ranking:
        picture(
            doc,
            charts.bars(
                [row["chain"].name for row in ranking],
                {"总分": [float(row["result"].total) for row in ranking]},
                title=f"{run.period} 各产业链考评总分",
                unit="分",
            ),
        )
    doc.add_paragraph("二、各产业链记分卡与点评意见", style="Heading 1")
    for row in ranking:
        result: ChainResult = row["result"]
        chain = row["chain"]
        doc.add_paragraph(
            f"{result.rank}. {chain.name}（{_fmt(result.total)} 分，{result.grade}）",
            style="Heading 2",
        )
        if result.veto_reason:
            doc.add_paragraph(f"一票否决：{result.veto_reason}")
        table(
            doc,
            ["维度", "指标", "数值", "名次", "得分"],
            [
                [
                    r.dimension,
                    r.name,
                    f"{_fmt(r.value)}{r.unit}" if r.value is not None else "无数据",
                    str(r.rank or "—"),
                    r.points,
                ]
                for r in results.get(chain.pk, [])
            ],
        )
        comment = comments.get(chain.pk)
        if comment is not None:
            label = "点评意见" if comment.status == Comment.Status.SIGNED else "点评意见（草稿）"
            doc.add_paragraph(f"{label}：")
            for line in comment.text.splitlines():
                doc.add_paragraph(line)
    wb = new_workbook("排名")
    ws = wb.active
    append_row(ws, ["名次", "产业链", "总分", "等次", "红黑榜", "否决原因", *names])
    for row in ranking:
        r = row["result"]
        append_row(
            ws,
            [
                r.rank,
                row["chain"].name,
                r.total,
                r.grade,
                {"red": "红榜", "black": "黑榜"}.get(r.board, ""),
                r.veto_reason,
                *[r.dimensions.get(n, 0) for n in names],
            ],
        )
    used = {"排名"}
    for row in ranking:
        title = row["chain"].name[:28]
        while title in used:
            title = title[:26] + f"_{len(used)}"
        used.add(title)
        sheet = wb.create_sheet(title)
        set_cell(
            sheet,
            1,
            1,
            f"{row['chain'].name} {run.period} 记分卡：总分 {_fmt(row['result'].total)}，第 {row['result'].rank} 名，{row['result'].grade}",
        )
        append_row(
            sheet, ["维度", "指标", "单位", "数值", "目标", "名次", "权重", "得分", "计算过程"]
        )
        for r in results.get(row["chain"].pk, []):
            append_row(
                sheet,
                [
                    r.dimension,
                    r.name,
                    r.unit,
                    r.value,
                    r.target,
                    r.rank,
                    r.weight,
                    r.points,
                    r.formula,
                ],
            )
        comment = comments.get(row["chain"].pk)
        if comment is not None:
            append_row(sheet, [])
            append_row(sheet, ["点评意见", comment.text])
    return _save(doc), workbook_bytes(wb), template


# --- 年度审计工作报告 (written by the audit app on this template) ------------------------------


def build_audit_annual(year: int) -> tuple[bytes, str]:
    from chainchief.audit.report import write_annual_report

    doc, template = new_document("audit_annual")
    write_annual_report(doc, year, demo=_is_demo())
    return _save(doc), template
