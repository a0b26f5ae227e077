"""The policy-funds rule now reads Project.policy_funds; its default explanation says so
(an explanation the bureau already edited is kept)."""

from django.db import migrations

OLD = (
    "享受政策资金（技改、数字化项目的投资企业）的企业，近12个月产值较前12个月下降超过"
    "阈值：政策资金绩效存疑。"
)


def update(apps, schema_editor):
    from chainchief.audit.defaults import DEFAULT_RULES

    rule = apps.get_model("audit", "EarlyWarningRule")
    rule.objects.filter(code="funded_output_fell", explanation=OLD).update(
        explanation=DEFAULT_RULES["funded_output_fell"][3]
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_defaults"), ("projects", "0003_project_policy_funds")]
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
