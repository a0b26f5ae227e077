"""The demo's accounts and its system actor.

Every demo account goes through `accounts.services.save_user` (the settings page's rules:
the model's validation, the change log, the security log). The demo password is checked
against the city's password rules for each account and hashed once: hashing is slow by
design, and 40 accounts would otherwise cost half a minute.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from chainchief.accounts import services as accounts
from chainchief.accounts.models import User
from chainchief.web.demo_logins import DEMO_PASSWORD

# The demo's system actor: what the build writes on nobody's behalf (the city, its places,
# chains, pools, accounts) is attributed to the system, which the change log names 系统; the
# build's one summary entry says 生成演示城市（演示数据）.
SYSTEM: User | None = None


@cache
def _hash_with(hasher: str) -> str:
    return make_password(DEMO_PASSWORD)


def _demo_hash() -> str:
    # Once per configured hasher: a settings change (tests) gets a hash its hasher can check.
    return _hash_with(settings.PASSWORD_HASHERS[0])


def save_demo_user(username: str, *, values: dict[str, Any], can_log_in: bool = True) -> User:
    """Create or update the demo account `username` with `values` (role, full_name, …).
    `can_log_in=False` leaves it without a usable password until the office sets one."""
    user = User.objects.filter(username=username).first() or User(username=username)
    if can_log_in:
        validate_password(DEMO_PASSWORD, user)
        values = {**values, "password": _demo_hash(), "is_active": True}
    elif user.pk is None:
        user.set_unusable_password()
    return accounts.save_user(user=user, values=values, by=SYSTEM)
