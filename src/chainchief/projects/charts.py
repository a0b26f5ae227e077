"""ECharts options for the project pages (JSON embedded in the page, rendered by app.js)."""

from __future__ import annotations

from django.urls import reverse


def funnel_option(stages: list[dict], *, chain_code: str = "") -> dict:
    """A funnel of how many projects reached each pipeline stage; a click opens the list."""
    pipeline = [s for s in stages if s["reached"] is not None]
    base = reverse("projects:list")
    links = {
        s["label"]: f"{base}?stage={s['stage']}" + (f"&chain={chain_code}" if chain_code else "")
        for s in pipeline
    }
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}：累计 {c} 个"},
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "left": "10%",
                "width": "80%",
                "minSize": "8%",
                "label": {"show": True, "position": "inside", "formatter": "{b} {c}"},
                "data": [{"name": s["label"], "value": s["reached"]} for s in pipeline],
            }
        ],
        "_links": links,
    }
