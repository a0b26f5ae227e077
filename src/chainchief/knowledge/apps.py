from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "chainchief.knowledge"

    def ready(self) -> None:
        from chainchief.jobs.ticks import register_tick

        register_tick(
            "knowledge.universe_files", "chainchief.knowledge.universe.remove_legacy_files"
        )
