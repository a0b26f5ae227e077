from django.urls import path

from chainchief.chains import views

app_name = "chains"
urlpatterns = [
    path("", views.chain_list, name="list"),
    path("new/", views.chain_create, name="create"),
    path("upload/", views.chain_upload, name="upload"),
    path("<str:code>/", views.chain_detail, name="detail"),
    path("<str:code>/map/", views.chain_map, name="map"),
    path("<str:code>/enterprises/", views.chain_enterprises, name="enterprises"),
    path("<str:code>/targets/", views.chain_targets, name="targets"),
    path("<str:code>/projects/", views.chain_projects, name="projects"),
    path("<str:code>/organisation/", views.chain_organisation, name="organisation"),
    path("<str:code>/edit/", views.chain_edit, name="edit"),
    path("<str:code>/map.yaml", views.chain_yaml, name="yaml"),
    path("<str:code>/goals/new/", views.goal_form, name="goal_add"),
    path("<str:code>/goals/<int:pk>/", views.goal_form, name="goal_edit"),
    path("<str:code>/goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("<str:code>/members/new/", views.member_form, name="member_add"),
    path("<str:code>/members/<int:pk>/", views.member_form, name="member_edit"),
    path("<str:code>/members/<int:pk>/delete/", views.member_delete, name="member_delete"),
    path("<str:code>/segments/new/", views.segment_form, name="segment_add"),
    path("<str:code>/segments/paste/", views.segment_paste, name="segment_paste"),
    path("<str:code>/segments/<int:pk>/", views.segment_form, name="segment_edit"),
    path("<str:code>/segments/<int:pk>/delete/", views.segment_delete, name="segment_delete"),
]
