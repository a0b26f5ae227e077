from __future__ import annotations

from django.http import HttpRequest

from chainchief.accounts.scoping import can_read_logs, can_unlock


def security(request: HttpRequest) -> dict:
    """Which of the accounts app's pages the user may open (links to others are not shown)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "can_read_logs": signed_in and can_read_logs(user),
        "can_unlock": signed_in and can_unlock(user),
    }
