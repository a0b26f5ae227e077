from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from chainchief.casework.models import State


def test_case_list_prints_json(make_case, capsys):
    case = make_case("assigned")
    call_command("case", "list", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["number"] == case.number and rows[0]["state"] == "assigned"


def test_case_move_applies_the_service_rules(make_case, handler, capsys):
    case = make_case("assigned")
    call_command("case", "move", case.number, "start", "--user", handler.username)
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    with pytest.raises(CommandError, match="必须填写意见或理由"):
        call_command("case", "move", case.number, "answer", "--user", handler.username)


def test_case_show_prints_the_timeline(make_case, capsys):
    case = make_case("answered")
    call_command("case", "show", case.number)
    out = capsys.readouterr().out
    assert "答复" in out and "已组织专场招聘会" in out
