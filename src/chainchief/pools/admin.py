from django.contrib import admin

from chainchief.pools.models import (
    FinancingProduct,
    Partner,
    ResearchResult,
    ResourceMatch,
    TalentNeed,
    TalentSupply,
)

for model in (TalentSupply, TalentNeed, FinancingProduct, ResearchResult, Partner):
    admin.site.register(model)


@admin.register(ResourceMatch)
class ResourceMatchAdmin(admin.ModelAdmin):
    list_display = ("case", "pool", "label", "chosen_by", "chosen_at")
