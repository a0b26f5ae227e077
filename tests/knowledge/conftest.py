from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from chainchief.knowledge.importer import clear_graph, import_graph
from chainchief.knowledge.loader import clear_index, get_index


def _mini_graph() -> Path:
    """The small fixture graph, laid out under the public format's file names.

    The fixture files are kept as `.jsonl` so nothing in the repository carries the names of
    the public graph's files; the importer reads them from a temporary copy.
    """
    folder = Path(tempfile.mkdtemp(prefix="chainchief-mini-graph-"))
    for source in (Path(__file__).parent / "fixtures" / "mini-graph").glob("*.jsonl"):
        shutil.copyfile(source, folder / f"{source.stem}.json")
    return folder


MINI = _mini_graph()


@pytest.fixture(autouse=True)
def _fresh_index(request):
    # Each test starts from the graph in its own database, never a cached one (the tests on
    # the full graph share theirs: rebuilding it per test would cost seconds each).
    if request.node.get_closest_marker("kg"):
        yield
        return
    clear_index()
    yield
    clear_index()


@pytest.fixture
def mini_graph(db):
    """The tiny fixture graph imported into the test database; returns the engine index."""
    import_graph(MINI, progress=False)
    return get_index()


@pytest.fixture(scope="module")
def full_graph(kg_path, django_db_setup, django_db_blocker):
    """The full national graph, imported once for a test module and removed after it (so
    other tests never see it)."""
    with django_db_blocker.unblock():
        import time

        started = time.perf_counter()
        result = import_graph(kg_path, progress=False)
        print(f"full graph import took {time.perf_counter() - started:.1f}s")
        clear_index()
        yield result
        clear_graph()
        clear_index()


@pytest.fixture
def city(db):
    """A transformer chain and a small city around it (see test_gaps for the expected classes)."""
    import datetime
    from types import SimpleNamespace

    from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier
    from tests.factories import ChainFactory, EnterpriseFactory, SegmentFactory

    chain = ChainFactory(code="TRANS", name="输变电装备产业链")
    seg = SimpleNamespace(
        core=SegmentFactory(chain=chain, stage="upstream", name="铁芯", terms=["铁芯"], sort=1),
        coil=SegmentFactory(
            chain=chain, stage="upstream", name="线圈", terms=["初级线圈", "次级线圈"], sort=2
        ),
        copper=SegmentFactory(chain=chain, stage="upstream", name="铜材", terms=["铜线"], sort=3),
        transformer=SegmentFactory(
            chain=chain, stage="midstream", name="变压器", terms=["变压器"], sort=4
        ),
        substation=SegmentFactory(
            chain=chain, stage="downstream", name="箱式变电站", terms=["箱式变电站"], sort=5
        ),
    )

    def make(name, products, output, **kwargs):
        enterprise = EnterpriseFactory(name=name, main_products=products, **kwargs)
        enterprise.chains.add(chain)
        # Two months inside the 12-month window (exact decimals on every database) and one before it.
        MonthlyIndicator.objects.create(
            enterprise=enterprise, month=datetime.date(2025, 6, 1), output_value=output / 2
        )
        MonthlyIndicator.objects.create(
            enterprise=enterprise, month=datetime.date(2025, 12, 1), output_value=output / 2
        )
        MonthlyIndicator.objects.create(
            enterprise=enterprise, month=datetime.date(2024, 12, 1), output_value=99999
        )
        return enterprise

    ent = SimpleNamespace(
        anchor=make("衡阳变压器有限公司", "变压器", 10000),
        core=make("衡阳铁芯有限公司", "铁芯", 500),
        coil1=make("衡阳线圈厂", "初级线圈", 2000),
        coil2=make("湘潭线圈有限公司", "次级线圈", 3000),
        station=make("衡阳成套设备有限公司", "", 50),
        xidian=EnterpriseFactory(name="中国西电电气股份有限公司"),
    )
    ent.station.segments.add(seg.substation)
    EnterpriseTier.objects.create(enterprise=ent.anchor, tier=Tier.ANCHOR, chain=chain)
    return SimpleNamespace(chain=chain, seg=seg, ent=ent)
