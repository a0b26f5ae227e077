"""The platform's comment draft names the chain's real best and worst indicators with figures."""

from __future__ import annotations

from chainchief.evaluation.models import Comment


def test_the_draft_of_the_best_chain_names_its_top_indicators(city, computed_run):
    text = Comment.objects.get(run=computed_run, chain=city.chains["PWR"]).draft
    assert "得分 99 分，居 4 条产业链第 1 位，等次为“优秀”" in text
    assert "规上工业总产值增速25%，居全市第 1 位" in text
    assert "开工项目数2个，居全市第 1 位" in text


def test_the_draft_of_the_weakest_chain_names_its_bottom_indicators(city, computed_run):
    text = Comment.objects.get(run=computed_run, chain=city.chains["CAR"]).draft
    assert "规上工业总产值增速-50%，居全市第 4 位（倒数第 1）" in text
    assert "存在不足" in text


def test_the_draft_of_a_vetoed_chain_says_why(city, computed_run):
    text = Comment.objects.get(run=computed_run, chain=city.chains["NEW"]).draft
    assert "因重大安全事故（1）触发一票否决，等次定为“较差”" in text
    assert "完成目标的 120%" in text
