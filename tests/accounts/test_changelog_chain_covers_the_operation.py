"""The hash chain covers the operation id of new rows, and rows written before the field
existed (no operation) still verify."""

from __future__ import annotations

import pytest
from django.db import connection

from chainchief.accounts import ledger
from chainchief.accounts.changelog import operation, record_changes, snapshot
from chainchief.accounts.models import ChangeLog
from tests.factories import ChainFactory

pytestmark = pytest.mark.django_db


def test_an_operation_id_changed_behind_the_apps_back_breaks_the_chain():
    chain = ChainFactory(code="PWR")
    with operation("req-1234"):
        record_changes([(chain, "update", {"name": "甲"}, snapshot(chain))])
    entry = ChangeLog.objects.get(operation="req-1234")
    assert ledger.verify(ChangeLog).ok
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_changelog SET operation = %s WHERE id = %s", ["req-9999", entry.pk]
        )
    verdict = ledger.verify(ChangeLog)
    assert verdict.broken_at == entry.seq
    assert verdict.reason == "记录内容与哈希不符（被修改）"


def test_rows_sealed_before_the_operation_field_existed_still_verify():
    chain = ChainFactory(code="PWR")
    ledger.seal(ChangeLog)
    last = ChangeLog.objects.order_by("-seq").first()
    old = ChangeLog(
        action="update",
        object_type="chains.chain",
        object_id=str(chain.pk),
        object_repr="旧记录",
        before={"name": "甲"},
        after={"name": "乙"},
    )
    # The hash as the previous release computed it: the content without an "op" key.
    content = {
        "time": old.time.isoformat(),
        "user": "",
        "action": "update",
        "type": "chains.chain",
        "id": str(chain.pk),
        "repr": "旧记录",
        "before": {"name": "甲"},
        "after": {"name": "乙"},
    }
    old.seq, old.prev_hash = last.seq + 1, last.hash
    old.hash = ledger.entry_hash(last.hash, content)
    ChangeLog.objects.bulk_create([old])
    verdict = ledger.verify(ChangeLog)
    assert verdict.ok and verdict.checked == ChangeLog.objects.count()


def test_bulk_recorded_rows_are_chained_as_they_are_written():
    chains = [ChainFactory(code=f"C{i}") for i in range(5)]
    record_changes([(c, "update", {"sort": 0}, snapshot(c)) for c in chains])
    assert not ChangeLog.objects.filter(seq__isnull=True).exists()
    assert ledger.verify(ChangeLog).checked == ChangeLog.objects.count()
