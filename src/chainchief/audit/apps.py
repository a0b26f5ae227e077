from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chainchief.audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from chainchief.audit.cases import register_kind
        from chainchief.audit.evaluation_source import register_source
        from chainchief.jobs.ticks import register_tick

        register_kind()
        register_source()
        register_tick("audit.nightly", "chainchief.audit.jobs.nightly")
