from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chainchief.accounts"
    verbose_name = _("账号与权限")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from chainchief.accounts import changelog, securitylog
        from chainchief.accounts.filemodes import protect_sqlite_files
        from chainchief.accounts.middleware import mark_session_fresh

        changelog.connect_signals()
        connection_created.connect(protect_sqlite_files, dispatch_uid="protect_sqlite_files")
        securitylog.connect_signals()
        user_logged_in.connect(mark_session_fresh, dispatch_uid="mark_session_fresh")
