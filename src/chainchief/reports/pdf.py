"""The meeting pack as PDF, laid out offline with matplotlib's PDF backend and Noto CJK (no
office suite, no converter, no new dependency): a cover with the ranking table and the totals
chart, then one page per chain with its scorecard and comment (continued on further pages when
long). Glyphs are embedded as vector outlines (Type 3), which every PDF reader shows the same.

A machine without the Noto CJK fonts gets no PDF (`pdf_available()` is False) rather than one
with empty boxes; the .docx and .xlsx are made all the same.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from chainchief.evaluation import selectors as evaluation_selectors
from chainchief.evaluation.models import Comment, IndicatorResult, Run
from chainchief.reports import charts

A4 = (8.27, 11.69)
TOP, BOTTOM, LEFT = 0.94, 0.05, 0.07
LINE = 0.021  # one line of 9 pt text, as a fraction of the page height
ROWS_PER_TABLE_PAGE = 34
CHARS_PER_LINE = 44  # CJK characters across the text width at 10 pt


def pdf_available() -> bool:
    from pathlib import Path

    return any(Path(p).exists() for p in charts.FONT_FILES)


def _fmt(value, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.{places}f}".rstrip("0").rstrip(".")


def _wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    """Lines of at most `width` CJK characters (a Latin letter or digit counts about half):
    Chinese has no spaces to break at, so lines break anywhere, as in Word."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        line, used = "", 0.0
        for char in paragraph:
            w = 0.55 if char.isascii() else 1.0
            if used + w > width and line:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += w
        lines.append(line)
    return lines


class _Pages:
    """A4 pages filled top to bottom; a new page starts when the next block does not fit."""

    def __init__(self, pdf, plt, footer: str):
        self.pdf, self.plt, self.footer = pdf, plt, footer
        self.fig = None
        self.y = TOP
        self.number = 0

    def new_page(self) -> None:
        self.close_page()
        self.fig = self.plt.figure(figsize=A4)
        self.number += 1
        self.y = TOP

    def close_page(self) -> None:
        if self.fig is not None:
            self.fig.text(
                0.5, 0.02, f"{self.footer} · 第 {self.number} 页", ha="center", fontsize=7
            )
            self.pdf.savefig(self.fig)
            self.plt.close(self.fig)
            self.fig = None

    def room(self, height: float) -> None:
        if self.fig is None or self.y - height < BOTTOM:
            self.new_page()

    def text(self, text: str, *, size: float = 10, bold: bool = False, gap: float = 0.004) -> None:
        height = LINE * size / 9
        self.room(height)
        self.fig.text(
            LEFT, self.y, text, fontsize=size, va="top", color="#1f3b57" if bold else "black"
        )
        self.y -= height + gap

    def paragraph(self, text: str, size: float = 10) -> None:
        for line in _wrap(text, int(CHARS_PER_LINE * 10 / size)):
            self.text(line, size=size, gap=0)
        self.y -= 0.006

    def table(self, headers: Sequence[str], rows: list[list[str]], widths: Sequence[float]):
        """Cells as plain text with rules between rows (much lighter than matplotlib's Table),
        at most ROWS_PER_TABLE_PAGE rows a page, headers repeated."""
        from matplotlib.lines import Line2D

        span = 1 - 2 * LEFT
        xs = [LEFT]
        for w in widths[:-1]:
            xs.append(xs[-1] + w * span)
        step = LINE * 0.95
        for start in range(0, max(len(rows), 1), ROWS_PER_TABLE_PAGE):
            chunk = rows[start : start + ROWS_PER_TABLE_PAGE] or [["—"] * len(headers)]
            self.room(step * (len(chunk) + 1) + 0.01)
            for n, cells in enumerate([list(headers), *chunk]):
                for x, cell in zip(xs, cells, strict=False):
                    self.fig.text(
                        x + 0.004,
                        self.y - step * 0.5,
                        str(cell),
                        fontsize=7.5,
                        va="center",
                        color="#1f3b57" if n == 0 else "black",
                    )
                self.fig.add_artist(
                    Line2D(
                        [LEFT, LEFT + span],
                        [self.y - step, self.y - step],
                        linewidth=0.6 if n == 0 else 0.3,
                        color="#555555" if n == 0 else "#bbbbbb",
                    )
                )
                self.y -= step
            self.y -= 0.012

    def image(self, png: bytes, height: float) -> None:
        from matplotlib import image as mpimg

        self.room(height)
        ax = self.fig.add_axes((LEFT, self.y - height, 1 - 2 * LEFT, height))
        ax.imshow(mpimg.imread(io.BytesIO(png), format="png"))
        ax.axis("off")
        self.y -= height + 0.01


