from __future__ import annotations

import pytest

from chainchief.accounts.models import ChangeLog
from chainchief.enterprises.importing import import_file
from chainchief.enterprises.imports import enterprise_spec
from chainchief.enterprises.models import Contact, Enterprise, EnterpriseTier
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    enterprise_row,
    make_city,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def test_a_failure_midway_through_the_writes_leaves_nothing(tmp_path, monkeypatch):
    make_city()
    logged = ChangeLog.objects.count()
    path = write_xlsx(
        tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(n) for n in range(1, 4)]
    )

    def broken(self):  # enterprises, links, tiers and contacts are written by now
        assert Enterprise.objects.count() == 3 and EnterpriseTier.objects.count() == 6
        assert Contact.objects.count() == 3
        raise RuntimeError("disk full")

    monkeypatch.setattr(enterprise_spec.PreparedChanges, "write", broken)

    with pytest.raises(RuntimeError):
        import_file(path, "enterprises", dry_run=False)

    assert not Enterprise.objects.exists()
    assert not EnterpriseTier.objects.exists() and not Contact.objects.exists()
    assert ChangeLog.objects.count() == logged
