from django.urls import path

from chainchief.chains import views

app_name = "chains"
urlpatterns = [
    path("", views.chain_list, name="list"),
    path("<str:code>/", views.chain_detail, name="detail"),
    path("<str:code>/map.yaml", views.chain_yaml, name="yaml"),
]
