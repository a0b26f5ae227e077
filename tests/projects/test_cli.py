from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from chainchief.projects.models import Project, Stage


def test_create_list_and_move(office, chain, capsys):
    call_command(
        "project", "create", "--chain", "PWR", "--name", "命令行项目", "--investment", "1.2亿元"
    )
    p = Project.objects.get()
    assert str(p.planned_investment) == "12000.00"
    call_command("project", "move", str(p.pk), "negotiating", "--note", "首次洽谈")
    assert Project.objects.get().stage == Stage.NEGOTIATING
    capsys.readouterr()
    call_command("project", "list", "--chain", "PWR", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "命令行项目" and rows[0]["stage"] == "negotiating"


def test_an_illegal_move_fails_with_the_reason(office, project):
    with pytest.raises(CommandError, match="终止项目必须填写终止原因"):
        call_command("project", "move", str(project.pk), "dropped")
    assert Project.objects.get().stage == Stage.LEAD


def test_a_user_out_of_scope_cannot_move(project, other_chain):
    from chainchief.accounts.models import Role
    from tests.factories import assign, make_user

    outsider = make_user(Role.CHAIN_CHIEF, "outsider")
    assign(outsider, other_chain)
    with pytest.raises(CommandError, match="不存在或无权查看"):
        call_command("project", "move", str(project.pk), "negotiating", "--user", "outsider")
