"""Password reuse and age rules (等保: no reuse of the last N, optional maximum age)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils import timezone
from django.utils.translation import gettext as _


def reuse_error(user, password: str) -> str | None:
    """A Chinese message if `password` is the current one or one of the last N; else None."""
    if user.has_usable_password() and user.check_password(password):
        return _("新密码不能与当前密码相同。")
    n = settings.PASSWORD_HISTORY
    for old in user.password_history.all()[:n]:
        if check_password(password, old.password):
            return _("新密码不能与最近 %(n)d 次使用过的密码相同。") % {"n": n}
    return None


def is_expired(user) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or user.password_changed_at is None:
        return False
    return user.password_changed_at + datetime.timedelta(days=days) < timezone.now()
