from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from chainchief.imports.models import Upload
from chainchief.imports.services import remove_old_uploads

pytestmark = pytest.mark.django_db


def _upload(office, hours_ago: int) -> Upload:
    upload = Upload(kind="enterprises", user=office, filename="a.xlsx")
    upload.file.save("a.xlsx", ContentFile(b"x"), save=False)
    upload.save()
    Upload.objects.filter(pk=upload.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours_ago)
    )
    return upload


def test_files_older_than_a_day_are_deleted_and_records_after_a_month(office, media):
    fresh, stale, ancient = _upload(office, 1), _upload(office, 30), _upload(office, 24 * 31)
    assert remove_old_uploads() == 2
    fresh.refresh_from_db()
    stale.refresh_from_db()
    assert fresh.file and not stale.file
    assert not Upload.objects.filter(pk=ancient.pk).exists()
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1


def test_the_nightly_tick_is_registered():
    from chainchief.jobs.ticks import get_tick

    assert get_tick("imports.cleanup").func_path == "chainchief.imports.services.cleanup_tick"
