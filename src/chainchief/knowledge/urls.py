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
    path("chains/<str:code>/targets/mark/", views.target_mark, name="target_mark"),
    path("chains/<str:code>/marks/", views.target_marks, name="target_marks"),
    path("chains/<str:code>/marks.xlsx", views.target_marks_xlsx, name="target_marks_xlsx"),
    path("chains/<str:code>/marks/<int:pk>/delete/", views.target_unmark, name="target_unmark"),
    path("synonyms/", views.synonyms, name="synonyms"),
    path("synonyms/<int:pk>/delete/", views.synonym_delete, name="synonym_delete"),
    path("universe/", views.universe, name="universe"),
    path("enterprises/<int:pk>/supply/", views.enterprise_supply, name="enterprise_supply"),
]
