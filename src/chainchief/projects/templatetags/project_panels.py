"""Panels other pages include: the chain page (`projects/_chain_panel.html`, needs `chain`)
and the cockpit (`projects/_cockpit_panel.html`, scoped to the request's user)."""

from __future__ import annotations

from django import template

from chainchief.accounts.scoping import visible_chains
from chainchief.projects import selectors
from chainchief.projects.charts import funnel_option
from chainchief.projects.models import Project

register = template.Library()


@register.inclusion_tag("projects/_chain_panel_body.html")
def chain_project_panel(chain) -> dict:
    stages = selectors.funnel(Project.objects.filter(chain=chain))
    summary = selectors.chain_project_summary([chain.pk])[chain.pk]
    warned = list(
        selectors.with_warnings(Project.objects.filter(chain=chain))
        .filter(warning__gt=0)
        .order_by("-warning", "last_progress_on")[:5]
    )
    for p in warned:
        p.warning_text = "、".join(selectors.warning_labels(p))
    return {
        "chain": chain,
        "stages": stages,
        "summary": summary,
        "warned": warned,
        "option": funnel_option(stages, chain_code=chain.code),
        "chart_id": f"project-funnel-{chain.pk}",
    }


@register.inclusion_tag("projects/_cockpit_panel_body.html", takes_context=True)
def cockpit_project_panel(context) -> dict:
    user = context["request"].user
    chains = list(visible_chains(user).only("id", "code", "name"))
    summary = selectors.chain_project_summary([c.pk for c in chains])
    rows = [{"chain": c, **summary[c.pk]} for c in chains]
    totals = {
        key: sum(r[key] for r in rows) for key in ("total", "red", "yellow", "invested", "planned")
    }
    for stage in ("signed", "started", "in_production"):
        totals[stage] = sum(r["by_stage"][stage] for r in rows)
    return {"rows": rows, "totals": totals}
