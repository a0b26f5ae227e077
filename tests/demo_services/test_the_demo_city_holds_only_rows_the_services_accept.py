"""What the demo built through the services shows: the places service's security-log
entries, pool rows that the pool import takes back unchanged, accounts and places that pass
their models' validation."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import SecurityEvent, User
from chainchief.places.models import Department, District, Park
from chainchief.pools.services import save_pool_rows
from chainchief.pools.specs import POOLS

pytestmark = pytest.mark.django_db


def test_every_department_was_created_through_the_places_service(shared_city):
    logged = {
        e.detail.get("department")
        for e in SecurityEvent.objects.filter(kind="department_changed")
        if e.detail.get("action") == "create"
    }
    assert Department.objects.count() == shared_city.departments
    assert set(Department.objects.values_list("name", flat=True)) <= logged


def test_every_pool_row_imports_back_unchanged_through_the_pool_import(shared_city):
    for code, pool in POOLS.items():
        objects = list(pool.model.objects.all())
        assert objects and all(o.is_demo for o in objects), code
        rows = [dict(zip(pool.columns, pool.cells(o), strict=True)) for o in objects]
        # The cells as the export writes them: an empty reference is an empty cell.
        rows = [{k: ("" if v is None else v) for k, v in row.items()} for row in rows]
        assert save_pool_rows(pool=code, rows=rows, by=None) == {"created": 0, "updated": 0}, code


def test_accounts_and_places_pass_their_models_validation(shared_city):
    for user in User.objects.all():
        user.full_clean(exclude=["password"])
    for model in (District, Park, Department):
        for obj in model.objects.all():
            obj.full_clean()
