from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "chainchief.knowledge"
