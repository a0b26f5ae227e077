from __future__ import annotations

import pytest

from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import Enterprise
from chainchief.jobs.models import Job, JobStatus
from chainchief.knowledge.models import GraphImport
from tests.enterprises.fixtures.imports import ENTERPRISE_HEADERS, enterprise_row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    seen: list[list[int]] = []

    def match(*, enterprise_ids):
        seen.append(list(enterprise_ids))
        return {"enterprises": len(enterprise_ids), "links": 2 * len(enterprise_ids)}

    monkeypatch.setattr("chainchief.knowledge.services.match_enterprises", match)
    return seen


def _import(tmp_path, office, rows):
    path = write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, rows)
    return import_file(path, "enterprises", dry_run=False, user=office)


def test_new_enterprises_are_matched_by_a_job_of_the_importing_user(city, office, tmp_path, calls):
    GraphImport.objects.create(source="test", digest="x")
    report = _import(tmp_path, office, [enterprise_row(1), enterprise_row(2)])
    job = Job.objects.get(kind="matching")
    assert report.followup_job == job.pk and job.user == office
    assert job.status == JobStatus.SUCCEEDED and job.result == {"企业": 2, "产品关联": 4}
    assert calls == [sorted(Enterprise.objects.values_list("id", flat=True))]


def test_only_enterprises_whose_products_changed_are_matched_again(city, office, tmp_path, calls):
    GraphImport.objects.create(source="test", digest="x")
    _import(tmp_path, office, [enterprise_row(1), enterprise_row(2)])
    _import(tmp_path, office, [enterprise_row(1), enterprise_row(2, 主要产品="互感器")])
    assert calls[-1] == [Enterprise.objects.get(name__contains="2号").pk]


def test_without_the_national_graph_no_matching_job_starts(city, office, tmp_path, calls):
    report = _import(tmp_path, office, [enterprise_row(1)])
    assert report.applied and report.followup_job is None
    assert not Job.objects.filter(kind="matching").exists() and calls == []