def build_meeting_pack_pdf(run: Run, *, demo: bool = False) -> bytes:
    """The same content as the meeting pack's .docx: ranking with dimension scores and the
    totals chart, then every chain's scorecard and (signed or draft) comment."""
    plt = charts._plt()
    charts._font()
    from matplotlib.backends.backend_pdf import PdfPages

    ranking = evaluation_selectors.ranking(run)
    names = evaluation_selectors.dimension_names(run)
    comments = {c.chain_id: c for c in Comment.objects.filter(run=run)}
    results: dict[int, list[IndicatorResult]] = {}
    for r in IndicatorResult.objects.filter(run=run).defer("rows").order_by("id"):
        results.setdefault(r.chain_id, []).append(r)
    title = f"{run.system.name}点评会材料"
    buffer = io.BytesIO()
    with plt.rc_context({"pdf.fonttype": 3}), PdfPages(buffer) as pdf:
        info = pdf.infodict()
        info["Title"] = title
        info["Creator"] = "ChainChief"
        pages = _Pages(pdf, plt, f"{title} {run.period} 第{run.number}版")
        pages.new_page()
        pages.text(title, size=18, bold=True, gap=0.01)
        pages.text(
            f"{run.period} 第{run.number}版（{run.get_status_display()}）"
            + ("　演示数据" if demo else ""),
            size=11,
            gap=0.02,
        )
        pages.text("一、考评排名", size=13, bold=True, gap=0.008)
        dims = names[:6]
        pages.table(
            ["名次", "产业链", "总分", "等次", *dims],
            [
                [
                    str(row["result"].rank),
                    row["chain"].name,
                    _fmt(row["result"].total),
                    row["result"].grade,
                    *[_fmt(row["result"].dimensions.get(n, 0)) for n in dims],
                ]
                for row in ranking
            ],
            [0.07, 0.2, 0.09, 0.08, *[0.56 / max(len(dims), 1)] * len(dims)],
        )
        if ranking:
            pages.image(
                charts.bars(
                    [row["chain"].name for row in ranking],
                    {"总分": [float(row["result"].total) for row in ranking]},
                    title=f"{run.period} 各产业链考评总分",
                    unit="分",
                ),
                0.3,
            )
        for n, row in enumerate(ranking):
            result, chain = row["result"], row["chain"]
            pages.new_page()
            if n == 0:
                pages.text("二、各产业链记分卡与点评意见", size=13, bold=True, gap=0.008)
            pages.text(
                f"{result.rank}. {chain.name}（{_fmt(result.total)} 分，{result.grade}）",
                size=12,
                bold=True,
                gap=0.008,
            )
            if result.veto_reason:
                pages.paragraph(f"一票否决：{result.veto_reason}")
            pages.table(
                ["维度", "指标", "数值", "名次", "得分"],
                [
                    [
                        r.dimension,
                        r.name[:18],
                        f"{_fmt(r.value)}{r.unit}" if r.value is not None else "无数据",
                        str(r.rank or "—"),
                        _fmt(r.points),
                    ]
                    for r in results.get(chain.pk, [])
                ],
                [0.14, 0.42, 0.2, 0.1, 0.14],
            )
            comment = comments.get(chain.pk)
            if comment is not None:
                signed = comment.status == Comment.Status.SIGNED
                pages.text("点评意见：" if signed else "点评意见（草稿）：", size=11, bold=True)
                pages.paragraph(comment.text)
        pages.close_page()
    return buffer.getvalue()
