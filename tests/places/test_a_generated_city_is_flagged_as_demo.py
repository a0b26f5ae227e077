"""`save_city(is_demo=True)` flags a generated demo city (every page then says 演示数据); a
save without the flag leaves it as it was."""

from __future__ import annotations

import pytest

from chainchief.places.models import City
from chainchief.places.services import save_city

pytestmark = pytest.mark.django_db


def test_the_demo_flag_is_set_and_kept_until_a_save_clears_it():
    save_city(name="衡阳市", code="430400", is_demo=True, by=None)
    assert City.current().is_demo
    save_city(name="衡阳市", code="430400", layout_name="881314", by=None)
    assert City.current().is_demo and City.current().layout_name == "881314"
    save_city(name="衡阳市", code="430400", is_demo=False, by=None)
    assert not City.current().is_demo and City.objects.count() == 1
