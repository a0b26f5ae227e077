from django.urls import path

from chainchief.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.home, name="home"),
    path("products/", views.product_detail, name="product"),
    path("propose/", views.propose, name="propose"),
    path("chains/<str:code>/gaps/", views.chain_gaps, name="chain_gaps"),
    path("chains/<str:code>/targets/", views.chain_targets, name="chain_targets"),
    path("chains/<str:code>/targets.xlsx", views.chain_targets_xlsx, name="chain_targets_xlsx"),
    path("enterprises/<int:pk>/supply/", views.enterprise_supply, name="enterprise_supply"),
]
