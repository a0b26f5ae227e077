"""Content types (and with them the admin permissions) follow the models to places: the rows
made for accounts.department, enterprises.district, enterprises.park and web.city are
relabelled, so permissions granted on them keep working. A fresh database has none yet."""

from django.db import migrations

MOVED = {
    "department": "accounts",
    "district": "enterprises",
    "park": "enterprises",
    "city": "web",
}


def _relabel(apps, schema_editor, *, forwards: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, old_app in MOVED.items():
        source, target = (old_app, "places") if forwards else ("places", old_app)
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue  # created already (post_migrate ran in between); the old one goes stale
        ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def relabel(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, forwards=True)


def relabel_back(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("places", "0001_initial"),
    ]

    operations = [migrations.RunPython(relabel, relabel_back)]
