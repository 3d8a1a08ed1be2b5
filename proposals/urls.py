from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.blueprint_list, name="list"),
    path("new/", views.blueprint_create, name="create"),
    path("<int:pk>/", views.blueprint_detail, name="detail"),
    path("<int:pk>/edit/", views.row_edit, {"kind": "header"}, name="edit"),
    path("<int:pk>/step/<slug:action>/", views.blueprint_transition, name="transition"),
    path("<int:pk>/submitted/<int:edition>/", views.snapshot_detail, name="snapshot"),
    path("<int:pk>/submitted/<int:edition>/json/", views.snapshot_json, name="snapshot_json"),
    path("<int:pk>/sections/<slug:key>/assign/", views.section_assign, name="section_assign"),
    path("<int:pk>/sections/<slug:key>/status/", views.section_status, name="section_status"),
    path("<int:pk>/sections/<slug:key>/history/", views.section_history, name="section_history"),
    path("<int:pk>/sections/<slug:key>/compare/", views.section_diff, name="section_diff"),
    path(
        "<int:pk>/sections/<slug:key>/restore/<int:number>/",
        views.section_restore,
        name="section_restore",
    ),
    path("<int:pk>/rows/<slug:kind>/new/", views.row_create, name="row_create"),
    path("<int:pk>/rows/<slug:kind>/<int:row_pk>/edit/", views.row_edit, name="row_edit"),
    path("<int:pk>/rows/<slug:kind>/<int:row_pk>/delete/", views.row_delete, name="row_delete"),
    path("<int:pk>/rows/<slug:kind>/<int:row_pk>/move/", views.row_move, name="row_move"),
]
