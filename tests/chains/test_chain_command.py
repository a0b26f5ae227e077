"""`chainchief chain list|dump|load`: the command line round-trips a chain file."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from chainchief.chains.models import Chain
from chainchief.chains.yaml_io import dump_chain_yaml
from tests.factories import ChainFactory, GoalFactory, SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    top = SegmentFactory(chain=chain, name="输变电设备", terms=["输变电设备"])
    SegmentFactory(chain=chain, parent=top, name="变压器", terms=["电力变压器"])
    GoalFactory(chain=chain, indicator="规上工业产值", target_value="520.50")
    return Chain.objects.get(pk=chain.pk)


def test_list_prints_code_name_and_status(chain):
    out = io.StringIO()
    call_command("chain", "list", stdout=out)
    assert "PWR" in out.getvalue()
    assert "输变电装备产业链  （在用）" in out.getvalue()


def test_dump_writes_a_file(chain, tmp_path):
    target = tmp_path / "pwr.yaml"
    call_command("chain", "dump", "PWR", "-o", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == dump_chain_yaml(chain)


def test_dump_prints_to_the_screen(chain, capsys):
    call_command("chain", "dump", "PWR")
    assert capsys.readouterr().out == dump_chain_yaml(chain)


def test_dump_writes_to_the_commands_stdout(chain):
    out = io.StringIO()
    call_command("chain", "dump", "PWR", stdout=out)
    assert out.getvalue() == dump_chain_yaml(chain)


def test_dump_of_an_unknown_code_fails_in_chinese(chain):
    with pytest.raises(CommandError, match="产业链代码“NOPE”不存在"):
        call_command("chain", "dump", "NOPE")


def test_dump_then_load_round_trips(chain, tmp_path):
    target = tmp_path / "pwr.yaml"
    call_command("chain", "dump", "PWR", "-o", str(target), stderr=io.StringIO())
    chain.delete()
    out = io.StringIO()
    call_command("chain", "load", str(target), stdout=out)
    assert "已新建产业链 PWR 输变电装备产业链" in out.getvalue()
    assert dump_chain_yaml(Chain.objects.get(code="PWR")) == target.read_text(encoding="utf-8")
    out = io.StringIO()
    call_command("chain", "load", str(target), stdout=out)
    assert "已更新产业链 PWR" in out.getvalue()


def test_load_of_a_bad_file_fails_and_writes_nothing(chain, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        dump_chain_yaml(chain)
        .replace("midstream:", "sidestream:")
        .replace("输变电装备产业链", "改名"),
        encoding="utf-8",
    )
    before = dump_chain_yaml(chain)
    with pytest.raises(
        CommandError, match="导入失败，未做任何修改：segments：未知的位置“sidestream”"
    ):
        call_command("chain", "load", str(bad))
    assert dump_chain_yaml(Chain.objects.get(code="PWR")) == before


def test_load_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("chain", "load", str(tmp_path / "nope.yaml"))
