from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone


class AccountLocked(PermissionDenied):
    def __init__(self, until: datetime.datetime) -> None:
        super().__init__("locked")
        self.until = until


class LockoutModelBackend(ModelBackend):
    """The model backend, plus: LOGIN_MAX_FAILURES failures lock the account for a while."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        user = User._default_manager.filter(username=username).first() if username else None
        if user is not None and user.is_locked():
            raise AccountLocked(user.locked_until)
        result = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            return result
        if result is None:
            user.failed_logins += 1
            fields = ["failed_logins"]
            if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
                user.locked_until = timezone.now() + datetime.timedelta(
                    minutes=settings.LOGIN_LOCK_MINUTES
                )
                user.failed_logins = 0
                fields.append("locked_until")
            User._default_manager.filter(pk=user.pk).update(**{f: getattr(user, f) for f in fields})
            if "locked_until" in fields:
                raise AccountLocked(user.locked_until)
            return None
        if user.failed_logins or user.locked_until:
            User._default_manager.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        return result
