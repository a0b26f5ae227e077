"""Property-based tests of the parsers every input path uses (forms, API, imports, YAML):
whatever the text, they return a bounded finite value or raise InvalidValue in Chinese;
they never raise anything else and never return what a page could not show."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.chains.yaml_io import ChainFileError, load_chain_yaml
from chainchief.core.values import (
    MONEY,
    WEIGHT,
    InvalidValue,
    normalize_chain_code,
    parse_date,
    parse_id,
    parse_money,
    parse_month,
)
from chainchief.enterprises.validators import make_credit_code, normalize_credit_code

FAST = settings(max_examples=300, deadline=None)
cell_values = st.one_of(
    st.none(), st.text(max_size=40), st.integers(), st.floats(allow_nan=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(),
    st.datetimes(),
)  # fmt: skip
money_text = st.from_regex(
    r"\s*-?[0-9]{0,25}(\.[0-9]{0,6})?\s*(亿元|亿|万元|万|元)?\s*", fullmatch=True
)


def _is_chinese_message(exc: Exception) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))


@FAST
@given(st.one_of(cell_values, money_text))
def test_money_is_bounded_or_refused(value):
    try:
        amount = parse_money(value)
    except InvalidValue as exc:
        assert _is_chinese_message(exc)
        return
    assert amount is None or (amount.is_finite() and MONEY.minimum <= amount <= MONEY.maximum)


@FAST
@given(st.decimals(min_value=0, max_value=1_000_000_000, places=2))
def test_money_written_in_yi_is_ten_thousand_wan(amount):
    if amount * 10000 <= MONEY.maximum:
        assert parse_money(f"{amount}亿元") == (amount * 10000).quantize(Decimal("0.01"))


@FAST
@given(
    st.one_of(
        cell_values,
        st.from_regex(r"[0-9]{2,5}[-/.年][0-9]{1,3}[-/.月][0-9]{1,3}日?", fullmatch=True),
    )
)
def test_dates_are_real_days_in_range_or_refused(value):
    try:
        day = parse_date(value)
    except InvalidValue as exc:
        assert _is_chinese_message(exc)
        return
    assert day is None or (isinstance(day, datetime.date) and 1900 <= day.year <= 2100)


@FAST
@given(st.one_of(cell_values, st.from_regex(r"[0-9]{4}[-/.年]?[0-9]{1,2}月?", fullmatch=True)))
def test_months_are_first_days_or_refused(value):
    try:
        month = parse_month(value)
    except InvalidValue as exc:
        assert _is_chinese_message(exc)
        return
    assert month.day == 1 and 1990 <= month.year <= 2100


@FAST
@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYIOZSV -", max_size=22))
def test_credit_codes_are_checked_or_refused(value):
    try:
        code = normalize_credit_code(value)
    except InvalidValue as exc:
        assert _is_chinese_message(exc)
        return
    assert len(code) == 18 and make_credit_code(code[:17]) == code


@FAST
@given(st.one_of(st.text(max_size=30), st.integers(), st.lists(st.text(max_size=5), max_size=3)))
def test_ids_from_a_query_fit_a_64_bit_column_or_are_dropped(value):
    number = parse_id(value)
    assert number is None or 0 < number < 2**63


@FAST
@given(st.text(max_size=25))
def test_chain_codes_follow_the_one_pattern_or_are_refused(value):
    try:
        code = normalize_chain_code(value)
    except InvalidValue as exc:
        assert _is_chinese_message(exc)
        return
    assert code.isascii() and code[0].isalpha() and len(code) <= 20 and "/" not in code


@FAST
@given(cell_values)
def test_weights_are_finite_and_bounded_or_refused(value):
    try:
        weight = WEIGHT.check(value)
    except InvalidValue:
        return
    assert weight is None or (weight.is_finite() and 0 <= weight <= 1000)


yaml_scalars = st.one_of(
    st.text(max_size=30), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True), st.booleans(), st.none(),
)  # fmt: skip


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    code=yaml_scalars, name=yaml_scalars, weight=yaml_scalars, year=yaml_scalars,
    target=yaml_scalars, segment=yaml_scalars,
)  # fmt: skip
def test_a_chain_file_loads_valid_values_or_fails_with_a_message(
    code, name, weight, year, target, segment
):
    from chainchief.chains.models import Chain

    document = {
        "format": "chainchief.chain/1", "code": code, "name": name,
        "goals": [{"indicator": "产值", "unit": "亿元", "year": year, "target": target}],
        "segments": {"midstream": [{"name": segment, "terms": ["x"], "weight": weight}]},
    }  # fmt: skip
    try:
        result = load_chain_yaml(yaml.safe_dump(document, allow_unicode=True))
    except ChainFileError as exc:
        assert _is_chinese_message(exc)
        return
    chain = Chain.objects.get(pk=result.chain.pk)
    normalize_chain_code(chain.code)
    for seg in chain.segments.all():
        assert seg.weight.is_finite() and 0 <= seg.weight <= 1000
    chain.delete()
