"""The settings area (系统设置) writes departments, districts and parks through
places.services, so the page gives the same Chinese messages as every other caller."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import ChangeLog, Role
from chainchief.places.models import District, Park
from tests.factories import DistrictFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Client:
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE, username="office1"))
    return client


def test_a_district_code_of_no_province_is_refused_on_the_page(office):
    response = office.post(
        reverse("web:settings_add", args=["districts"]), {"code": "990405", "name": "珠晖区"}
    )
    assert response.status_code == 200
    assert "行政区划代码“990405”的省级代码无效" in response.content.decode()
    assert not District.objects.filter(name="珠晖区").exists()


def test_a_park_saved_on_the_page_is_trimmed_and_logged(office):
    district = DistrictFactory()
    response = office.post(
        reverse("web:settings_add", args=["parks"]),
        {"name": "白沙洲工业园 ", "district": district.pk, "kind": "provincial", "description": ""},
    )
    assert response.status_code == 302
    park = Park.objects.get(name="白沙洲工业园")
    entry = ChangeLog.objects.get(object_type="places.park", object_id=str(park.pk))
    assert entry.user_name == "office1"
