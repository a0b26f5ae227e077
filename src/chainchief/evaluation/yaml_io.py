"""Indicator systems (考核指标体系) as YAML, like chain maps: the office keeps them in files,
edits them, and loads them back. `load_system_yaml` is all or nothing and names the place
and reason of every error in Chinese; a dump of a loaded file loads to the same system.

    format: chainchief.indicators/1
    name: 产业链链长制考核
    year: 2026
    chains: [POWER, AUTO]            # optional; empty = every active chain
    grades: {优秀: 90, 良好: 80, 一般: 60}
    board_size: 3                    # 红榜 / 黑榜: the top and bottom N
    dimensions:
      - name: 产业规模
        indicators:
          - code: output_growth
            name: 规上工业总产值增速
            unit: "%"
            direction: higher        # or lower
            source: output_growth    # see sources.py
            method: efficacy         # see scoring.py
            weight: 10
            params: {satisfactory: 15, allowed: 0}
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.db import transaction

from chainchief.chains.models import Chain
from chainchief.evaluation.models import Dimension, Direction, Indicator, IndicatorSystem
from chainchief.evaluation.scoring import (
    DEFAULT_GRADES,
    METHODS,
    WEIGHTED,
    ScoringError,
    check_params,
)
from chainchief.evaluation.sources import SOURCES

FORMAT = "chainchief.indicators/1"


class SystemFileError(ValueError):
    """The file cannot be loaded; the message lists every problem, in Chinese."""


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def dump_system(system: IndicatorSystem) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "name": system.name, "year": system.year}
    codes = list(system.chains.order_by("sort", "code").values_list("code", flat=True))
    if codes:
        data["chains"] = codes
    # JSON columns on PostgreSQL (jsonb) do not keep key order: write a stable order.
    data["grades"] = dict(sorted((system.grades or DEFAULT_GRADES).items(), key=lambda kv: -kv[1]))
    data["board_size"] = system.board_size
    data["dimensions"] = [
        {
            "name": d.name,
            "indicators": [
                {
                    "code": i.code,
                    "name": i.name,
                    "unit": i.unit,
                    "direction": i.direction,
                    "source": i.source,
                    "method": i.method,
                    "weight": _number(i.weight),
                    "params": dict(sorted((i.params or {}).items())),
                }
                for i in d.indicators.order_by("sort", "id")
            ],
        }
        for d in system.dimensions.order_by("sort", "id")
    ]
    return data


def dump_system_yaml(system: IndicatorSystem) -> str:
    return yaml.safe_dump(dump_system(system), allow_unicode=True, sort_keys=False, width=100)


def _weight(value: Any, where: str, errors: list[str]) -> Decimal:
    try:
        weight = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append(f"{where}，权重：应为数字，实际为“{value}”")
        return Decimal(0)
    if weight < 0:
        errors.append(f"{where}，权重：不能为负数")
    return weight


def validate(data: Any) -> list[str]:
    """Every problem of the file, each naming where it is."""
    if not isinstance(data, dict):
        return ["文件内容应为一个映射（name、year、dimensions …）"]
    errors: list[str] = []
    if data.get("format", FORMAT) != FORMAT:
        errors.append(f"format：应为 {FORMAT}")
    if not str(data.get("name") or "").strip():
        errors.append("name：缺少指标体系名称")
    if not isinstance(data.get("year"), int):
        errors.append("year：应为年份，如 2026")
    codes = data.get("chains") or []
    known = set(Chain.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in known:
            errors.append(f"chains：产业链“{code}”不存在")
    grades = data.get("grades", DEFAULT_GRADES)
    if not isinstance(grades, dict) or not all(isinstance(v, int | float) for v in grades.values()):
        errors.append("grades：应为 等次: 分数线，如 {优秀: 90, 良好: 80, 一般: 60}")
    dimensions = data.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        return [*errors, "dimensions：至少需要一个考核维度"]
    seen: set[str] = set()
    total = Decimal(0)
    for d_no, dim in enumerate(dimensions, 1):
        where_d = f"第 {d_no} 个维度"
        if not isinstance(dim, dict) or not str(dim.get("name") or "").strip():
            errors.append(f"{where_d}：缺少维度名称 name")
            continue
        where_d = f"维度“{dim['name']}”"
        for i_no, ind in enumerate(dim.get("indicators") or [], 1):
            where = f"{where_d}第 {i_no} 个指标"
            if not isinstance(ind, dict):
                errors.append(f"{where}：应为映射")
                continue
            code = str(ind.get("code") or "").strip()
            if code:
                where = f"{where_d}指标“{code}”"
            for key in ("code", "name", "source", "method"):
                if not str(ind.get(key) or "").strip():
                    errors.append(f"{where}，{key}：不能为空")
            if code in seen:
                errors.append(f"{where}，code：代码重复")
            seen.add(code)
            if ind.get("source") and ind["source"] not in SOURCES:
                errors.append(
                    f"{where}，source：数据来源“{ind['source']}”不存在，可选：{'、'.join(SOURCES)}"
                )
            if ind.get("direction", Direction.HIGHER) not in Direction.values:
                errors.append(f"{where}，direction：应为 higher 或 lower")
            method = ind.get("method")
            weight = _weight(ind.get("weight", 0), where, errors)
            if method in METHODS:
                try:
                    check_params(method, ind.get("params") or {})
                except ScoringError as exc:
                    errors.append(f"{where}，params：{exc}")
                if method in WEIGHTED:
                    total += weight
                elif weight:
                    errors.append(f"{where}，weight：{METHODS[method]}不占权重，权重应为 0")
            elif method:
                errors.append(
                    f"{where}，method：评分方法“{method}”不存在，可选：{'、'.join(METHODS)}"
                )
    if not errors and total != 100:
        errors.append(f"权重合计应为 100，实际为 {_number(total)}")
    return errors


@transaction.atomic
def load_system(data: dict[str, Any]) -> IndicatorSystem:
    """Create or update (by year and name) the system; indicators are matched by code, so
    manual values and ratings stay attached when an edited file is reloaded."""
    errors = validate(data)
    if errors:
        raise SystemFileError("；\n".join(errors))
    system, _created = IndicatorSystem.objects.get_or_create(
        year=data["year"], name=data["name"].strip()
    )
    system.grades = data.get("grades", DEFAULT_GRADES)
    system.board_size = int(data.get("board_size", 3))
    system.save()
    system.chains.set(Chain.objects.filter(code__in=data.get("chains") or []))
    old_dims = {d.name: d for d in system.dimensions.all()}
    old_inds = {i.code: i for i in system.indicators.all()}
    keep_dims, keep_inds = set(), set()
    for d_no, dim in enumerate(data["dimensions"]):
        dimension = old_dims.get(dim["name"]) or Dimension(system=system, name=dim["name"])
        dimension.sort = d_no
        dimension.save()
        keep_dims.add(dimension.pk)
        for i_no, ind in enumerate(dim.get("indicators") or []):
            indicator = old_inds.get(ind["code"]) or Indicator(system=system, code=ind["code"])
            indicator.dimension = dimension
            indicator.name = ind["name"]
            indicator.unit = str(ind.get("unit") or "")
            indicator.direction = ind.get("direction", Direction.HIGHER)
            indicator.source = ind["source"]
            indicator.method = ind["method"]
            indicator.params = ind.get("params") or {}
            indicator.weight = Decimal(str(ind.get("weight", 0)))
            indicator.sort = i_no
            indicator.save()
            keep_inds.add(indicator.pk)
    system.indicators.exclude(pk__in=keep_inds).delete()
    system.dimensions.exclude(pk__in=keep_dims).delete()
    return system


def load_system_yaml(text: str) -> IndicatorSystem:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else "文件"
        raise SystemFileError(
            f"{where}：不是有效的 YAML（{getattr(exc, 'problem', exc)}）"
        ) from None
    return load_system(data)
