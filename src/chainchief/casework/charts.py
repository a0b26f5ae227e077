"""ECharts options of the statistics pages (plain dicts, rendered by app.js)."""

from __future__ import annotations


def month_option(rows: list[dict]) -> dict:
    months = [r["month"].strftime("%Y-%m") for r in rows if r["month"]]
    return {
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 40, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": months},
        "yAxis": [
            {"type": "value", "name": "件"},
            {"type": "value", "name": "%", "max": 100},
        ],
        "series": [
            {"name": "受理", "type": "bar", "data": [r["received"] for r in rows]},
            {"name": "办结", "type": "bar", "data": [r["closed"] for r in rows]},
            {
                "name": "按时办结率",
                "type": "line",
                "yAxisIndex": 1,
                "data": [r["on_time_rate"] for r in rows],
            },
            {
                "name": "满意率",
                "type": "line",
                "yAxisIndex": 1,
                "data": [r["satisfaction_rate"] for r in rows],
            },
        ],
    }


def category_option(rows: list[dict]) -> dict:
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} 件（{d}%）"},
        "legend": {"top": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "65%"],
                "top": 30,
                "data": [{"name": r["name"], "value": r["received"]} for r in rows],
            }
        ],
    }
