from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from activities import views as activity_views
from activities import views_audit
from amager_partnerskab import views as site_views
from indicators import views_start

urlpatterns = [
    path("", views_start.home, name="home"),
    path("healthz", activity_views.healthz, name="healthz"),
    # The login, single sign-on and the limited password reset first: the rest are
    # Django's own account views.
    path("konto/", include("accounts.urls")),
    path("tilgaengelighed/", site_views.accessibility_statement, name="accessibility"),
    path("was", site_views.accessibility_redirect, name="accessibility_redirect"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("konto/", include("django.contrib.auth.urls")),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("historik/", views_audit.audit_log, name="audit"),
    path("historik/eksport.<str:fmt>", views_audit.audit_export, name="audit_export"),
    path("persondata/<int:pk>/", views_audit.personal_data, name="personal_data"),
    path("persondata/adgangslog/", views_audit.personal_data_log, name="personal_data_log"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("activities.urls")),
    path("", include("indicators.urls")),
]

handler500 = "amager_partnerskab.errors.server_error"
