"""Indicator systems load from YAML all or nothing, with Chinese errors naming the place."""

from __future__ import annotations

import pytest

from chainchief.evaluation.models import IndicatorSystem
from chainchief.evaluation.yaml_io import SystemFileError, dump_system_yaml, load_system_yaml
from tests.evaluation.conftest import SYSTEM_YAML


def test_a_dump_loads_back_to_the_same_system(city):
    text = dump_system_yaml(city.system)
    load_system_yaml(text)
    assert IndicatorSystem.objects.count() == 1
    assert dump_system_yaml(IndicatorSystem.objects.get()) == text


def test_weights_must_sum_to_100(db):
    bad = SYSTEM_YAML.replace("weight: 30, params: {goal", "weight: 35, params: {goal")
    with pytest.raises(SystemFileError, match="权重合计应为 100，实际为 105"):
        load_system_yaml(bad)
    assert not IndicatorSystem.objects.exists()


def test_errors_name_the_indicator_and_field(db):
    bad = SYSTEM_YAML.replace("source: projects_started", "source: nowhere").replace(
        "params: {satisfactory: 20, allowed: -10}", "params: {satisfactory: 5, allowed: 5}"
    )
    with pytest.raises(SystemFileError) as exc:
        load_system_yaml(bad)
    message = str(exc.value)
    assert "维度“项目建设”指标“started”，source：数据来源“nowhere”不存在" in message
    assert "维度“产业规模”指标“output_growth”，params：满意值与不允许值不能相等" in message


def test_a_bonus_item_may_not_carry_weight(db):
    bad = SYSTEM_YAML.replace("method: bonus, weight: 0", "method: bonus, weight: 5")
    with pytest.raises(SystemFileError, match="加分项不占权重，权重应为 0"):
        load_system_yaml(bad)
