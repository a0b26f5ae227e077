from django.contrib import admin

from chainchief.places.models import City, Department, District, Park


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "layout_name", "is_demo")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ("name", "district", "kind")
    list_filter = ("kind", "district")
    search_fields = ("name",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "sort")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
