from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chainchief.accounts.changelog import acting_user


class CurrentUserMiddleware:
    """Makes the request's user the author of every change recorded while it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with acting_user(user if user is not None and user.is_authenticated else None):
            return self.get_response(request)
