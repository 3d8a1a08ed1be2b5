from django.urls import path

from strategies import views

app_name = "strategies"

KINDS = "issue|goal|indicator|strategy|project"

urlpatterns = [
    path("policy/", views.policy_list, name="policy_list"),
    path("policy/<id:pk>/", views.policy_detail, name="policy_detail"),
    path("policy/heading/<id:pk>/", views.heading_detail, name="heading_detail"),
    path("national-plan/<id:pk>/", views.adminplan_detail, name="adminplan_detail"),
    path("national-strategy/<id:pk>/", views.natstrategy_detail, name="natstrategy_detail"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<id:pk>/check/", views.plan_cascade, name="plan_cascade"),
]

for kind in KINDS.split("|"):
    urlpatterns += [
        path(f"{kind}/<id:pk>/", views.element_detail, {"kind": kind}, name=f"{kind}_detail"),
        path(f"{kind}/<id:pk>/edit/", views.element_edit, {"kind": kind}, name=f"{kind}_edit"),
        path(
            f"{kind}/<id:pk>/delete/", views.element_delete, {"kind": kind}, name=f"{kind}_delete"
        ),
        path(
            f"{kind}/new/<id:parent_pk>/",
            views.element_create,
            {"kind": kind},
            name=f"{kind}_create",
        ),
    ]
