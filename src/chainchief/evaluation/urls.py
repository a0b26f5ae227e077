from django.urls import path

from chainchief.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.board_home, name="home"),
    path("runs/", views.run_list, name="runs"),
    path("runs/start/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_board, name="run"),
    path("runs/<int:pk>/ranking.xlsx", views.run_export, name="run_export"),
    path("runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:pk>/delete/", views.run_delete, name="run_delete"),
    path("runs/<int:pk>/diff/", views.run_diff, name="run_diff"),
    path("runs/<int:pk>/chains/<str:code>/", views.scorecard, name="scorecard"),
    path("runs/<int:pk>/chains/<str:code>/comment/", views.comment_edit, name="comment"),
    path(
        "runs/<int:pk>/chains/<str:code>/indicators/<int:result_id>/",
        views.drill_down,
        name="drill_down",
    ),
    path("systems/", views.system_list, name="systems"),
    path("systems/<int:pk>.yaml", views.system_yaml, name="system_yaml"),
    path("systems/<int:pk>/inputs/", views.system_inputs, name="system_inputs"),
    path("ledger/", views.ledger, name="ledger"),
]
