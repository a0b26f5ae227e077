from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from chainchief.accounts.access import PUBLIC, SIGNED_IN, access, scoped
from chainchief.accounts.models import Role
from chainchief.accounts.scoping import CHAIN_SCOPED, get_chain_for_user
from chainchief.chains.models import Chain
from chainchief.web import selectors
from chainchief.web.chain_figures import (
    chain_overview_figures,
    indicator_trend_option,
    project_stage_option,
    warned_projects,
)
from chainchief.web.fragments import cached_fragment
from chainchief.web.goals import current_goals
from chainchief.web.panels import installed_panels

COCKPIT_PANELS = (
    "projects/_cockpit_panel.html",
    "casework/_cockpit_panel.html",
    "audit/_cockpit_panel.html",
    "evaluation/_cockpit_panel.html",
)


@login_required
@access(SIGNED_IN)
def cockpit(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.ENTERPRISE_CONTACT:
        if request.user.enterprise_id:
            return redirect("enterprises:detail", pk=request.user.enterprise_id)
        return render(request, "web/no_enterprise.html", status=403)
    if request.user.role in CHAIN_SCOPED:
        # A chain chief's cockpit is the page of the chain they lead.
        own = list(selectors.visible_chains(request.user).filter(status=Chain.Status.ACTIVE)[:2])
        if len(own) == 1:
            return _chain_cockpit(request, own[0])

    def render_body() -> str:
        figures, latest = selectors.chain_figures(request.user)
        totals = selectors.city_totals([f.chain.pk for f in figures], latest)
        goals = current_goals([f.chain.pk for f in figures])
        context = {
            "figures": figures,
            "latest": latest,
            "totals": totals,
            "growth": totals["growth"],
            "goal_rows": [(f.chain, goals.get(f.chain.pk, [])) for f in figures],
            "chart_option": selectors.cockpit_chart_option(figures, latest),
            "panels": installed_panels(COCKPIT_PANELS),
        }
        return render_to_string("web/_cockpit_body.html", context, request)

    return render(
        request,
        "web/cockpit.html",
        {"body": cached_fragment(request, "cockpit", render_body), "nav": "cockpit"},
    )


@login_required
@access(scoped("chain"))
def chain_cockpit(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    return _chain_cockpit(request, chain)


def _chain_cockpit(request: HttpRequest, chain: Chain) -> HttpResponse:
    def render_body() -> str:
        figures = chain_overview_figures(chain)
        context = {
            "chain": chain,
            "figures": figures,
            "goals": current_goals([chain.pk]).get(chain.pk, []),
            "trend_option": indicator_trend_option(chain),
            "stage_option": project_stage_option(figures["projects"]),
            "warned": warned_projects(chain),
        }
        return render_to_string("web/_chain_cockpit_body.html", context, request)

    # Rendered once per data version, like the city's cockpit (the body holds nothing per user).
    body = cached_fragment(request, f"chain-cockpit-{chain.pk}", render_body)
    return render(
        request, "web/chain_cockpit.html", {"chain": chain, "body": body, "nav": "cockpit"}
    )


@access(PUBLIC)
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask for /favicon.ico before reading the page's icon link get the icon."""
    return redirect(static("chainchief/favicon.svg"), permanent=True)
