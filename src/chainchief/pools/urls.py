from django.urls import path

from chainchief.pools import views

app_name = "pools"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:case_id>/choose/", views.choose, name="choose"),
    path("needs/<int:pk>/case/", views.need_to_case, name="need_case"),
    path("<slug:pool>/", views.pool_list, name="list"),
    path("<slug:pool>/export/", views.pool_export, name="export"),
    path("<slug:pool>/<int:pk>/", views.pool_detail, name="detail"),
]
