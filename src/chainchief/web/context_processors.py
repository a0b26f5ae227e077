from __future__ import annotations

from django.http import HttpRequest

from chainchief.accounts.scoping import can_manage_city
from chainchief.web.models import City


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "city": City.current(),
        "can_manage_city": bool(user and user.is_authenticated and can_manage_city(user)),
    }
