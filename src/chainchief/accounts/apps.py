from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chainchief.accounts"
    verbose_name = _("账号与权限")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from chainchief.accounts import changelog, securitylog
        from chainchief.accounts.middleware import mark_session_fresh

        changelog.connect_signals()
        securitylog.connect_signals()
        user_logged_in.connect(mark_session_fresh, dispatch_uid="mark_session_fresh")
