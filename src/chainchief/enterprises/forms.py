from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chainchief.chains.models import Segment
from chainchief.enterprises.models import Contact, Enterprise, EnterpriseTier, MonthlyIndicator
from chainchief.enterprises.validators import InvalidValue, normalize_credit_code


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "district",
            "park",
            "chains",
            "segments",
            "main_products",
            "business_scope",
            "established_on",
            "liaison_official",
            "note",
        ]
        widgets = {
            "main_products": forms.Textarea(attrs={"rows": 2}),
            "business_scope": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, chains_qs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chains"].queryset = chains_qs
        self.fields["segments"].queryset = Segment.objects.filter(
            chain__in=chains_qs
        ).select_related("chain")
        self.fields["segments"].label_from_instance = lambda s: f"{s.chain.name} · {s}"
        self.fields["liaison_official"].queryset = self.fields["liaison_official"].queryset.exclude(
            role="enterprise_contact"
        )
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean_credit_code(self) -> str:
        try:
            return normalize_credit_code(self.cleaned_data["credit_code"])
        except InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc

    def service_fields(self) -> dict:
        """The cleaned values as keyword arguments for services.save_enterprise."""
        data = self.cleaned_data
        fields = {k: data[k] for k in self.Meta.fields if k in data}
        fields["version"] = data.get("version")
        return fields

    def validate_unique(self) -> None:
        # Uniqueness is the service's rule (one message for form, API and import).
        return None

    def clean(self):
        data = super().clean()
        chains = set(data.get("chains") or [])
        stray = [s for s in data.get("segments") or [] if s.chain not in chains]
        if stray:
            raise forms.ValidationError(
                _("环节“%(seg)s”属于产业链“%(chain)s”，请同时选择该产业链")
                % {"seg": stray[0].name, "chain": stray[0].chain.name}
            )
        return data


class TierForm(forms.ModelForm):
    class Meta:
        model = EnterpriseTier
        fields = ["tier", "gained_on", "chain"]
        widgets = {"gained_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, enterprise: Enterprise, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        self.fields["chain"].queryset = enterprise.chains.all()

    def clean(self):
        data = super().clean()
        if data.get("tier") == "anchor" and not data.get("chain"):
            raise forms.ValidationError(_("链主企业须选择所在产业链"))
        if (
            EnterpriseTier.objects.filter(enterprise=self.enterprise, tier=data.get("tier"))
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("该企业已有此梯队认定"))
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "email"]


class IndicatorForm(forms.ModelForm):
    month = forms.DateField(
        label=_("月份"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    class Meta:
        model = MonthlyIndicator
        fields = ["month", "output_value", "revenue", "tax", "employees"]

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)
