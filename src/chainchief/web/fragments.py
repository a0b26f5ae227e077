"""Rendered page fragments cached per scope and data version.

A fragment is keyed on who may see what (the whole city, or one user's scope), the
request's query string, today's date (warnings depend on it) and the data version: the
last change-log id, which every write to the city's data moves (pages, imports, demo).
So a cached fragment is never stale, and busy lists and the cockpit render once per
change instead of once per request. Fragments hold no CSRF token and no per-user text.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from chainchief.accounts.models import ChangeLog
from chainchief.accounts.scoping import SEE_ALL

FRAGMENT_SECONDS = 600
_LOCKS = tuple(threading.RLock() for _ in range(64))  # striped: a fixed number of locks


def data_version() -> int:
    return ChangeLog.objects.aggregate(m=Max("id"))["m"] or 0


def scope_key(user) -> str:
    """Users who see the whole city share fragments; everyone else has their own, keyed on
    their scope version too, so a change of role, department or chain organisation shows at
    once instead of after the cache expires."""
    if user.is_superuser or user.role in SEE_ALL:
        return "city"
    return f"user-{user.pk}-v{user.scope_version}"


def cached_fragment(request: HttpRequest, name: str, render: Callable[[], str]) -> SafeString:
    raw = "|".join(
        (
            name,
            scope_key(request.user),
            request.GET.urlencode(),
            datetime.date.today().isoformat(),
            str(data_version()),
        )
    )
    key = "fragment-" + hashlib.sha1(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        # Right after a write every request misses at once; one thread per process renders
        # and the others wait for its result instead of all rendering the same page.
        with _LOCKS[int(key[-8:], 16) % len(_LOCKS)]:
            html = cache.get(key)
            if html is None:
                html = render()
                cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)
