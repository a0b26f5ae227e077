from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chainchief.projects import services
from chainchief.projects.models import Attachment, ProgressEntry
from tests.projects.conftest import login


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_progress_updates_invested_and_keeps_increments(project, office):
    services.add_progress(project=project, by=office, text="土建", invested_to_date=Decimal("1000"))
    services.add_progress(project=project, by=office, text="设备", invested_to_date=Decimal("2500"))
    project.refresh_from_db()
    assert project.invested == Decimal("2500")
    assert sorted(ProgressEntry.objects.values_list("invested_increment", flat=True)) == [
        1000,
        1500,
    ]


def test_invested_so_far_cannot_go_down(project, office):
    services.add_progress(project=project, by=office, text="a", invested_to_date=Decimal("1000"))
    with pytest.raises(services.ProjectError, match="小于上次填报的 1000.00 万元"):
        services.add_progress(project=project, by=office, text="b", invested_to_date=Decimal("900"))
    assert ProgressEntry.objects.count() == 1


def test_empty_progress_is_refused(project, office):
    with pytest.raises(services.ProjectError, match="进展情况不能为空"):
        services.add_progress(project=project, by=office, text="  ")


def test_attachments_are_stored_under_media_root_and_served_in_scope(
    client, project, office, chief, other_chain, media
):
    photo = SimpleUploadedFile("现场照片.jpg", b"\xff\xd8jpeg", content_type="image/jpeg")
    services.add_progress(project=project, by=office, text="开工仪式", files=[photo])
    attachment = Attachment.objects.get()
    assert (media / attachment.path).read_bytes() == b"\xff\xd8jpeg"
    login(client, chief)
    response = client.get(f"/projects/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8jpeg"


def test_a_forbidden_attachment_type_is_refused(project, office):
    bad = SimpleUploadedFile("run.exe", b"MZ")
    with pytest.raises(services.ProjectError, match="类型不允许"):
        services.add_progress(project=project, by=office, text="x", files=[bad])
    assert not ProgressEntry.objects.exists()


def test_the_progress_form_accepts_yi_yuan(client, project, chief):
    login(client, chief)
    response = client.post(
        f"/projects/{project.pk}/progress/",
        {"reported_on": "2025-01-02", "text": "设备进场", "invested_to_date": "1.5亿元"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.invested == Decimal("15000")


def test_the_responsible_department_reports_progress(client, project, handler, department):
    project.department = department
    project.save()
    login(client, handler)
    response = client.post(
        f"/projects/{project.pk}/progress/", {"reported_on": "2025-01-02", "text": "走访"}
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get().by == handler
