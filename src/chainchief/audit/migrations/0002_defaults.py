from django.db import migrations


def load(apps, schema_editor):
    from chainchief.audit.defaults import load_defaults

    load_defaults(
        apps.get_model("audit", "FindingCategory"), apps.get_model("audit", "EarlyWarningRule")
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
