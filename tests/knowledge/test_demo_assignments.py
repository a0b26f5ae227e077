"""Demo enterprises sit in segments that fit what they make and what they are called."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import yaml

from chainchief.demo import names as N
from chainchief.demo.enterprises import ChainInfo, SegmentInfo, plan_enterprises

DEMO = Path(__file__).resolve().parents[2] / "src" / "chainchief" / "demo"


def chains() -> list[ChainInfo]:
    profiles = yaml.safe_load((DEMO / "city.yaml").read_text(encoding="utf-8"))["chain_profiles"]
    infos, n = [], 0
    for path in sorted((DEMO / "chains").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        segments: list[SegmentInfo] = []
        for stage, items in spec["segments"].items():
            stack = list(reversed(items))
            while stack:
                item = stack.pop()
                n += 1
                segments.append(
                    SegmentInfo(n, item["name"], stage, tuple(item.get("terms", [])), 1.0)
                )
                stack.extend(reversed(item.get("children", [])))
        infos.append(ChainInfo(spec["code"], ("园区",), tuple(segments), profiles[spec["code"]]))
    return infos


def plans():
    infos = chains()
    return infos, plan_enterprises(
        random.Random(20210323),
        count=1500,
        chains=infos,
        parks={"园区": "430408"},
        districts=["430408"],
        today=datetime.date(2026, 11, 1),
    )


def test_an_enterprise_in_a_second_chain_makes_a_product_of_that_segment():
    infos, planned = plans()
    segments = {s.id: s for c in infos for s in c.segments}
    second = [p for p in planned if len(p.chain_codes) > 1]
    assert second  # related chains still get members
    for plan in second:
        assert set(segments[plan.segment_ids[-1]].terms) & set(plan.products), plan.name


def test_no_precious_metal_smelter_sits_in_switchgear():
    infos, planned = plans()
    segments = {s.id: s for c in infos for s in c.segments}
    for plan in planned:
        names = {segments[sid].name for sid in plan.segment_ids}
        assert not ("开关设备" in names and ("贵金属" in plan.name or "冶炼" in plan.name))
        assert not ("新能源配套" in names and "模具" in plan.name)


def test_a_name_carries_no_word_of_another_segment_of_its_chain():
    infos, planned = plans()
    segments = {s.id: s for c in infos for s in c.segments}
    for plan in planned:
        first = segments[plan.segment_ids[0]]
        specific = set(N.INDUSTRY_WORDS[plan.chain_codes[0]]) - set(
            N.NEUTRAL_WORDS[plan.chain_codes[0]]
        )
        for word in specific:
            if word in plan.name:
                labels = [first.name, *first.terms]
                assert any(word in label or label in word for label in labels), plan.name
