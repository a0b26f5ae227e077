from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.projects import services
from tests.factories import (
    PASSWORD,
    ChainFactory,
    DepartmentFactory,
    SegmentFactory,
    assign,
    make_user,
)


@pytest.fixture
def chain(db):
    return ChainFactory(code="PWR", name="输变电装备")


@pytest.fixture
def other_chain(db):
    return ChainFactory(code="BIO", name="生物医药")


@pytest.fixture
def segment(chain):
    return SegmentFactory(chain=chain, name="变压器")


@pytest.fixture
def office(db):
    return make_user(Role.CHAIN_OFFICE, "office")


@pytest.fixture
def chief(chain):
    user = make_user(Role.CHAIN_CHIEF, "chief")
    assign(user, chain, "chief")
    return user


@pytest.fixture
def department(db):
    return DepartmentFactory(name="市商务局")


@pytest.fixture
def handler(department):
    return make_user(Role.DEPARTMENT_HANDLER, "handler", department=department)


@pytest.fixture
def make_project(chain, office):
    def make(name: str = "智能变压器项目", **fields):
        fields.setdefault("chain", chain)
        return services.create_project(by=office, name=name, **fields)

    return make


@pytest.fixture
def project(make_project):
    return make_project()


def login(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)
