"""Template helpers of the evaluation: links of drill-down rows, the chain-page and cockpit panels."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from chainchief.evaluation import selectors

register = template.Library()

_ROW_URLS = {
    "enterprise": "enterprises:detail",
    "project": "projects:detail",
    "case": "casework:detail",
}


@register.filter
def row_link(row: dict) -> str:
    name = _ROW_URLS.get(row.get("type", ""))
    if not name or not row.get("id"):
        return ""
    try:
        return reverse(name, args=[row["id"]])
    except NoReverseMatch:
        return ""


@register.filter
def num(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


@register.inclusion_tag("evaluation/_chain_panel_body.html", takes_context=True)
def chain_evaluation_panel(context, chain) -> dict:
    user = context["request"].user
    return {
        "chain": chain,
        "history": selectors.chain_history(chain, user) if selectors.can_view_board(user) else [],
        "incentives": selectors.chain_incentives(chain),
    }


@register.inclusion_tag("evaluation/_cockpit_panel_body.html", takes_context=True)
def cockpit_evaluation_panel(context) -> dict:
    user = context["request"].user
    run = selectors.current_run(user)
    rows = selectors.ranking(run) if run else []
    return {"run": run, "rows": rows[:5], "total": len(rows)}


@register.filter
def method_label(code: str) -> str:
    from chainchief.evaluation.scoring import METHODS

    return METHODS.get(code, code)
