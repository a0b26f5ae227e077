"""The city is one row: the first save creates it, later saves change it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chainchief.accounts.models import ChangeLog, Role
from chainchief.places.models import City
from chainchief.places.selectors import current_city
from chainchief.places.services import save_city
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_before_any_save_the_city_is_called_benshi():
    assert current_city().name == "本市" and current_city().pk is None


def test_the_city_is_created_once_and_then_renamed():
    office = make_user(Role.CHAIN_OFFICE, username="office1")
    save_city(name="衡阳市", code="430400", by=office)
    save_city(name="衡阳", code="430400", layout_name="“十四五”产业格局", by=office)
    assert City.objects.count() == 1
    assert current_city().name == "衡阳" and current_city().layout_name == "“十四五”产业格局"
    actions = list(
        ChangeLog.objects.filter(object_type="places.city")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update"]


def test_a_bad_city_code_is_refused():
    office = make_user(Role.CHAIN_OFFICE)
    with pytest.raises(ValidationError, match="行政区划代码应为 6 位数字"):
        save_city(name="衡阳市", code="43-04", by=office)
    assert not City.objects.exists()
