"""Site-wide pages this app serves under names without a namespace: the health check, the
history and the personal-data pages."""

from django.urls import path

from activities import views, views_audit

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("historik/", views_audit.audit_log, name="audit"),
    path("historik/eksport.<str:fmt>", views_audit.audit_export, name="audit_export"),
    path("persondata/<int:pk>/", views_audit.personal_data, name="personal_data"),
    path("persondata/adgangslog/", views_audit.personal_data_log, name="personal_data_log"),
]
