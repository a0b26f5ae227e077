"""Two people moving the same project at the same moment, on real connections (threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain
from chainchief.projects import services
from chainchief.projects.models import Project, Stage, StageMove
from tests.factories import make_user


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_two_simultaneous_moves_exactly_one_wins():
    if _in_memory_sqlite():
        pytest.skip(
            "threads need a file or server database (PostgreSQL run, CHAINCHIEF_TEST_SQLITE)"
        )
    user = make_user(Role.CHAIN_OFFICE, "office_threads")
    chain = Chain.objects.create(code="THR", name="并发测试链")
    project = services.create_project(by=user, name="并发项目", chain=chain)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(to_stage: str, reason: str) -> None:
        try:
            mine = Project.objects.get(pk=project.pk)
            barrier.wait(timeout=10)
            services.move_stage(project=mine, to_stage=to_stage, by=user, reason=reason)
            outcomes.append("won")
        except services.StageConflict as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=(Stage.NEGOTIATING, "")),
        threading.Thread(target=move, args=(Stage.DROPPED, "放弃")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("won") == 1
    conflict = next(o for o in outcomes if o != "won")
    assert "已被他人修改" in conflict
    assert StageMove.objects.filter(project=project).count() == 1
    assert Project.objects.get(pk=project.pk).version == 2
