from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from blueprint_site import desk
from blueprint_site import views as site_views
from blueprint_site.converters import IdConverter

register_converter(IdConverter, "id")  # before the apps' URLconfs below use it

urlpatterns = [
    path("", desk.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("blueprint_site.accounts")),
    path("i18n/setlang/", site_views.set_language, name="set_language"),
    path("cascade/", include("strategies.urls")),
    path("blueprints/", include("proposals.urls")),
    path("excel/", include("blueprint_site.excel_urls")),
    path("help/", site_views.help_page, name="help"),
    path("ops/", include("ops.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    # Only when DJANGO_BENCH=1: the baseline `bench/run.py` measures pages against.
    urlpatterns.append(path("bench/ping/", site_views.bench_ping, name="bench_ping"))
