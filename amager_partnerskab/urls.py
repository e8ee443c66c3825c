"""The site's URLs. The apps' views are reached through their own URL modules, so the
project package imports no app."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from amager_partnerskab import views as site_views

urlpatterns = [
    path("", include("indicators.urls_start")),
    path("", include("activities.urls_site")),
    path("", include("accounts.urls_admin")),
    # The login, single sign-on and the limited password reset first: the rest are
    # Django's own account views.
    path("konto/", include("accounts.urls")),
    path("tilgaengelighed/", site_views.accessibility_statement, name="accessibility"),
    path("was", site_views.accessibility_redirect, name="accessibility_redirect"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("konto/", include("django.contrib.auth.urls")),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("activities.urls")),
    path("", include("indicators.urls")),
]

handler500 = "amager_partnerskab.errors.server_error"
