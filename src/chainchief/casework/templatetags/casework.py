"""The bell in the top bar and the panels casework adds to the cockpit, chain and
enterprise pages (web/panels.py includes the panel templates when they exist)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from chainchief.accounts.models import Role
from chainchief.casework import calendar, selectors
from chainchief.casework.models import OPEN_STATES, Case
from chainchief.web.context_processors import unread_notices

register = template.Library()
OVERDUE_DAYS_ON_COCKPIT = 3


@register.inclusion_tag("casework/_bell.html", takes_context=True)
def case_bell(context) -> dict:
    request = context["request"]
    unread = 0
    if request.user.is_authenticated:
        # Read with the data version in the layout's one statement per request.
        unread = unread_notices(request)
    return {"unread": unread}


@register.inclusion_tag("casework/_cockpit_panel_body.html", takes_context=True)
def case_cockpit_panel(context) -> dict:
    user = context["request"].user
    today = timezone.localdate()
    scope = selectors.visible_cases(user)
    year_start = today.replace(month=1, day=1)
    return {
        "stats": selectors.case_stats(cases=scope, start=year_start, end=today, today=today),
        "overdue": selectors.overdue_cases(
            user, min_days=OVERDUE_DAYS_ON_COCKPIT, limit=8, today=today
        ),
        "min_days": OVERDUE_DAYS_ON_COCKPIT,
        # No link to the office-only calendar page here: the cockpit body is one cached
        # fragment shared by every city-wide role (office, general chief, auditor); the office
        # reaches 工作日历 from its menu and the settings area, both behind the OFFICE rule.
        "missing_years": calendar.missing_years(today),
        "year": today.year,
    }


@register.inclusion_tag("casework/_chain_panel_body.html")
def case_chain_panel(chain) -> dict:
    today = timezone.localdate()
    qs = Case.objects.filter(chain=chain)
    return {
        "chain": chain,
        "stats": selectors.case_stats(cases=qs, start=today.replace(month=1, day=1), today=today),
        "open": qs.filter(state__in=OPEN_STATES)
        .select_related("enterprise", "lead_department")
        .order_by("due_on")[:5],
        "today": today,
    }


@register.inclusion_tag("casework/_enterprise_panel_body.html", takes_context=True)
def case_enterprise_panel(context, enterprise) -> dict:
    user = context["request"].user
    cases = (
        selectors.visible_cases(user)
        .filter(enterprise=enterprise)
        .select_related("lead_department")
        .order_by("-raised_on", "-id")
    )
    return {
        "e": enterprise,
        "cases": cases[:10],
        "count": cases.count(),
        "is_contact": user.role == Role.ENTERPRISE_CONTACT,
        "can_visit": not (user.role == Role.ENTERPRISE_CONTACT),
        "visits": enterprise.visits.order_by("-visited_on")[:3],
        "today": timezone.localdate(),
    }
