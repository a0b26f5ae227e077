from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chainchief.chains.models import Chain, ChainOrgMember, DevelopmentGoal, Segment
from chainchief.core.values import InvalidValue, normalize_chain_code
from chainchief.enterprises.validators import split_products


class VersionedForm(forms.ModelForm):
    """Carries the version it read in a hidden field, and hands the services plain data."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        # Uniqueness is the services' rule (one message for form, API and YAML).
        return None

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {k: data[k] for k in self.Meta.fields if k in data and k in self.fields}
        fields = {k: v for k, v in fields.items() if not self.fields[k].disabled}
        fields["version"] = data.get("version")
        return fields


class ChainForm(VersionedForm):
    class Meta:
        model = Chain
        fields = ["code", "name", "description", "layout_node", "host_parks", "status", "sort"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "host_parks": forms.CheckboxSelectMultiple,
        }

    def clean_code(self) -> str:
        try:
            return normalize_chain_code(self.cleaned_data["code"])
        except InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc


class GoalForm(VersionedForm):
    class Meta:
        model = DevelopmentGoal
        fields = ["indicator", "unit", "year", "target_value", "note"]

    def __init__(self, *args, chain: Chain, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chain = chain

    def clean(self):
        data = super().clean()
        clash = DevelopmentGoal.objects.filter(
            chain=self.chain, indicator=data.get("indicator"), year=data.get("year")
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("该产业链 %(year)s 年已有指标“%(indicator)s”") % data)
        return data


class OrgMemberForm(VersionedForm):
    class Meta:
        model = ChainOrgMember
        fields = ["role", "user", "department", "name", "title", "duties"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, chain: Chain, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chain = chain

    def clean(self):
        data = super().clean()
        if not (data.get("user") or data.get("department") or data.get("name")):
            raise forms.ValidationError(_("请选择用户或部门，或填写名称"))
        return data


class TermsField(forms.CharField):
    """Product terms typed as one line separated by 、 or commas."""

    def to_python(self, value) -> list[str]:
        return split_products(super().to_python(value) or "")

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value


class SegmentForm(VersionedForm):
    terms = TermsField(
        label=_("产品词"), required=False, help_text=_("该环节生产的产品名称，用顿号或逗号分隔")
    )

    class Meta:
        model = Segment
        fields = ["stage", "parent", "name", "terms", "weight", "description", "sort"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, chain: Chain, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chain = chain
        parents = chain.segments.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if parent is not None:
            if parent.stage != data.get("stage"):
                raise forms.ValidationError(
                    _("上级环节“%(p)s”位于%(s)s，下级环节必须在同一位置")
                    % {"p": parent.name, "s": parent.get_stage_display()}
                )
            node = parent
            while node is not None:
                if self.instance.pk and node.pk == self.instance.pk:
                    raise forms.ValidationError(_("不能把环节移到它自己的下级环节下面"))
                node = node.parent
        clash = Segment.objects.filter(
            chain=self.chain, stage=data.get("stage"), parent=parent, name=data.get("name")
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("同一层级下已有名为“%(name)s”的环节") % {"name": data.get("name")}
            )
        return data


class ChainFileForm(forms.Form):
    file = forms.FileField(label=_("产业链图谱 YAML 文件"))
