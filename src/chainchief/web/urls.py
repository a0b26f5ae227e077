from django.urls import path

from chainchief.web import views

app_name = "web"
urlpatterns = [
    path("", views.cockpit, name="cockpit"),
]
