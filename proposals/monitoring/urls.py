from django.urls import path

from proposals.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.national_view, name="national"),
    path("clusters/<id:pk>/", views.cluster_view, name="cluster"),
    path("strategies/<id:pk>/", views.trace_view, name="trace"),
    path("provinces/<id:pk>/", views.board, name="board"),
    path("provinces/<id:pk>/results.<slug:fmt>", views.data_export, name="data_export"),
    path("provinces/<id:pk>/periods/new/", views.period_open, name="period_open"),
    path("provinces/<id:pk>/baseline/", views.baseline_from_results, name="baseline_from_results"),
    path("periods/<id:pk>/edit/", views.period_edit, name="period_edit"),
    path("periods/<id:pk>/reopen/", views.period_reopen, name="period_reopen"),
    path("periods/<id:pk>/indicators/<id:indicator_pk>/", views.actual_entry, name="actual"),
    path(
        "periods/<id:pk>/indicators/<id:indicator_pk>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path("evidence/<id:pk>/", views.evidence_file, name="evidence"),
    path("periods/<id:pk>/projects/<id:project_pk>/", views.progress_entry, name="progress"),
    path("indicators/<id:pk>/target-change/", views.target_change, name="target_change"),
    path("target-changes/<id:pk>/decide/", views.target_change_decide, name="target_change_decide"),
    path("periods/<id:pk>/report.pdf", views.quarterly_report, name="report"),
    path("periods/<id:pk>/workbook.xlsx", views.workbook_download, name="workbook"),
    path("periods/<id:pk>/upload/", views.workbook_upload, name="workbook_upload"),
    path("imports/<id:pk>/", views.import_preview, name="import_preview"),
]
