from django.urls import path

from chainchief.projects import views, views_io

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.xlsx", views.project_export, name="export"),
    path("board/", views.project_board, name="board"),
    path("funnel/", views.project_funnel, name="funnel"),
    path("warnings/", views.warning_list, name="warnings"),
    path("new/", views.project_create, name="create"),
    path("from-target/", views.from_target, name="from_target"),
    path("lists/<str:kind>.xlsx", views_io.five_list_export, name="five_list"),
    path("import/", views_io.import_page, name="import"),
    path("import/template.xlsx", views_io.import_template, name="import_template"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/move/", views.project_move, name="move"),
    path("<int:pk>/progress/", views.progress_add, name="progress"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:mid>/done/", views.milestone_done, name="milestone_done"),
    path("<int:pk>/milestones/<int:mid>/delete/", views.milestone_delete, name="milestone_delete"),
]
