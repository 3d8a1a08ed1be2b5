"""URLs of OPDC's review workspace, under ``/blueprints/review/`` (namespace
``proposals:review``)."""

from django.urls import path

from proposals.review import assignment_views, views

app_name = "review"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("<id:pk>/", views.review, name="review"),
    path("<id:pk>/v<id:edition>/", views.review, name="review_edition"),
    path("<id:pk>/v<id:edition>/comments/", views.note_add, name="note_add"),
    path("<id:pk>/v<id:edition>/scores/", views.scores_save, name="scores_save"),
    path("<id:pk>/comments/<id:note_pk>/delete/", views.note_delete, name="note_delete"),
    path("<id:pk>/reviewers/", assignment_views.reviewer_add, name="reviewer_add"),
    path(
        "<id:pk>/reviewers/<id:user_pk>/remove/",
        assignment_views.reviewer_remove,
        name="reviewer_remove",
    ),
    path("<id:pk>/decide/", views.decide, name="decide"),
    path("<id:pk>/history/", views.history, name="history"),
    path("<id:pk>/data.json", views.blueprint_json, name="blueprint_json"),
    path("exports/", views.exports_view, name="exports"),
    path("exports/<uuid:job_id>/", views.export_detail, name="export_detail"),
    path("exports/<uuid:job_id>/retry/", views.export_retry, name="export_retry"),
    path("exports/<uuid:job_id>/download/", views.export_download, name="export_download"),
    path("data/<slug:kind>.<slug:fmt>", views.data_export_view, name="data_export"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/<id:pk>/", views.cluster_detail, name="cluster"),
]
