from __future__ import annotations

from django import template

from chainchief.accounts.models import Role
from chainchief.casework.selectors import actor_roles
from chainchief.pools import matching

register = template.Library()


@register.inclusion_tag("pools/_case_panel_body.html", takes_context=True)
def case_resources(context, case) -> dict:
    user = context["request"].user
    return {
        "case": case,
        "offers": matching.recommend(case) if user.role != Role.ENTERPRISE_CONTACT else [],
        "chosen": list(case.resources.all()),
        "can_choose": bool(actor_roles(user, case) & {"dispatcher", "lead", "co"}),
    }


@register.inclusion_tag("pools/_enterprise_panel_body.html", takes_context=True)
def enterprise_resources(context, enterprise) -> dict:
    user = context["request"].user
    if user.role == Role.ENTERPRISE_CONTACT:
        return {"offers": []}
    return {"offers": matching.enterprise_research(enterprise)}
