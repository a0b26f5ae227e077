"""Parks are written through places.services: a park lies in a district and has a known kind."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chainchief.accounts.models import ChangeLog, Role
from chainchief.places.models import Park
from chainchief.places.services import save_park
from tests.factories import DistrictFactory, make_user

pytestmark = pytest.mark.django_db


def test_a_park_is_saved_in_its_district_and_logged():
    office = make_user(Role.CHAIN_OFFICE, username="office1")
    district = DistrictFactory(code="430407", name="石鼓区")
    park = save_park(
        name="  松木经开区 ", district=district, kind=Park.Kind.NATIONAL_ETDZ, by=office
    )
    stored = Park.objects.get(pk=park.pk)
    assert stored.name == "松木经开区" and stored.district == district
    assert ChangeLog.objects.get(object_type="places.park").user_name == "office1"


def test_a_park_without_a_district_is_refused():
    office = make_user(Role.CHAIN_OFFICE)
    with pytest.raises(ValidationError, match="请选择园区所在的县市区"):
        save_park(name="松木经开区", district=None, by=office)
    assert not Park.objects.exists()


def test_an_unknown_kind_is_refused_with_the_choices():
    office = make_user(Role.CHAIN_OFFICE)
    with pytest.raises(ValidationError, match="园区类型“moon”无效"):
        save_park(name="松木经开区", district=DistrictFactory(), kind="moon", by=office)


def test_a_blank_name_is_refused():
    office = make_user(Role.CHAIN_OFFICE)
    with pytest.raises(ValidationError, match="园区名称不能为空"):
        save_park(name="   ", district=DistrictFactory(), by=office)
