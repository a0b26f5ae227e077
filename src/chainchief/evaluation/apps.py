from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "chainchief.evaluation"
    verbose_name = "考核评价"

    def ready(self) -> None:
        from chainchief.evaluation.casework_bridge import register_review_kind

        register_review_kind()
