from django.urls import path

from chainchief.casework import views, views_visits

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("export/", views.case_export, name="export"),
    path("new/", views.case_new, name="new"),
    path("stats/", views.stats, name="stats"),
    path("department/", views.department_dashboard, name="department"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/", views.inbox_open, name="inbox_open"),
    path("calendar/", views.calendar_notices, name="calendar"),
    path("visits/", views_visits.visit_list, name="visits"),
    path("visits/new/", views_visits.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views_visits.visit_detail, name="visit"),
    path("visits/<int:pk>/points/<int:point>/case/", views_visits.point_to_case, name="point_case"),
    path("contacts/", views_visits.contacts, name="contacts"),
    path("contacts/invite/", views_visits.invite, name="invite"),
    path("contacts/<int:pk>/deactivate/", views_visits.deactivate, name="deactivate"),
    path("liaison/", views_visits.liaison, name="liaison"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/act/", views.case_act, name="act"),
    path("<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
]
