from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import services
from chainchief.casework.models import Case
from tests.factories import DepartmentFactory, make_scoped_city, make_user


@pytest.fixture
def city(db):
    return make_scoped_city()


@pytest.fixture
def office(city):
    return city.users[Role.CHAIN_OFFICE]


@pytest.fixture
def deputy(city):
    return city.users[Role.DEPUTY_DIRECTOR]


@pytest.fixture
def handler(city):
    return city.users[Role.DEPARTMENT_HANDLER]


@pytest.fixture
def contact(city):
    return city.users[Role.ENTERPRISE_CONTACT]


@pytest.fixture
def lead_department(handler):
    return handler.department


@pytest.fixture
def co_department(db):
    return DepartmentFactory(name="市人力资源和社会保障局")


@pytest.fixture
def co_handler(co_department):
    return make_user(Role.DEPARTMENT_HANDLER, username="co_handler", department=co_department)


@pytest.fixture
def make_case(city, contact, office, lead_department, co_department):
    """A case of the own chain's enterprise, walked through the service up to `state`."""

    def make(state: str = "pending", *, raised_on=None, category="skills", urgency="normal"):
        case = services.create_case(
            by=contact,
            title="技能工人招不到",
            text="今年扩产需要 80 名焊工，本地招不到。",
            category=category,
            urgency=urgency,
            enterprise=city.own_enterprise,
            raised_on=raised_on,
        )
        steps = {
            "assigned": ["assign"],
            "in_progress": ["assign", "start"],
            "answered": ["assign", "start", "answer"],
            "closed": ["assign", "start", "answer", "rate"],
            "not_accepted": ["reject"],
        }.get(state, [])
        for action in steps:
            case = step(case, action)
        return case

    def step(case: Case, action: str, **kwargs) -> Case:
        by = {
            "assign": office,
            "reject": office,
            "start": lead_department.users.first(),
            "answer": lead_department.users.first(),
            "rate": contact,
        }[action]
        extra = {
            "assign": {"lead_department": lead_department, "co_departments": [co_department]},
            "reject": {"comment": "不属于政府职能范围"},
            "answer": {"comment": "已组织专场招聘会，推荐焊工 86 名"},
            "rate": {"rating": "satisfied", "comment": "很及时"},
        }.get(action, {})
        extra.update(kwargs)
        return services.transition(case=case, action=action, by=by, version=case.version, **extra)

    return make


TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # The working-day table is cached per process; notices entered by a test must not leak.
    from chainchief.casework import calendar

    calendar.reset()
    yield
    calendar.reset()
