from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext as _

from chainchief.accounts import passwords


def login_refused_message() -> str:
    """One message for an unknown user, a wrong password and a locked account, so the page
    never tells which usernames exist."""
    return _(
        "用户名或密码错误。连续失败 %(max)d 次账号将锁定 %(minutes)d 分钟；"
        "已锁定的账号请稍后再试，或请管理员解锁。"
    ) % {"max": settings.LOGIN_MAX_FAILURES, "minutes": settings.LOGIN_LOCK_MINUTES}


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用，请联系产业链推进办公室。",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return self.cleaned_data
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            raise forms.ValidationError(login_refused_message(), code="invalid_login")
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class HistoryCheckMixin:
    """A new password may not be the current one or one of the last PASSWORD_HISTORY."""

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password:
            error = passwords.reuse_error(self.user, password)
            if error:
                raise forms.ValidationError(error, code="password_reused")
        return password


class ChangePasswordForm(HistoryCheckMixin, PasswordChangeForm):
    pass


class ResetPasswordForm(HistoryCheckMixin, SetPasswordForm):
    pass
