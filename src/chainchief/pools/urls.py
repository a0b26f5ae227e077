from django.urls import path

from chainchief.pools import views

app_name = "pools"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:case_id>/choose/", views.choose, name="choose"),
    path("<slug:pool>/", views.pool_list, name="list"),
    path("<slug:pool>/export/", views.pool_export, name="export"),
    path("<slug:pool>/<int:pk>/", views.pool_detail, name="detail"),
]
