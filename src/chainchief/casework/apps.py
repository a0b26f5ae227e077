from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_categories(sender, using="default", **kwargs) -> None:
    from django.db import connections

    from chainchief.casework.categories import seed_default_categories
    from chainchief.casework.models import CaseCategory

    if CaseCategory._meta.db_table in connections[using].introspection.table_names():
        seed_default_categories()


class CaseworkConfig(AppConfig):
    name = "chainchief.casework"
    verbose_name = "问题交办"

    def ready(self) -> None:
        from chainchief.jobs.ticks import register_tick

        register_tick("casework.escalate", "chainchief.casework.jobs.escalate_overdue")
        post_migrate.connect(_seed_categories, sender=self)
