"""The access rule each page and API operation declares, next to its view.

    from chainchief.accounts.access import OFFICE, access, scoped

    @login_required
    @access(scoped("chain", write=True))     # the view fetches its chain with get_rw_chain_for_user
    def goal_delete(request, code, pk): ...

    @router.post("/propose")
    @access(OFFICE)                          # under the router decorator
    def propose(request, payload): ...

The decorator enforces the rule's gate (who may call the endpoint at all) with the same
predicate from accounts/scoping.py that pages, API, exports and commands use, and records the
rule on the view so tests/security/test_endpoint_roles.py can enumerate every URL pattern and
every OpenAPI operation and fail for one that declares nothing. Object scope (which chain,
which enterprise) stays in the view: a `scoped(noun)` rule says the view fetches its object
through a scoping `get_*_for_user` (404 outside scope).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from chainchief.accounts import scoping


@dataclass(frozen=True)
class Rule:
    name: str
    gate: Callable[[Any], bool]
    noun: str | None = None
    write: bool = False
    public: bool = False

    def __str__(self) -> str:
        return self.name

    def allows(self, user) -> bool:
        return self.gate(user)


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


PUBLIC = Rule("public", lambda user: True, public=True)
SIGNED_IN = Rule("signed_in", _signed_in)
CITY_STAFF = Rule(
    "city_staff", lambda user: _signed_in(user) and scoping.sees_other_enterprises(user)
)
CHAIN_EDITOR = Rule(
    "chain_editor", lambda user: _signed_in(user) and scoping.edits_some_chain(user)
)
OFFICE = Rule("office", scoping.can_manage_city)
SYSTEM_ADMIN = Rule("system_admin", scoping.can_manage_users)
SETTINGS_EDITOR = Rule("settings_editor", scoping.can_edit_settings)
SECURITY_ADMIN = Rule("security_admin", scoping.can_manage_security)
UNLOCKER = Rule("unlocker", scoping.can_unlock)
LOG_READER = Rule("log_reader", scoping.can_read_logs)
SUPERUSER = Rule("superuser", lambda user: _signed_in(user) and user.is_superuser)

GATES = {
    r.name: r
    for r in (PUBLIC, SIGNED_IN, OFFICE, SYSTEM_ADMIN, SECURITY_ADMIN, LOG_READER, SUPERUSER)
}


def scoped(noun: str, *, write: bool = False) -> Rule:
    """Any signed-in user may call it; the view fetches its `noun` through a scoping
    get_*_for_user (get_rw_* when `write`), so an object outside the user's scope answers 404."""
    return Rule(f"{noun}:{'write' if write else 'read'}", _signed_in, noun=noun, write=write)


def rule_of(view: Any) -> Rule | None:
    """The rule a URL pattern's callback or an API operation's function declares."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        found = getattr(candidate, "access_rule", None)
        if isinstance(found, Rule):
            return found
    return None


def _refuse(request, rule: Rule):
    if not _signed_in(getattr(request, "user", None)):
        if request.path.startswith("/api/"):
            raise PermissionDenied("请先登录")
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied("无权执行此操作")


def access(rule: Rule) -> Callable:
    """Declare (and enforce) the access rule of a function view, a class view or an API
    operation."""
    if not isinstance(rule, Rule):
        raise TypeError("access() takes a Rule from chainchief.accounts.access")

    def decorate(view):
        if isinstance(view, type):
            view.access_rule = rule
            if not rule.public:
                dispatch = view.dispatch

                @functools.wraps(dispatch)
                def guarded_dispatch(self, request, *args, **kwargs):
                    if not rule.allows(request.user):
                        return _refuse(request, rule)
                    return dispatch(self, request, *args, **kwargs)

                view.dispatch = guarded_dispatch
            return view
        if rule.public:
            view.access_rule = rule
            return view

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not rule.allows(request.user):
                return _refuse(request, rule)
            return view(request, *args, **kwargs)

        # django-ninja reads the signature with the view's module globals; give it resolved types.
        try:
            guarded.__signature__ = inspect.signature(view, eval_str=True)
        except (NameError, TypeError):
            pass
        guarded.access_rule = rule
        return guarded

    return decorate
