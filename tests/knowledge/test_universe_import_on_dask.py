"""An import meant for Dask starts the cluster while it prepares the rows, matches on it
(the workers read the partition file), writes the same links as one core and closes the
cluster afterwards."""

from __future__ import annotations

import csv

import pytest

from chainchief.enterprises.validators import make_credit_code
from chainchief.knowledge.engine import partition
from chainchief.knowledge.importing import UniverseImporter
from chainchief.knowledge.models import UniverseProduct

pytestmark = pytest.mark.django_db


def test_an_import_on_dask_writes_the_links_of_one_core_and_closes_its_cluster(
    mini_graph, tmp_path, monkeypatch
):
    from dask.distributed import Client, LocalCluster

    started = []

    def threads_cluster(*, scheduler="", workers=2):  # in-process workers: a fast test
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None
        )
        started.append((Client(cluster), cluster))
        return started[-1]

    monkeypatch.setattr(partition, "connect", threads_cluster)
    path = tmp_path / "名录.csv"
    scopes = [
        "铜线、电解铜生产",
        "日用百货销售",
        "变压器（不含铁芯）",
        "箱式变电站安装；硅钢片销售",
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [["企业名称", "统一社会信用代码", "经营范围"]]
            + [
                [f"某某{n}有限公司", make_credit_code(f"91430405MA4L{n:05d}"), scope]
                for n, scope in enumerate(scopes * 10)
            ]
        )

    def links() -> list[tuple[str, str]]:
        return sorted(UniverseProduct.objects.values_list("company__name", "matched_text"))

    serial = UniverseImporter(None)
    serial.dask = False
    assert serial.run(path, dry_run=False).applied
    expected = links()

    spec = UniverseImporter(None)
    spec.dask = True
    assert spec.run(path, dry_run=False).applied

    assert spec.outcome["mode"] == "dask" and "note" not in spec.outcome
    assert spec.outcome["links"] == serial.outcome["links"] == len(expected) > 0
    assert links() == expected
    [(client, cluster)] = started
    assert client.status == "closed" and cluster.status.name == "closed"
