"""Settings lists keep a constant number of queries however many rows they show."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.places.models import Park
from tests.factories import DepartmentFactory, DistrictFactory, EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1000)


def _add_rows(n: int) -> None:
    for _ in range(n):
        department = DepartmentFactory()
        number = next(_numbers)
        district = DistrictFactory(code=f"43{number:04d}", name=f"测试区{number}")
        Park.objects.create(name=f"设置测试园区{district.pk}", district=district)
        make_user(Role.ENTERPRISE_CONTACT, department=department, enterprise=EnterpriseFactory())


@pytest.mark.parametrize("section", ["users", "parks", "departments", "districts", "org_roles"])
def test_a_settings_list_does_not_grow_with_rows(section):
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    url = reverse("web:settings_list", args=[section])
    _add_rows(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_rows(15)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
