from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "chainchief.casework"
    verbose_name = "问题交办"

    def ready(self) -> None:
        from chainchief.jobs.ticks import register_tick

        register_tick("casework.escalate", "chainchief.casework.jobs.escalate_overdue")
