"""What the base layout (web/base.html) needs on every page: the city, the menu rules, the
audit menu check and the bell's unread count.

Every page pays for this, so it costs one small SQL statement per request: the data
version (the last change-log id, which every write to the city's data moves: see
web/fragments.py) read together with the user's unread notifications. The city and the
audit menu check (which depends on the findings the user may see) are cached on that data
version and, for the menu, the user's scope version (moved by a change of role, department
or chain organisation), so a change shows on the next page. The unread count is never
cached: it is read fresh by the same statement, so a new or a read notification shows at
once whichever process or job wrote it. The values are lazy and computed once per request
(fragments rendered with the request run this processor again).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from chainchief.accounts.models import ChangeLog
from chainchief.accounts.scoping import can_edit_settings, can_manage_city
from chainchief.places.models import City

LAYOUT_SECONDS = 600


@dataclass(frozen=True)
class Versions:
    data: int
    unread: int


def _versions(request: HttpRequest) -> Versions:
    """The data version and the user's unread count, in one statement, once per request."""
    found = getattr(request, "_layout_versions", None)
    if found is not None:
        return found
    from chainchief.casework.models import Notification

    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    qn = connection.ops.quote_name
    log, note = ChangeLog._meta, Notification._meta
    sql = (
        f"SELECT (SELECT MAX({qn(log.pk.column)}) FROM {qn(log.db_table)}), "
        f"(SELECT COUNT(*) FROM {qn(note.db_table)} "
        f"WHERE {qn(note.get_field('user').column)} = %s "
        f"AND {qn(note.get_field('read_at').column)} IS NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        data, unread = cursor.fetchone()
    found = Versions(data=data or 0, unread=unread or 0)
    request._layout_versions = found
    return found


def data_version(request: HttpRequest) -> int:
    """The last change-log id as this request first saw it."""
    return _versions(request).data


def unread_notices(request: HttpRequest) -> int:
    return _versions(request).unread


def _city(request: HttpRequest) -> City:
    key = f"layout:city:{data_version(request)}"
    city = cache.get(key)
    if city is None:
        city = City.current()
        cache.set(key, city, LAYOUT_SECONDS)
    return city


def shows_audit_menu(request: HttpRequest) -> bool:
    """The 审计整改 menu item: whoever may see at least one finding (audit.access)."""
    found = getattr(request, "_layout_audit_menu", None)
    if found is not None:
        return found
    user = request.user
    if not user.is_authenticated:
        return False
    key = f"layout:audit-menu:{user.pk}:{user.scope_version}:{data_version(request)}"
    found = cache.get(key)
    if found is None:
        from chainchief.audit.access import has_audit_access

        found = bool(has_audit_access(user))
        cache.set(key, found, LAYOUT_SECONDS)
    request._layout_audit_menu = found
    return found


class _LazyFlag:
    """A yes/no computed on first use in a template (`{% if show_audit_menu %}`)."""

    def __init__(self, compute) -> None:
        self._compute = compute

    def __bool__(self) -> bool:
        return bool(self._compute())

    def __str__(self) -> str:
        return str(bool(self))


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "city": SimpleLazyObject(lambda: _city(request)),
        "can_manage_city": signed_in and can_manage_city(user),
        "can_edit_settings": signed_in and can_edit_settings(user),
        "show_audit_menu": _LazyFlag(lambda: signed_in and shows_audit_menu(request)),
    }
