from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.models import User
from chainchief.accounts.scoping import editable_chains
from chainchief.chains.models import Segment
from chainchief.enterprises.models import Enterprise
from chainchief.enterprises.validators import InvalidValue, parse_money
from chainchief.projects.models import Project, Stage
from chainchief.projects.services import (
    EDITABLE_FIELDS,
    ProjectError,
    allowed_moves,
    check_move,
    next_stage,
)


class MoneyField(forms.CharField):
    """Money as users write it: 3500, 3500万, 1.2亿元; cleaned to 万元."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("单位万元，也可写“1.2亿元”"))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return "" if value in (None, "") else f"{value}"

    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_money(value, label=str(self.label or "金额"))
        except InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc


def iso_date_input() -> forms.DateInput:
    """<input type=date> needs ISO; the zh-Hans locale would render 2000/06/28."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


STAGE_DATE_FIELDS = ("signed_on", "started_on", "production_on")


class ProjectForm(forms.ModelForm):
    planned_investment = MoneyField(label=_("计划总投资"))
    signed_amount = MoneyField(label=_("签约金额"))
    expected_output = MoneyField(label=_("预计年产值"))
    expected_tax = MoneyField(label=_("预计年税收"))
    policy_funds = MoneyField(label=_("政策资金"))
    investor_credit_code = forms.CharField(
        label=_("本地投资企业统一社会信用代码"),
        required=False,
        help_text=_("投资方是本地企业时填写"),
    )
    reasons_text = forms.CharField(
        label=_("推荐理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一条"),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "name", "kind", "chain", "segment", "is_key", "investor_name",
            "investor_company_code", "source_region", "planned_investment", "signed_amount",
            "expected_output", "expected_tax", "policy_funds", "land_mu", "district", "park", "department",
            "responsible", "planned_start_on", "planned_end_on", *STAGE_DATE_FIELDS, "note",
        ]  # fmt: skip
        widgets = {
            "planned_start_on": iso_date_input(),
            "planned_end_on": iso_date_input(),
            "signed_on": iso_date_input(),
            "started_on": iso_date_input(),
            "production_on": iso_date_input(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        chains = editable_chains(user)
        self.fields["chain"].queryset = chains
        self.fields["segment"].queryset = Segment.objects.filter(chain__in=chains).select_related(
            "chain"
        )
        self.fields["responsible"].queryset = User.objects.filter(is_active=True).exclude(
            role="enterprise_contact"
        )
        for name in STAGE_DATE_FIELDS:
            # The date of a stage the project reached stays correctable; others are set by moves.
            if not (self.instance.pk and getattr(self.instance, name)):
                del self.fields[name]
        if not self.instance.pk or self.instance.signed_amount is None:
            if self.instance.stage not in (Stage.SIGNED, Stage.STARTED, Stage.IN_PRODUCTION):
                del self.fields["signed_amount"]
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            if self.instance.investor_enterprise_id:
                self.initial["investor_credit_code"] = self.instance.investor_enterprise.credit_code
            self.initial["reasons_text"] = "\n".join(self.instance.target_reasons or [])

    def clean_investor_credit_code(self):
        code = self.cleaned_data["investor_credit_code"].strip().upper()
        if not code:
            return None
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(
                _("企业库中没有统一社会信用代码为 %(c)s 的企业") % {"c": code}
            )
        return enterprise

    def clean(self):
        data = super().clean()
        chain, segment = data.get("chain"), data.get("segment")
        if chain and segment and segment.chain_id != chain.pk:
            self.add_error("segment", _("该环节不属于所选产业链"))
        start, end = data.get("planned_start_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", _("计划竣工日期不能早于计划开工日期"))
        enterprise = data.get("investor_credit_code")
        if not data.get("investor_name") and enterprise is not None:
            data["investor_name"] = enterprise.name
        return data

    def service_fields(self) -> dict:
        """The cleaned values as keyword arguments for create_project / update_project."""
        data = self.cleaned_data
        fields = {k: data[k] for k in self.Meta.fields if k in EDITABLE_FIELDS and k in self.fields}
        fields["investor_enterprise"] = data.get("investor_credit_code")
        fields["target_reasons"] = [
            line.strip() for line in data.get("reasons_text", "").splitlines() if line.strip()
        ]
        return fields


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("变更为"), choices=Stage.choices)
    moved_on = forms.DateField(
        label=_("日期"),
        initial=timezone.localdate,
        widget=iso_date_input(),
        help_text=_("签约、开工、投产时即签约日期、开工日期、投产日期"),
    )
    signed_amount = MoneyField(label=_("签约金额（变更为签约时必填）"))
    invested_to_date = MoneyField(label=_("累计完成投资（变更为投产时必填）"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("原因（退回或终止时必填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        moves = allowed_moves(project.stage)
        choices = [(s, Stage(s).label) for s in moves]
        if next_stage(project.stage) is None:
            # No next stage: nothing is preselected (never a backward move by default).
            choices.insert(0, ("", _("请选择")))
        self.fields["to_stage"].choices = choices
        self.initial.setdefault("to_stage", next_stage(project.stage) or "")
        self.initial.setdefault("version", project.version)
        self.initial.setdefault("signed_amount", project.signed_amount)
        self.initial.setdefault("invested_to_date", project.invested or None)

    def clean(self):
        data = super().clean()
        if data.get("to_stage"):
            try:
                check_move(self.project.stage, data["to_stage"], reason=data.get("reason", ""))
            except ProjectError as exc:
                raise forms.ValidationError(str(exc)) from exc
        moved_on = data.get("moved_on")
        if moved_on and moved_on > timezone.localdate():
            self.add_error("moved_on", _("变更日期不能晚于今天"))
        return data


class ProgressForm(forms.Form):
    reported_on = forms.DateField(
        label=_("日期"), initial=timezone.localdate, widget=iso_date_input()
    )
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    invested_to_date = MoneyField(label=_("累计完成投资"))


class MilestoneForm(forms.Form):
    name = forms.CharField(label=_("节点名称"), max_length=100)
    planned_on = forms.DateField(label=_("计划日期"), widget=iso_date_input())
    planned_investment = MoneyField(label=_("计划累计投资"))
