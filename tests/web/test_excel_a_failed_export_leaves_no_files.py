"""Rows wait on disk while a workbook is written; an export whose rows fail half-way (a
database error, a bug) removes them instead of filling the temporary folder."""

from __future__ import annotations

import tempfile

import pytest

from chainchief.web.excel import build_workbook, workbook_bytes


def _rows_then_failure():
    for i in range(3000):
        yield [f"行{i}", i]
    raise RuntimeError("数据库连接断开")


def test_a_failed_export_leaves_no_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(RuntimeError, match="数据库连接断开"):
        build_workbook("表", ["名称", "序号"], _rows_then_failure())
    assert list(tmp_path.iterdir()) == []


def test_a_finished_export_leaves_no_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = workbook_bytes(build_workbook("表", ["名称"], ([f"行{i}"] for i in range(3000))))
    assert data.startswith(b"PK")
    assert list(tmp_path.iterdir()) == []
