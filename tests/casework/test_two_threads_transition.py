"""Two people acting on the same case at the same moment, on real connections (threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from chainchief.casework import services
from chainchief.casework.models import Case, CaseEvent, State

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_of_two_simultaneous_transitions_exactly_one_wins(
    make_case, office, deputy, lead_department
):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads need a file or server database (PostgreSQL run, CHAINCHIEF_TEST_SQLITE)"
        )
    case = make_case()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(by, action: str, **kw) -> None:
        try:
            mine = Case.objects.get(pk=case.pk)
            barrier.wait(timeout=10)
            services.transition(case=mine, action=action, by=by, version=mine.version, **kw)
            outcomes.append("won")
        except services.CaseConflict as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(office, "reject"), kwargs={"comment": "不属实"}),
        threading.Thread(
            target=act, args=(deputy, "assign"), kwargs={"lead_department": lead_department}
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("won") == 1
    assert "已被他人处理" in next(o for o in outcomes if o != "won")
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == 2 and stored.state in (State.NOT_ACCEPTED, State.ASSIGNED)
    assert CaseEvent.objects.filter(case=case).count() == 2  # raise + the one that won
