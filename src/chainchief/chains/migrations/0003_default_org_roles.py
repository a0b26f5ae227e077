"""The 六个一 organisation roles every city starts with; a city can rename or add roles."""

from django.db import migrations

ROLES = [
    (
        "chief",
        "链长",
        "person",
        True,
        False,
        "牵头研究产业链发展规划和重大政策，协调解决重大问题，推动重大项目。",
    ),
    (
        "lead_department",
        "牵头部门",
        "body",
        False,
        False,
        "负责产业链推进的日常组织协调，汇总上报工作进展。",
    ),
    (
        "working_group",
        "工作专班",
        "body",
        False,
        False,
        "由相关部门抽调人员组成，落实链长交办事项。",
    ),
    (
        "deputy_director",
        "专职副主任",
        "person",
        True,
        False,
        "专职负责产业链日常工作：维护清单、走访企业、收集问题、跟踪项目。",
    ),
    ("expert_team", "专家团队", "body", False, False, "为产业链发展提供咨询论证和技术支撑。"),
    ("alliance", "产业联盟", "body", False, False, "联合链上企业、高校院所和金融机构开展协作。"),
    ("fund", "产业基金", "body", False, True, "为链上项目和企业提供股权投资支持。"),
]


def add_roles(apps, schema_editor):
    OrgRole = apps.get_model("chains", "OrgRole")
    for sort, (code, name, holder, grants, optional, duties) in enumerate(ROLES):
        OrgRole.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                holder=holder,
                grants_scope=grants,
                optional=optional,
                default_duties=duties,
                sort=sort,
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("chains", "0002_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
