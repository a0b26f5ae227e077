from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from tests.enterprises.fixtures.imports import make_city
from tests.factories import make_user


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def city(db):
    return make_city()


@pytest.fixture
def office(city):
    return make_user(Role.CHAIN_OFFICE, "office")
