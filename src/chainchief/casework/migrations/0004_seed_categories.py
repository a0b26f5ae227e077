"""Today's categories become rows the chain office edits (settings area): the seed's six
problems first, then the rest. Frozen here so later code changes do not alter history."""

from django.db import migrations

DEFAULTS = {
    "problem": [
        ("capacity", "扩产扩能"),
        ("skills", "技能人才"),
        ("financing_access", "融资难"),
        ("financing_cost", "融资贵"),
        ("university", "高校对接"),
        ("research", "产学研合作"),
        ("land", "用地"),
        ("power_gas", "用电用气"),
        ("approval", "审批办证"),
        ("logistics", "物流"),
        ("market", "市场开拓"),
        ("policy", "政策兑现"),
        ("other", "其他"),
    ],
}


def seed(apps, schema_editor):
    CaseCategory = apps.get_model("casework", "CaseCategory")
    for kind, rows in DEFAULTS.items():
        for sort, (code, name) in enumerate(rows, start=1):
            CaseCategory.objects.get_or_create(
                kind=kind, code=code, defaults={"name": name, "sort": sort * 10}
            )


def unseed(apps, schema_editor):
    CaseCategory = apps.get_model("casework", "CaseCategory")
    for kind, rows in DEFAULTS.items():
        CaseCategory.objects.filter(kind=kind, code__in=[c for c, _ in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_category_and_settings")]

    operations = [migrations.RunPython(seed, unseed)]
