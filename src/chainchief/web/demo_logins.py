"""The demo city's log-ins, one per role (printed by `make run`, listed in the README)."""

DEMO_PASSWORD = "Demo#2026chain"

DEMO_LOGINS: list[tuple[str, str]] = [
    ("office", "产业链推进办公室（全部产业链，可编辑）"),
    ("secretary", "总链长（全部产业链，只读）"),
    ("chief_power", "链长：输变电装备产业链"),
    ("deputy_power", "专职副主任：输变电装备产业链"),
    ("handler", "部门经办人（市工信局）"),
    ("head", "部门负责人（市工信局，本部门事项与看板）"),
    ("contact", "企业联系人（一家演示企业）"),
    ("auditor", "审计人员（只读）"),
]
