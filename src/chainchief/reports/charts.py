"""Charts for the documents: matplotlib (Agg) PNGs with Chinese labels in Noto CJK, so Word
and WPS show them as pictures (nothing is lost the way text boxes get lost)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
)
_font_ready = False


def _plt():
    """pyplot, imported on first use: importing it takes seconds, and the reports' URLs (so
    every web worker's first request) import this module."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _font() -> None:
    global _font_ready
    if _font_ready:
        return
    from matplotlib import font_manager

    plt = _plt()
    for path in FONT_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            name = font_manager.FontProperties(fname=path).get_name()
            plt.rcParams["font.family"] = [name, "sans-serif"]
            break
    plt.rcParams["axes.unicode_minus"] = False
    _font_ready = True


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    _plt().close(fig)
    return buffer.getvalue()


def bars(
    labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str, unit: str = ""
) -> bytes:
    """Grouped bars, one group per label."""
    _font()
    fig, ax = _plt().subplots(figsize=(7.5, 3.6))
    n = max(len(series), 1)
    width = 0.8 / n
    for i, (name, values) in enumerate(series.items()):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
        rects = ax.bar(xs, values, width, label=name)
        ax.bar_label(rects, fmt="%.4g", fontsize=7)
    ax.set_xticks(
        range(len(labels)),
        labels,
        rotation=30 if len(labels) > 6 else 0,
        ha="right" if len(labels) > 6 else "center",
        fontsize=8,
    )
    ax.set_title(title, fontsize=11)
    if unit:
        ax.set_ylabel(unit)
    if len(series) > 1:
        ax.legend(fontsize=8, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def lines(
    labels: Sequence[str], series: dict[str, Sequence[float | None]], *, title: str, unit: str = ""
) -> bytes:
    _font()
    fig, ax = _plt().subplots(figsize=(7.5, 3.4))
    for name, values in series.items():
        ax.plot(
            range(len(values)),
            [v if v is not None else float("nan") for v in values],
            marker="o",
            label=name,
        )
    ax.set_xticks(range(len(labels)), labels, fontsize=8)
    ax.set_title(title, fontsize=11)
    if unit:
        ax.set_ylabel(unit)
    ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
