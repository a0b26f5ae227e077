from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import Role, User

PASSWORD_ENV = "CHAINCHIEF_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "新建或重置产业链推进办公室的超级管理员：设置密码并解除锁定。"
        f"未给出 --password 时读取环境变量 {PASSWORD_ENV}，再不然在终端中询问。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin", help="用户名（默认 admin）")
        parser.add_argument("--password", help="密码（会留在命令历史中，建议改用终端输入）")
        parser.add_argument("--full-name", default="", help="姓名（默认“系统管理员”）")

    def handle(self, *args, username: str, password: str | None, full_name: str, **options) -> None:
        username = username.strip()
        if not username:
            raise CommandError("用户名不能为空")
        user = User.objects.filter(username=username).first()
        created = user is None
        user = user or User(username=username)
        user.full_name = full_name or user.full_name or "系统管理员"
        password = password or os.environ.get(PASSWORD_ENV) or self._ask(user)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("密码不符合要求：" + " ".join(exc.messages)) from exc
        user.role = Role.CHAIN_OFFICE
        user.is_superuser = user.is_staff = user.is_active = True
        user.failed_logins, user.locked_until = 0, None
        user.set_password(password)
        with transaction.atomic(), acting_user(None):
            user.save()
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"已创建超级管理员“{username}”（产业链推进办公室）。")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"已重置“{username}”的密码，设为超级管理员并解除锁定。")
            )

    def _ask(self, user: User) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                f"请用 --password 或环境变量 {PASSWORD_ENV} 给出密码（当前不是交互终端）"
            )
        for _attempt in range(3):
            first = getpass.getpass(f"“{user.username}”的新密码：")
            if first != getpass.getpass("再输入一次："):
                self.stderr.write("两次输入的密码不一致，请重新输入。")
                continue
            try:
                validate_password(first, user)
            except ValidationError as exc:
                self.stderr.write("密码不符合要求：" + " ".join(exc.messages))
                continue
            return first
        raise CommandError("三次都没有设置成功，已放弃。")
