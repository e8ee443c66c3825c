from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from activities import views as activity_views
from activities import views_audit
from indicators import views_start

urlpatterns = [
    path("", views_start.home, name="home"),
    path("healthz", activity_views.healthz, name="healthz"),
    # The login, single sign-on and the limited password reset first: the rest are
    # Django's own account views.
    path("konto/", include("accounts.urls")),
    path("konto/", include("django.contrib.auth.urls")),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("historik/", views_audit.audit_log, name="audit"),
    path("admin/", admin.site.urls),
    path("", include("activities.urls")),
    path("", include("indicators.urls")),
]

handler500 = "amager_partnerskab.errors.server_error"
