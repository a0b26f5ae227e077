from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chainchief.accounts.changelog import acting_user

SESSION_TOUCH_SECONDS = 60


class CurrentUserMiddleware:
    """Makes the request's user the author of every change recorded while it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with acting_user(user if user is not None and user.is_authenticated else None):
            return self.get_response(request)


class IdleSessionMiddleware:
    """Sliding idle timeout without a session write on every request.

    The session's expiry (SESSION_COOKIE_AGE) is renewed when the session was last renewed
    more than a minute ago, so an idle session ends 30 minutes after the last activity,
    give or take a minute, and busy pages don't queue behind session writes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get("_touched", 0) >= SESSION_TOUCH_SECONDS:
                session["_touched"] = now
        return self.get_response(request)


def mark_session_fresh(sender, request: HttpRequest, user, **kwargs) -> None:
    """Log-in saves the session anyway; note it so the next request need not renew it."""
    request.session["_touched"] = int(time.time())
