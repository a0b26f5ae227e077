from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F, Q
from django.utils import timezone

from chainchief.accounts import securitylog
from chainchief.accounts.models import SecurityEvent


class LockoutModelBackend(ModelBackend):
    """The model backend, plus: LOGIN_MAX_FAILURES failures lock the account for a while.

    Each attempt first reserves one try with a conditional UPDATE, and only then checks the
    password, so parallel attempts never check more than LOGIN_MAX_FAILURES passwords, and a
    locked account refuses even the right password. Unknown users and wrong passwords look
    the same to the caller (None).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        user = User._default_manager.filter(username=username).first()
        if user is None:
            super().authenticate(request, username=username, password=password, **kwargs)
            securitylog.record(
                SecurityEvent.Kind.LOGIN_FAILED,
                subject=username,
                request=request,
                reason="unknown_user",
            )
            return None
        now = timezone.now()
        reserved = (
            User._default_manager.filter(pk=user.pk, failed_logins__lt=settings.LOGIN_MAX_FAILURES)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
            .update(failed_logins=F("failed_logins") + 1)
        )
        if not reserved:
            # All tries are used up: make sure the lock is set even if the attempt that used
            # the last one failed before setting it.
            self._lock(User, user, username, request, now)
            securitylog.record(
                SecurityEvent.Kind.LOGIN_FAILED, subject=username, request=request, reason="locked"
            )
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            User._default_manager.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            user.failed_logins, user.locked_until = 0, None
            return user
        securitylog.record(
            SecurityEvent.Kind.LOGIN_FAILED,
            subject=username,
            request=request,
            reason="wrong_password",
        )
        self._lock(User, user, username, request, now)
        return None

    def _lock(self, User, user, username: str, request, now) -> None:
        until = now + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        locked = User._default_manager.filter(
            pk=user.pk, failed_logins__gte=settings.LOGIN_MAX_FAILURES
        ).update(locked_until=until, failed_logins=0)
        if locked:
            securitylog.record(
                SecurityEvent.Kind.LOCKED,
                subject=username,
                request=request,
                until=until.isoformat(),
            )
