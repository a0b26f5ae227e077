"""Emptying the city (for `chainchief demo --reset`) and pausing the change log.

The demo build and the reset write tens of thousands of rows; the change log's per-row
signals would double that work and flood the log, so both run with the change log paused
and the build writes one summary entry instead.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError

from chainchief.accounts.changelog import paused as changelog_paused


def _models() -> list[type[Model]]:
    """City data in delete order; the national graph (knowledge) and OrgRole stay."""
    names = [
        "enterprises.MonthlyIndicator",
        "enterprises.Contact",
        "enterprises.EnterpriseTier",
        "enterprises.Enterprise",
        "chains.ChainOrgMember",
        "chains.DevelopmentGoal",
        "chains.Segment",
        "chains.Chain",
        "chains.LayoutNode",
        "places.Park",
        "places.District",
        "places.Department",
        "places.City",
    ]
    return [apps.get_model(name) for name in names]


KEPT_SETTINGS = {
    "reports.ReportTemplate",
    "audit.FindingCategory",
    "audit.RectificationLimits",
    "audit.EarlyWarningRule",
    "casework.TimeLimit",
    "casework.CalendarNotice",
}


def has_city_data() -> bool:
    """True when the database already holds a city: chains, enterprises or districts."""
    return any(
        apps.get_model(name).objects.exists()
        for name in ("chains.Chain", "enterprises.Enterprise", "places.District")
    )


def _delete_all(qs: QuerySet, counts: dict[str, int], depth: int = 0) -> None:
    """Delete `qs`; rows of other apps that protect it (projects …) are deleted first."""
    try:
        _, per_model = qs.delete()
    except (ProtectedError, RestrictedError) as exc:
        if depth > 10:
            raise
        blockers: dict[type[Model], set] = {}
        for obj in getattr(exc, "protected_objects", None) or exc.restricted_objects:
            blockers.setdefault(type(obj), set()).add(obj.pk)
        for model, pks in sorted(blockers.items(), key=lambda kv: kv[0]._meta.label):
            _delete_all(model._default_manager.filter(pk__in=pks), counts, depth + 1)
        _delete_all(qs, counts, depth + 1)
        return
    for label, n in per_model.items():
        counts[label] = counts.get(label, 0) + n


@transaction.atomic
def reset_city_data() -> dict[str, int]:
    """Delete every city row (enterprises, chains, parks, departments, users except
    superusers, change log); returns the number of rows deleted per model."""
    from chainchief.accounts.models import ChangeLog, SecurityEvent, User

    counts: dict[str, int] = {}
    with changelog_paused():
        # The modules built on the city (newest first), then the city itself; their settings
        # (taxonomies, time limits, rules, calendar notices, report templates) stay.
        for label in ("reports", "evaluation", "audit", "casework", "pools", "imports", "jobs"):
            for model in reversed(list(apps.get_app_config(label).get_models())):
                if model._meta.label not in KEPT_SETTINGS:
                    _delete_all(model._default_manager.all(), counts)
        for model in _models():
            _delete_all(model._default_manager.all(), counts)
        _delete_all(User.objects.filter(is_superuser=False), counts)
        # The logs are append-only in the app; wiping the whole demo city is the one
        # operator action that clears them, and the next entry starts a new hash chain.
        for log in (ChangeLog, SecurityEvent):
            _, per_model = log._base_manager.all().delete()
            for label, n in per_model.items():
                counts[label] = counts.get(label, 0) + n
    return counts
