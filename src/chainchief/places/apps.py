from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "chainchief.places"
    verbose_name = _("城市与单位")
