from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from chainchief.accounts.models import Role
from chainchief.web import selectors
from chainchief.web.fragments import cached_fragment
from chainchief.web.panels import installed_panels

COCKPIT_PANELS = (
    "projects/_cockpit_panel.html",
    "casework/_cockpit_panel.html",
    "audit/_cockpit_panel.html",
    "evaluation/_cockpit_panel.html",
)


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.ENTERPRISE_CONTACT:
        if request.user.enterprise_id:
            return redirect("enterprises:detail", pk=request.user.enterprise_id)
        return render(request, "web/no_enterprise.html", status=403)

    def render_body() -> str:
        figures, latest = selectors.chain_figures(request.user)
        totals = selectors.city_totals([f.chain.pk for f in figures], latest)
        context = {
            "figures": figures,
            "latest": latest,
            "totals": totals,
            "growth": totals["growth"],
            "chart_option": selectors.cockpit_chart_option(figures, latest),
            "panels": installed_panels(COCKPIT_PANELS),
        }
        return render_to_string("web/_cockpit_body.html", context, request)

    return render(
        request,
        "web/cockpit.html",
        {"body": cached_fragment(request, "cockpit", render_body), "nav": "cockpit"},
    )
