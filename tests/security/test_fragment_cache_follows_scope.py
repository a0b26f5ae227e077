"""A cached page fragment follows a change of the user's scope at once (role, department,
chain organisation), not after the cache expires."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from chainchief.accounts.models import Role, User
from chainchief.web.fragments import cached_fragment
from tests.factories import DepartmentFactory, assign, make_scoped_city

pytestmark = pytest.mark.django_db


def _render(user: User, calls: list[str]) -> str:
    request = RequestFactory().get("/enterprises/")
    request.user = User.objects.get(pk=user.pk)  # as the auth middleware loads it per request

    def render() -> str:
        calls.append("render")
        return f"rendered for {request.user.department_id}"

    return cached_fragment(request, "list", render)


def test_a_department_change_renders_the_fragment_again():
    city = make_scoped_city()
    handler = city.users[Role.DEPARTMENT_HANDLER]
    calls: list[str] = []
    _render(handler, calls)
    _render(handler, calls)
    assert calls == ["render"]  # cached
    handler.department = DepartmentFactory(name="市发展改革委")
    handler.save()
    assert _render(handler, calls) == f"rendered for {handler.department_id}"
    assert calls == ["render", "render"]


def test_a_new_chain_role_renders_the_fragment_again():
    city = make_scoped_city()
    chief = city.users[Role.CHAIN_CHIEF]
    calls: list[str] = []
    _render(chief, calls)
    assign(chief, city.other, "chief")
    _render(chief, calls)
    assert calls == ["render", "render"]
