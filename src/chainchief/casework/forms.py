"""Forms only parse and validate input; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chainchief.casework.categories import category_choices
from chainchief.casework.kinds import URGENCIES
from chainchief.casework.models import Rating, Source
from chainchief.places.models import Department


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class RaiseForm(forms.Form):
    """The enterprise's short form (phone-sized); staff also pick the chain or enterprise."""

    # The office's categories (系统设置 › 问题类别), read when the form is made.
    category = forms.ChoiceField(label=_("问题类别"), choices=category_choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(
        label=_("问题描述"),
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": _("请写明遇到的困难和希望得到的帮助")}
        ),
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=URGENCIES, initial="normal")
    files = MultipleFileField(label=_("附件（图片、PDF、Office 文档）"))


class StaffRaiseForm(RaiseForm):
    chain = forms.ChoiceField(label=_("产业链"), required=False)
    enterprise = forms.CharField(
        label=_("企业名称"), required=False, help_text=_("链上共性问题可不填")
    )
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, initial=Source.VISIT)

    def __init__(self, *args, chains=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = [("", "—")] + [(c.code, c.name) for c in chains]


class ActForm(forms.Form):
    action = forms.CharField()
    version = forms.IntegerField()
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_department = forms.ModelChoiceField(Department.objects.all(), required=False)
    co_departments = forms.ModelMultipleChoiceField(Department.objects.all(), required=False)
    days = forms.IntegerField(required=False, min_value=1, max_value=30)
    rating = forms.ChoiceField(choices=[("", "")] + list(Rating.choices), required=False)
    files = MultipleFileField()


class CalendarNoticeForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2015, max_value=2044)
    holidays = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "2027-01-01\n2027-02-06~2027-02-13"}
        ),
        help_text=_("每行一个日期或日期范围（如 2027-02-06~2027-02-13），也可用逗号分隔"),
    )
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "2027-02-14"}),
    )
    notice = forms.CharField(label=_("通知文号或原文"), required=False)
