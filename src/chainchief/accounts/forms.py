from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext as _


class LoginForm(AuthenticationForm):
    """Log-in with lockout messages: how many tries are left, and until when a lock holds."""

    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用，请联系产业链推进办公室。",
    }

    def _locked_message(self, until) -> str:
        local = timezone.localtime(until)
        return _("连续登录失败次数过多，账号已锁定，请于 %(time)s 后再试。") % {
            "time": local.strftime("%H:%M")
        }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return self.cleaned_data
        User = get_user_model()
        user = User._default_manager.filter(username=username).first()
        if user is not None and user.is_locked():
            raise forms.ValidationError(self._locked_message(user.locked_until), code="locked")
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            if user is not None:
                user.refresh_from_db(fields=["failed_logins", "locked_until"])
                if user.is_locked():
                    raise forms.ValidationError(
                        self._locked_message(user.locked_until), code="locked"
                    )
                left = settings.LOGIN_MAX_FAILURES - user.failed_logins
                raise forms.ValidationError(
                    _("用户名或密码错误，再失败 %(left)d 次账号将被锁定 %(minutes)d 分钟。")
                    % {"left": left, "minutes": settings.LOGIN_LOCK_MINUTES},
                    code="invalid_login",
                )
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
