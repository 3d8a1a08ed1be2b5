from django.urls import path

from blueprint_site import excel_views as views

app_name = "excel"

urlpatterns = [
    path("plans/<id:pk>/", views.plan_excel, name="plan"),
    path("plans/<id:pk>/template.xlsx", views.plan_template, name="plan_template"),
    path("plans/<id:pk>/export.xlsx", views.plan_export_view, name="plan_export"),
    path("blueprints/<id:pk>/", views.blueprint_excel, name="blueprint"),
    path("blueprints/<id:pk>/template.xlsx", views.blueprint_template, name="blueprint_template"),
    path("blueprints/<id:pk>/export.xlsx", views.blueprint_export, name="blueprint_export"),
    path("imports/<id:pk>/", views.import_preview, name="preview"),
]
