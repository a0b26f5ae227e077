from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "chainchief.imports"
