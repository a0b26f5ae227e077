from __future__ import annotations

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password needs letters, digits and at least one other character."""

    def validate(self, password: str, user=None) -> None:
        missing = []
        if not re.search(r"[A-Za-z]", password):
            missing.append(_("字母"))
        if not re.search(r"\d", password):
            missing.append(_("数字"))
        if not re.search(r"[^A-Za-z0-9]", password):
            missing.append(_("符号"))
        if missing:
            raise ValidationError(
                _("密码必须同时包含字母、数字和符号，缺少：%(missing)s。")
                % {"missing": "、".join(missing)},
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("密码必须同时包含字母、数字和符号。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with the message in Chinese (its catalogue misses this string)."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
