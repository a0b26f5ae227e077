"""Django settings for ChainChief.

Everything that varies between machines comes from the environment:
CHAINCHIEF_DATA (data folder, default ./var), DATABASE_URL (PostgreSQL; SQLite in the
data folder when unset), PORT, CHAINCHIEF_DEBUG, CHAINCHIEF_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("CHAINCHIEF_DATA", SOURCE_ROOT / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
try:
    DATA_DIR.chmod(0o700)  # the database, uploads and the secret key: the service account only
except PermissionError:
    pass  # a folder owned by someone else: `chainchief check --deploy` reports it


def _secret_key() -> str:
    # Generated on first start and kept in the data folder, never in the repository.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("CHAINCHIEF_SECRET_KEY") or _secret_key()
DEBUG = os.environ.get("CHAINCHIEF_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("CHAINCHIEF_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CHAINCHIEF_CSRF_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "chainchief.accounts",
    "chainchief.places",
    "chainchief.knowledge",
    "chainchief.chains",
    "chainchief.enterprises",
    "chainchief.projects",
    "chainchief.jobs",
    "chainchief.imports",
    "chainchief.casework",
    "chainchief.pools",
    "chainchief.audit",
    "chainchief.evaluation",
    "chainchief.reports",
    "chainchief.demo",
    "chainchief.web",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chainchief.accounts.middleware.RequestIdMiddleware",  # X-Request-ID; groups the logs
    "chainchief.core.middleware.DatabaseBusyMiddleware",  # "database is locked": 503 in Chinese
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chainchief.accounts.middleware.CurrentUserMiddleware",
    "chainchief.accounts.middleware.IdleSessionMiddleware",
    "chainchief.accounts.middleware.SecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "chainchief.urls"
WSGI_APPLICATION = "chainchief.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chainchief.web.context_processors.site",
                "chainchief.accounts.context_processors.security",
            ],
        },
    }
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    # Several test runs on one server each name their own test database.
    if os.environ.get("CHAINCHIEF_TEST_PG"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["CHAINCHIEF_TEST_PG"]}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "chainchief.sqlite3",
            # Keep each server thread's connection (and its page cache) between requests
            # instead of opening the file, reading its schema and running the pragmas below on
            # every request (a third of a small page's server time).
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            "TEST": {"NAME": os.environ.get("CHAINCHIEF_TEST_SQLITE") or None},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["chainchief.accounts.backends.LockoutModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "chainchief.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "chainchief.accounts.validators.CharacterClassValidator"},
]

# Login security: 5 failures lock an account for 15 minutes; idle sessions end after 30.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_MINUTES = 15
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # IdleSessionMiddleware renews the expiry at most once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# A new password may not repeat the last N; PASSWORD_MAX_AGE_DAYS=0 means no maximum age.
PASSWORD_HISTORY = int(os.environ.get("CHAINCHIEF_PASSWORD_HISTORY", "5"))
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("CHAINCHIEF_PASSWORD_MAX_AGE_DAYS", "0"))
# Behind HTTPS (a reverse proxy terminating TLS): CHAINCHIEF_HTTPS=1 makes cookies Secure,
# sends HSTS for CHAINCHIEF_HSTS_SECONDS (default one year) and trusts X-Forwarded-Proto.
HTTPS = os.environ.get("CHAINCHIEF_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("CHAINCHIEF_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_SSL_REDIRECT = HTTPS and os.environ.get("CHAINCHIEF_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
# Content-Security-Policy: scripts, styles, fonts and images only from this server; no
# inline script (behaviours live in static files); inline style attributes stay allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:cockpit"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# Form inputs render dates in ISO (zh-Hans renders 2000/06/28, which <input type=date> drops).
FORMAT_MODULE_PATH = ["chainchief.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at start-up when it is missing
STATICFILES_DIRS = [("vendor", SOURCE_ROOT / "build" / "vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# The national reference graph (read from here, never copied into the repository).
CHAINCHIEF_KG_DIR = Path(
    os.environ.get("CHAINCHIEF_KG_DIR", SOURCE_ROOT.parent / "shared" / "data" / "chain-kg")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background jobs (django-tasks, database backend): a worker started by `make run` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CHAINCHIEF_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# Imports and the nightly ticks (each overridable from the environment).
CHAINCHIEF_IMPORT_MAX_BYTES = int(os.environ.get("CHAINCHIEF_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
CHAINCHIEF_IMPORT_MAX_ROWS = int(os.environ.get("CHAINCHIEF_IMPORT_MAX_ROWS", 300_000))
CHAINCHIEF_IMPORT_KEEP_HOURS = int(os.environ.get("CHAINCHIEF_IMPORT_KEEP_HOURS", 24))
CHAINCHIEF_TICK_HOUR = int(os.environ.get("CHAINCHIEF_TICK_HOUR", 2))
