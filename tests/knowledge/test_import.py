from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command

from chainchief.knowledge.graph_files import GraphFormatError
from chainchief.knowledge.importer import graph_counts, import_graph
from chainchief.knowledge.models import (
    Company,
    CompanyProduct,
    GraphImport,
    Industry,
    IndustryUpstream,
    Product,
    ProductRelation,
)

from .conftest import MINI

pytestmark = pytest.mark.django_db


def test_it_imports_every_table():
    result = import_graph(MINI, progress=False)
    assert not result.unchanged
    counts = result.counts
    assert counts["industries"] == 10
    assert counts["companies"] == 11
    # 19 listed products + 开关 (only in company_product); the self-loop and unknown relation are skipped
    assert counts["products"] == 20
    assert counts["relations"] == 12
    assert counts["company_products"] == 13
    assert counts["company_industries"] == 8
    assert Industry.objects.get(code="630501").parent.code == "630500"
    assert IndustryUpstream.objects.filter(industry__code="630501").count() == 2
    assert any("其他建材Ⅲ" in w for w in result.warnings)
    assert any("999999" in w for w in result.warnings)


def test_a_second_run_changes_nothing_and_says_so():
    import_graph(MINI, progress=False)
    before = graph_counts()
    again = import_graph(MINI, progress=False)
    forced = import_graph(MINI, progress=False, force=True)
    assert again.unchanged and forced.unchanged
    assert all(sum(c.values()) == 0 for c in forced.changes.values())
    assert graph_counts() == before
    assert GraphImport.objects.count() == 1


def test_a_changed_file_updates_only_what_changed(tmp_path):
    import_graph(MINI, progress=False)
    target = tmp_path / "kg"
    shutil.copytree(MINI, target)
    path = target / "company_product.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"rel_weight": 0.38', '"rel_weight": 0.4'),
        encoding="utf-8",
    )
    result = import_graph(target, progress=False)
    assert result.changes["company_products"] == {"inserted": 0, "updated": 1, "deleted": 0}
    assert result.changes["products"] == {"inserted": 0, "updated": 0, "deleted": 0}
    assert CompanyProduct.objects.get(company__key="601179", product__name="变压器").weight == 0.4


def test_a_broken_file_changes_nothing(tmp_path):
    target = tmp_path / "kg"
    shutil.copytree(MINI, target)
    (target / "product.json").write_text('{"name": "变压器"}\n{broken\n', encoding="utf-8")
    with pytest.raises(GraphFormatError, match="product.json 第 2 行"):
        import_graph(target, progress=False)
    assert Product.objects.count() == 0


def test_duplicate_codes_are_kept_flagged_and_never_merged():
    result = import_graph(MINI, progress=False)
    rows = Company.objects.filter(code="688096").order_by("key")
    assert [(c.key, c.full_name, c.is_primary) for c in rows] == [
        ("688096", "江苏京源环保股份有限公司", True),
        ("688096#2", "大连港股份有限公司", False),
    ]
    assert all(c.duplicate_code and "出现 2 次" in c.duplicate_note for c in rows)
    assert CompanyProduct.objects.filter(company__key="688096#2").count() == 0
    assert result.duplicates[0]["code"] == "688096"


def test_distress_region_and_listing_noise_are_parsed():
    import_graph(MINI, progress=False)
    assert Company.objects.get(code="600999").distressed
    assert Company.objects.get(code="600181").distressed
    assert not Company.objects.get(code="601179").distressed
    assert Company.objects.get(code="600416").province == "湖南"
    noisy = Company.objects.get(code="300948")
    assert noisy.listed_on is None and noisy.listed_on_raw == "深圳证券交易所"
    assert str(Company.objects.get(code="002112").listed_on) == "2007-02-08"


def test_noisy_product_names_are_kept_and_flagged():
    import_graph(MINI, progress=False)
    reasons = dict(Product.objects.filter(noise=True).values_list("name", "noise_reason"))
    assert reasons == {
        "有变压器": "fragment",
        "其附属设备": "fragment",
        "设备与工程": "generic",
        "技术服务": "generic",
        "糖": "one_char",
        "赤砂糖（": "trailing_bracket",
        '防伪"碘盐,标志"\n第二行': "debris",
    }


def test_repeated_company_product_rows_keep_the_highest_weight():
    import_graph(MINI, progress=False)
    assert CompanyProduct.objects.get(company__key="600089", product__name="变压器").weight == 0.28
    assert not ProductRelation.objects.filter(
        from_product__name="变压器", to_product__name="变压器"
    ).exists()


def test_kg_command_imports_and_prints_stats():
    out = io.StringIO()
    call_command("kg", "stats", stdout=out)
    assert "未导入全国产业图谱" in out.getvalue()
    call_command("kg", "import", str(MINI), "--no-progress", stdout=out)
    assert "图谱已导入" in out.getvalue() and "重复代码 1 个" in out.getvalue()
    out = io.StringIO()
    call_command("kg", "import", str(MINI), "--no-progress", stdout=out)
    assert "图谱未变化，未做任何修改" in out.getvalue()
    out = io.StringIO()
    call_command("kg", "stats", stdout=out)
    assert "产品：20" in out.getvalue()
