from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from strategies import views as strategy_views

urlpatterns = [
    path("", strategy_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", strategy_views.set_language, name="set_language"),
    path("cascade/", include("strategies.urls")),
    path("blueprints/", include("proposals.urls")),
    path("admin/", admin.site.urls),
]
