"""When the Dask cluster cannot start, the registry import still completes on one core and
its outcome says why (the command prints it)."""

from __future__ import annotations

import csv

import pytest

from chainchief.enterprises.validators import make_credit_code
from chainchief.knowledge.engine import partition
from chainchief.knowledge.importing import UniverseImporter
from chainchief.knowledge.models import UniverseProduct

pytestmark = pytest.mark.django_db


def test_an_import_meant_for_dask_matches_on_one_core_when_the_cluster_does_not_start(
    mini_graph, tmp_path, monkeypatch, settings
):
    settings.CHAINCHIEF_DASK_SHARED_DIR = str(tmp_path)  # where the partition file goes

    def no_cluster(**kwargs):
        raise OSError("端口被占用")

    monkeypatch.setattr(partition, "connect", no_cluster)
    path = tmp_path / "名录.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["企业名称", "统一社会信用代码", "经营范围"],
                ["广东铜丰线材有限公司", make_credit_code("91430405MA4L12345"), "铜线、电解铜生产"],
            ]
        )
    spec = UniverseImporter(None)
    spec.dask = True
    report = spec.run(path, dry_run=False)

    assert report.applied
    assert spec.outcome["mode"] == "serial"
    assert spec.outcome["note"] == (
        "Dask 集群未能启动或运行失败（OSError: 端口被占用），已改用单核匹配"
    )
    assert spec.outcome["links"] == 2
    assert sorted(UniverseProduct.objects.values_list("matched_text", flat=True)) == [
        "电解铜",
        "铜线",
    ]
    assert not list(tmp_path.glob("universe-*.parquet"))  # the partition file is removed
