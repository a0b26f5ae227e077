"""A handler or head account with no department (scoping.is_department_member says no) sees no
case, is neither 主办 nor 协办 on any case, and is refused the department dashboard."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import selectors
from tests.factories import make_user


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD])
def test_a_department_role_without_a_department_sees_and_handles_no_case(
    client, make_case, handler, role
):
    case = make_case("in_progress")
    orphan = make_user(role, username="orphan", department=None)
    assert selectors.visible_cases(handler).filter(pk=case.pk).exists()
    assert not selectors.visible_cases(orphan).exists()
    assert selectors.actor_roles(orphan, case) == set()
    assert "lead" in selectors.actor_roles(handler, case)
    client.force_login(orphan)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get("/cases/department/").status_code == 403
