"""Who sees which case: the same rule for pages, API, exports and commands."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import services
from chainchief.casework.selectors import visible_cases
from tests.factories import DepartmentFactory, make_user


@pytest.fixture
def cases(make_case, city, office, deputy):
    own = make_case("assigned")  # own chain, own enterprise, lead = handler's department
    other = services.create_case(
        by=office, title="他链问题", text="用地指标不足", category="land",
        enterprise=city.other_enterprise,
    )  # fmt: skip
    return own, other


SEES_BOTH = [Role.CHAIN_OFFICE, Role.GENERAL_CHIEF, Role.AUDITOR]


@pytest.mark.parametrize("role", SEES_BOTH)
def test_city_wide_roles_see_every_case(city, cases, role):
    assert set(visible_cases(city.users[role])) == set(cases)


@pytest.mark.parametrize("role", [Role.CHAIN_CHIEF, Role.DEPUTY_DIRECTOR])
def test_chain_roles_see_only_their_chains_cases(city, cases, role):
    assert list(visible_cases(city.users[role])) == [cases[0]]


def test_a_department_handler_sees_the_cases_of_its_department(city, cases, co_handler):
    assert list(visible_cases(city.users[Role.DEPARTMENT_HANDLER])) == [cases[0]]
    assert list(visible_cases(co_handler)) == [cases[0]]  # 协办 too


def test_a_handler_of_an_uninvolved_department_sees_nothing(city, cases):
    stranger = make_user(
        Role.DEPARTMENT_HANDLER, username="stranger", department=DepartmentFactory(name="市商务局")
    )
    assert not visible_cases(stranger).exists()


def test_an_enterprise_contact_sees_only_its_enterprises_cases(city, cases):
    assert list(visible_cases(city.users[Role.ENTERPRISE_CONTACT])) == [cases[0]]


def test_an_inactive_user_sees_nothing(city, cases, office):
    office.is_active = False
    assert not visible_cases(office).exists()


@pytest.mark.parametrize(
    "role",
    [Role.CHAIN_CHIEF, Role.DEPUTY_DIRECTOR, Role.DEPARTMENT_HANDLER, Role.ENTERPRISE_CONTACT],
)
def test_a_case_outside_scope_answers_404(client, city, cases, role):
    client.force_login(city.users[role])
    assert client.get(f"/cases/{cases[1].pk}/").status_code == 404
    assert client.get(f"/cases/{cases[0].pk}/").status_code == 200


def test_a_deputy_director_of_another_chain_may_not_dispatch(city, cases, lead_department):
    other_deputy = make_user(Role.DEPUTY_DIRECTOR, username="deputy_other")
    from tests.factories import assign

    assign(other_deputy, city.other, "deputy_director")
    pending = services.create_case(
        by=city.users[Role.CHAIN_OFFICE], title="t", text="x", category="land",
        enterprise=city.own_enterprise,
    )  # fmt: skip
    with pytest.raises(services.CaseError, match="您无权对该事项执行“交办”"):
        services.transition(
            case=pending, action="assign", by=other_deputy, version=1,
            lead_department=lead_department,
        )  # fmt: skip
