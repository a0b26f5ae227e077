"""Ten people add the same tier to one enterprise at the same moment on real connections
(threads): one add is stored, every other one is answered as a duplicate, never an error."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from chainchief.accounts.models import Role
from chainchief.enterprises import services
from chainchief.enterprises.models import EnterpriseTier
from tests.factories import EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 10


def test_simultaneous_adds_of_one_tier_store_one_and_answer_duplicate():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads need a file or server database (PostgreSQL run, CHAINCHIEF_TEST_SQLITE)"
        )
    office = make_user(Role.CHAIN_OFFICE, "office")
    e = EnterpriseFactory()
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def add(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.add_tier(enterprise=e, by=office, tier="little_giant")
            outcomes.append("added")
        except services.EnterpriseError as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert outcomes.count("added") == 1, outcomes
    duplicates = [o for o in outcomes if o != "added"]
    assert duplicates == ["该企业已有“专精特新”梯队认定"] * (THREADS - 1)
    assert EnterpriseTier.objects.filter(enterprise=e, tier="little_giant").count() == 1
