from __future__ import annotations

import pytest

from chainchief.knowledge.graph_files import is_distressed, name_fit, plain_code
from chainchief.knowledge.names import noise_reason, normalize
from chainchief.knowledge.regions import parse_region


def test_normalize_folds_width_spaces_and_quotes():
    assert normalize(" ＡＢＣ 变压器（干式）") == "abc变压器(干式)"
    assert normalize('防伪"碘盐"') == "防伪碘盐"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("变压器", ""),
        ("糖", "one_char"),
        ("设备与工程", "generic"),
        ("其他通用设备制造业", "generic"),
        ("其附属设备", "fragment"),
        ("建筑材料等", "fragment"),
        ("赤砂糖（", "trailing_bracket"),
        ('防伪"碘盐,标志"\n第二行', "debris"),
        ("适量葱花适量蒜瓣适量生抽适量蚝油适量花椒粉适量鸡精适量盐", "too_long"),
        ("", "empty"),
    ],
)
def test_noise_reason(name, reason):
    assert noise_reason(name) == reason


def test_a_clipped_known_product_is_a_fragment_but_a_real_word_is_not():
    assert noise_reason("有变压器", {"变压器"}) == "fragment"
    assert noise_reason("有机肥", {"变压器"}) == ""
    assert noise_reason("并线丝", set()) == ""


def test_codes_compare_without_exchange_suffix():
    assert plain_code("600373.SH") == "600373"
    assert plain_code("301079") == "301079"


@pytest.mark.parametrize("name", ["ST宏盛", "*ST德豪", "S*ST云大"])
def test_special_treatment_prefixes_mark_distress(name):
    assert is_distressed(name)


def test_ordinary_names_are_not_distressed():
    assert not is_distressed("特变电工")
    assert not is_distressed("STAR科技")


def test_name_fit_tells_a_matching_full_name_from_a_foreign_one():
    assert name_fit("京源环保", "江苏京源环保股份有限公司") == 1.0
    assert name_fit("龙软科技", "中国交通建设股份有限公司") == 0.0


@pytest.mark.parametrize(
    ("full_name", "region"),
    [
        ("湖南华联瓷业股份有限公司", ("湖南", "")),
        ("深圳市汇川技术股份有限公司", ("广东", "深圳")),
        ("衡阳市某某电气有限公司", ("湖南", "衡阳")),
        ("湘潭电机股份有限公司", ("湖南", "湘潭")),
        ("中粮生物化学(安徽)股份有限公司", ("安徽", "")),
        ("上海风语筑文化科技股份有限公司", ("上海", "上海")),
        ("浙江省宁波市某公司", ("浙江", "宁波")),
        ("特变电工股份有限公司", ("", "")),
    ],
)
def test_region_is_parsed_from_the_full_name(full_name, region):
    assert parse_region(full_name) == region
