"""HTTPS settings come from the environment; the data folder is 0700 and the SQLite files
0600."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from chainchief.accounts.filemodes import protect_sqlite_files

PRINT = (
    "import json, django; from django.conf import settings; django.setup(); print(json.dumps("
    "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS,"
    " settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER]))"
)


def _settings_with(tmp_path: Path, **env: str) -> list:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CHAINCHIEF_")}
    environ.update(
        CHAINCHIEF_DATA=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="chainchief.settings", **env
    )
    out = subprocess.run(
        [sys.executable, "-c", PRINT], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_https_turns_on_secure_cookies_hsts_and_the_proxy_header(tmp_path):
    assert _settings_with(tmp_path, CHAINCHIEF_HTTPS="1", CHAINCHIEF_HSTS_SECONDS="600") == [
        True,
        True,
        600,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


def test_without_https_nothing_forces_it(tmp_path):
    assert _settings_with(tmp_path) == [False, False, 0, False, None]


def test_the_data_folder_is_private():
    assert stat.S_IMODE(Path(settings.DATA_DIR).stat().st_mode) == 0o700


def test_a_sqlite_file_is_made_private(tmp_path):
    db = tmp_path / "x.sqlite3"
    db.write_bytes(b"")
    db.chmod(0o644)

    class Fake:
        vendor = "sqlite"
        settings_dict = {"NAME": str(db)}

    protect_sqlite_files(sender=None, connection=Fake())
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert connection.vendor in ("sqlite", "postgresql")
