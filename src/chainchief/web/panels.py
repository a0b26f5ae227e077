"""Panels one app adds to another app's page (gap analysis on the chain page, projects on
the cockpit): a page lists the templates it would include, and shows those that exist."""

from __future__ import annotations

from functools import cache

from django.template import TemplateDoesNotExist
from django.template.loader import get_template


@cache
def installed_panels(names: tuple[str, ...]) -> list[str]:
    found = []
    for name in names:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        found.append(name)
    return found
