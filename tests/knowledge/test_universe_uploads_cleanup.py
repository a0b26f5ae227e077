"""Registry uploads are cleaned up like every upload of the import framework; files the old
upload path left in MEDIA_ROOT/universe/ go by their own nightly tick."""

from __future__ import annotations

import datetime
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from chainchief.accounts.models import Role
from chainchief.imports.models import Upload
from chainchief.imports.services import remove_old_uploads
from chainchief.knowledge.universe import remove_legacy_files
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_registry_upload_older_than_a_day_loses_its_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = Upload(kind="universe", user=make_user(Role.CHAIN_OFFICE), filename="名录.parquet")
    upload.file.save("upload.parquet", ContentFile(b"x"), save=False)
    upload.save()
    Upload.objects.filter(pk=upload.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=30)
    )
    assert remove_old_uploads() == 1
    upload.refresh_from_db()
    assert not upload.file
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_files_of_the_old_upload_path_go_after_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "universe"
    folder.mkdir()
    old, fresh = folder / "old.csv", folder / "fresh.csv"
    old.write_text("x")
    fresh.write_text("x")
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    assert remove_legacy_files(today="2026-11-27") == {"removed_files": 1}
    assert not old.exists() and fresh.exists()


def test_the_legacy_clean_up_is_a_nightly_tick():
    from chainchief.jobs.ticks import get_tick

    tick = get_tick("knowledge.universe_files")
    assert tick.func_path == "chainchief.knowledge.universe.remove_legacy_files"
