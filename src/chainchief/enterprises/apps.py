from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "chainchief.enterprises"
    verbose_name = _("企业库")

    def ready(self) -> None:
        from chainchief.enterprises.summary import connect_signals

        connect_signals()
