"""`chainchief backup` takes a consistent copy while writes run, and `chainchief restore`
brings the database back to exactly the backed-up counts, uploads included."""

from __future__ import annotations

import json
import tarfile
import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection, transaction

from chainchief.places.models import Department

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BATCH = 50


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL path needs pg_dump/pg_restore on the test server")


def _writer(stop: threading.Event, done: list[int]) -> None:
    n = 0
    try:
        while not stop.is_set():
            try:
                with transaction.atomic():
                    Department.objects.bulk_create(
                        [Department(name=f"写入中部门{n}-{i}") for i in range(BATCH)]
                    )
                n += 1
                done.append(n)
            except OperationalError:
                time.sleep(0.005)  # the in-memory test database answers "locked" at once
    finally:
        connection.close()


def test_a_backup_during_writes_restores_to_identical_counts(tmp_path):
    media = settings.DATA_DIR / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "attachment.txt").write_text("附件")
    stop, done = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(stop, done))
    writer.start()
    while len(done) < 3:
        time.sleep(0.01)
    archive = tmp_path / "b.tar.gz"
    for _ in range(100):
        try:
            call_command("backup", "-o", str(archive))
            break
        except Exception as exc:  # noqa: BLE001 - a locked in-memory database: try again
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    stop.set()
    writer.join()

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert "files/media/attachment.txt" in tar.getnames()
    backed_up = manifest["counts"]["accounts_department"]
    assert backed_up > 0 and backed_up % BATCH == 0  # whole transactions only
    assert Department.objects.count() > backed_up  # writes went on after the snapshot

    (media / "attachment.txt").unlink()
    call_command("restore", str(archive), "--yes")
    assert Department.objects.count() == backed_up
    assert (media / "attachment.txt").read_text() == "附件"
