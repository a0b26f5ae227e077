from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "chainchief.imports"

    def ready(self) -> None:
        from chainchief.jobs.ticks import register_tick

        register_tick("imports.cleanup", "chainchief.imports.services.cleanup_tick")
