"""Forms of the knowledge pages: the target filters (GET) and the draft-chain proposal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chainchief.chains.models import Chain

TOP_CHOICES = [(n, str(n)) for n in (10, 20, 50, 100, 200)]


class TargetFilterForm(forms.Form):
    """Filters of the target list; an empty form means the engine's defaults."""

    segment = forms.TypedChoiceField(label=_("环节"), required=False, coerce=int, empty_value=None)
    top = forms.TypedChoiceField(
        label=_("前 N 名"), choices=TOP_CHOICES, coerce=int, required=False, empty_value=20
    )
    distressed = forms.BooleanField(label=_("含风险警示（ST）公司"), required=False)
    region = forms.CharField(
        label=_("优先承接地区"),
        required=False,
        max_length=100,
        help_text=_("省份，逗号分隔；留空用系统默认"),
    )
    province = forms.CharField(label=_("只看省份"), required=False, max_length=20)
    min_score = forms.FloatField(label=_("最低得分"), required=False, min_value=0)

    def __init__(self, data=None, *, chain: Chain, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["segment"].choices = [("", _("全部缺链、弱链环节"))] + [
            (s.pk, f"{s.get_stage_display()} · {s.name}")
            for s in chain.segments.order_by("sort", "id")
        ]

    def filters(self) -> dict:
        """Clean values; an invalid field falls back to its default (the valid ones still
        apply), so a bad query never breaks the page."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # holds the valid fields only
        regions = tuple(
            r.strip()
            for r in (data.get("region") or "").replace("，", ",").replace("、", ",").split(",")
            if r.strip()
        )
        return {
            "segment_id": data.get("segment"),
            "top": data.get("top") or 20,
            "include_distressed": bool(data.get("distressed")),
            "regions": regions or None,
            "province": (data.get("province") or "").strip(),
            "min_score": data.get("min_score"),
        }


class ProposeForm(forms.Form):
    product = forms.CharField(
        label=_("核心产品"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如：变压器")}),
    )
