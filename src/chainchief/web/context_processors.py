from __future__ import annotations

from django.http import HttpRequest

from chainchief.accounts.scoping import can_edit_settings, can_manage_city
from chainchief.places.models import City


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "city": City.current(),
        "can_manage_city": signed_in and can_manage_city(user),
        "can_edit_settings": signed_in and can_edit_settings(user),
    }
