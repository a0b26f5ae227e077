from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from chainchief.accounts import ledger, passwords
from chainchief.accounts.changelog import acting_user, new_operation_id, operation
from chainchief.accounts.models import ChangeLog, SecurityEvent

SESSION_TOUCH_SECONDS = 60


REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Gives every request an id ("req-<uuid>"): the change log and the security log group
    the rows it writes under it, the response carries it (X-Request-ID) and the error page
    shows it, so support can find what a failed request did."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = new_operation_id("req")
        with operation(request.request_id):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class CurrentUserMiddleware:
    """Makes the request's user the author of every change recorded while it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with acting_user(user if user is not None and user.is_authenticated else None):
            response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # Chain what this request wrote into the change log's hash chain right away.
            ledger.seal(ChangeLog)
        return response


class SecurityMiddleware:
    """/admin/ only for superusers, every admin request logged; an expired password must be
    changed before anything else (when PASSWORD_MAX_AGE_DAYS is set)."""

    PASSWORD_PATHS = ("/accounts/password/", "/accounts/logout/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if request.path.startswith("/admin/"):
            if signed_in and not user.is_superuser:
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied("仅超级管理员可使用后台")
            if signed_in:
                from chainchief.accounts import securitylog

                securitylog.record(
                    SecurityEvent.Kind.ADMIN_ACCESS,
                    subject=user,
                    request=request,
                    method=request.method,
                    path=request.path[:200],
                )
        elif (
            signed_in
            and passwords.is_expired(user)
            and not request.path.startswith(self.PASSWORD_PATHS)
        ):
            return redirect("accounts:password_change")
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
