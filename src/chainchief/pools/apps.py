from django.apps import AppConfig


class PoolsConfig(AppConfig):
    name = "chainchief.pools"
