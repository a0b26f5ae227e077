"""Consistent backups of the database and the uploaded files, and their restore.

SQLite: the online backup API copies a consistent snapshot while the site keeps writing
(a plain file copy can miss committed rows still in the WAL). PostgreSQL: `pg_dump -Fc`
(one snapshot) and `pg_restore --clean`. The archive (.tar.gz) also holds the uploads
(MEDIA_ROOT and the import uploads) and a manifest with the row count of every table.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

FILE_FOLDERS = ("media", "uploads", "imports")  # under the data folder, when present


class BackupError(Exception):
    pass


def default_path() -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"chainchief-{stamp}.tar.gz"


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                      ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):  # fmt: skip
        if s.get(name):
            env[key] = str(s[name])
    return env


def _run(cmd: list[str], **kwargs) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"找不到 {cmd[0]}：请安装 PostgreSQL 客户端（postgresql-client）")
    result = subprocess.run(cmd, capture_output=True, text=True, env=_pg_env(), **kwargs)
    if result.returncode:
        raise BackupError(f"{cmd[0]} 失败：{result.stderr.strip()[:500]}")


def backup(target: Path) -> dict:
    """Write the archive to `target`; returns the manifest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        manifest: dict = {
            "created": datetime.datetime.now().astimezone().isoformat(),
            "vendor": connection.vendor,
        }
        if connection.vendor == "sqlite":
            db_file = tmp_path / "database.sqlite3"
            connection.ensure_connection()
            dst = sqlite3.connect(db_file)
            try:
                connection.connection.backup(dst)
            finally:
                dst.close()
            manifest["counts"] = _sqlite_counts(db_file)
        elif connection.vendor == "postgresql":
            db_file = tmp_path / "database.dump"
            _run(["pg_dump", "-Fc", "--no-owner", "-f", str(db_file)])
        else:
            raise BackupError(f"不支持的数据库：{connection.vendor}")
        with tarfile.open(target, "w:gz") as tar:
            tar.add(db_file, arcname=db_file.name)
            for folder in FILE_FOLDERS:
                path = Path(settings.DATA_DIR) / folder
                if path.is_dir():
                    tar.add(path, arcname=f"files/{folder}")
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    target.chmod(0o600)
    return manifest


def restore(source: Path) -> dict:
    """Replace the database and the uploads with the archive's; returns the manifest."""
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(source, "r:gz") as tar:
        tar.extractall(tmp, filter="data")
        tmp_path = Path(tmp)
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"备份来自 {manifest['vendor']}，当前数据库是 {connection.vendor}，不能直接恢复"
            )
        if connection.vendor == "sqlite":
            src = sqlite3.connect(tmp_path / "database.sqlite3")
            connection.ensure_connection()
            try:
                src.backup(connection.connection)
            finally:
                src.close()
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "-d",
                  connection.settings_dict["NAME"], str(tmp_path / "database.dump")])  # fmt: skip
        files = tmp_path / "files"
        for folder in FILE_FOLDERS:
            restored = files / folder
            if restored.is_dir():
                live = Path(settings.DATA_DIR) / folder
                if live.exists():
                    shutil.rmtree(live)
                shutil.copytree(restored, live)
    return manifest
