"""20 people save one enterprise at the same moment on real connections (threads), half
changing 主要产品 and half 经营范围: of one version exactly one save wins, the others are
refused as stale, and no edit is silently lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from chainchief.accounts.models import ChangeLog, Role
from chainchief.core.versioning import STALE_MESSAGE
from chainchief.enterprises import services
from chainchief.enterprises.models import Enterprise
from tests.factories import EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 20


def _skip_in_memory() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads need a file or server database (PostgreSQL run, CHAINCHIEF_TEST_SQLITE)"
        )


def _change(i: int) -> dict:
    return {"main_products": f"产品{i}"} if i % 2 else {"business_scope": f"经营范围{i}"}


def _run(target) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)


@pytest.fixture(autouse=True)
def no_matching_jobs(monkeypatch):
    # Product matching after a text edit is a job of its own, not what is raced here.
    monkeypatch.setattr(
        "chainchief.enterprises.imports.matching.start_matching", lambda **kwargs: None
    )


def test_of_twenty_simultaneous_saves_of_one_version_exactly_one_wins():
    _skip_in_memory()
    office = make_user(Role.CHAIN_OFFICE, "office")
    e = EnterpriseFactory(main_products="变压器", business_scope="")
    barrier = threading.Barrier(THREADS)
    outcomes: dict[int, str] = {}

    def save(i: int) -> None:
        try:
            mine = Enterprise.objects.get(pk=e.pk)
            barrier.wait(timeout=30)
            services.save_enterprise(by=office, enterprise=mine, version=mine.version, **_change(i))
            outcomes[i] = "won"
        except services.StaleEnterprise as exc:
            outcomes[i] = str(exc)
        except Exception as exc:  # noqa: BLE001 - anything else is the failure reported below
            outcomes[i] = f"error: {exc!r}"
        finally:
            connections.close_all()

    _run(save)
    assert len(outcomes) == THREADS
    winners = [i for i, o in outcomes.items() if o == "won"]
    assert len(winners) == 1, outcomes
    refused = [o for o in outcomes.values() if o != "won"]
    assert all(o.startswith(STALE_MESSAGE) for o in refused), refused
    stored = Enterprise.objects.get(pk=e.pk)
    assert stored.version == 2
    expected = _change(winners[0])
    assert {k: getattr(stored, k) for k in expected} == expected
    updates = ChangeLog.objects.filter(
        object_type="enterprises.enterprise", object_id=str(e.pk), action="update"
    )
    assert updates.count() == 1


def test_people_who_retry_after_a_refusal_all_get_their_edit_stored():
    _skip_in_memory()
    office = make_user(Role.CHAIN_OFFICE, "office")
    e = EnterpriseFactory(main_products="变压器", business_scope="")
    barrier = threading.Barrier(THREADS)
    refusals: list[int] = []
    errors: list[str] = []

    def save_until_stored(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            for _attempt in range(THREADS + 1):
                mine = Enterprise.objects.get(pk=e.pk)
                try:
                    services.save_enterprise(
                        by=office, enterprise=mine, version=mine.version, **_change(i)
                    )
                    return
                except services.StaleEnterprise:
                    refusals.append(i)
            errors.append(f"{i}: never stored")
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{i}: {exc!r}")
        finally:
            connections.close_all()

    _run(save_until_stored)
    assert errors == []
    updates = list(
        ChangeLog.objects.filter(
            object_type="enterprises.enterprise", object_id=str(e.pk), action="update"
        ).order_by("id")
    )
    # Every one of the 20 edits is stored once, as its own version; none overwrote another
    # unseen (each save was based on the version that included all earlier ones).
    assert len(updates) == THREADS
    assert Enterprise.objects.get(pk=e.pk).version == THREADS + 1
    stored_values = {(k, v) for u in updates for k, v in u.after.items() if k != "version"}
    for i in range(THREADS):
        assert next(iter(_change(i).items())) in stored_values
