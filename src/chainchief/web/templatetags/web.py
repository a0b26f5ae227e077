from __future__ import annotations

import json
from decimal import Decimal

from django import template
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def wan(value) -> str:
    """万元 with thousands separators, or — when missing."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(value):,.0f}"


@register.filter
def yi(value) -> str:
    """万元 shown as 亿元 with two decimals."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(value) / 10000:,.2f}"


@register.filter
def pct(value) -> str:
    if value is None:
        return "—"
    return f"{value * 100:+.1f}%" if isinstance(value, float) else f"{value}"


def _plain(value):
    # Lazy translations (as keys too) become plain strings before JSON encoding.
    if isinstance(value, dict):
        return {str(k) if isinstance(k, Promise) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Promise):
        return str(value)
    return value


@register.filter
def json_script_data(value) -> str:
    """JSON for a <script type="application/json"> body (safe against </script>)."""
    text = json.dumps(_plain(value), ensure_ascii=False, default=str)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e"))


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, key)


@register.filter
def stage_label(value: str) -> str:
    """A project stage's Chinese name."""
    from chainchief.projects.models import Stage

    try:
        return str(Stage(value).label)
    except ValueError:
        return value
