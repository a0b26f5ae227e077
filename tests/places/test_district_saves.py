"""Districts are written through places.services: a GB/T 2260 code, a Chinese message for a
bad one, the acting user in the change log, and a stale edit refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chainchief.accounts.models import ChangeLog, Role
from chainchief.places.models import District
from chainchief.places.services import STALE_MESSAGE, fingerprint, save_district
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_new_district_is_saved_with_its_code_and_logged():
    office = make_user(Role.CHAIN_OFFICE, username="office1")
    district = save_district(code=" 430405 ", name="珠晖区", by=office)
    assert District.objects.get(pk=district.pk).code == "430405"
    entry = ChangeLog.objects.get(object_type="places.district", object_id=str(district.pk))
    assert entry.action == "create" and entry.user_name == "office1"


def test_a_code_that_is_not_six_digits_is_refused_in_chinese():
    office = make_user(Role.CHAIN_OFFICE)
    with pytest.raises(ValidationError) as caught:
        save_district(code="4304", name="珠晖区", by=office)
    assert "行政区划代码应为 6 位数字" in caught.value.messages[0]
    assert "GB/T 2260" in caught.value.messages[0]
    assert not District.objects.filter(name="珠晖区").exists()


def test_a_code_with_an_unknown_province_is_refused():
    office = make_user(Role.CHAIN_OFFICE)
    with pytest.raises(ValidationError, match="省级代码无效"):
        save_district(code="990405", name="珠晖区", by=office)


def test_two_districts_cannot_share_a_code():
    office = make_user(Role.CHAIN_OFFICE)
    save_district(code="430405", name="珠晖区", by=office)
    with pytest.raises(ValidationError):
        save_district(code="430405", name="雁峰区", by=office)
    assert District.objects.count() == 1


def test_an_edit_after_someone_elses_is_refused():
    office = make_user(Role.CHAIN_OFFICE)
    district = save_district(code="430405", name="珠晖区", by=office)
    read = fingerprint(district)
    District.objects.filter(pk=district.pk).update(name="珠晖")  # someone else saved
    with pytest.raises(ValidationError, match=STALE_MESSAGE):
        save_district(
            district=district, code="430405", name="珠晖新区", by=office, read_fingerprint=read
        )
    assert District.objects.get(pk=district.pk).name == "珠晖"
