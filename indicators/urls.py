from django.urls import path

from indicators import views_report

app_name = "indicators"

urlpatterns = []

# The status report.
urlpatterns += [
    path("partnerskaber/<slug:slug>/rapport/<int:year>/", views_report.report, name="report"),
    path(
        "partnerskaber/<slug:slug>/rapport/<int:year>/preview/",
        views_report.report_preview,
        name="report_preview",
    ),
    path("partnerskaber/<slug:slug>/rapport/<int:year>/pdf/", views_report.report_pdf, name="report_pdf"),
    path(
        "partnerskaber/<slug:slug>/rapport/<int:year>/endelig/",
        views_report.report_final,
        name="report_final",
    ),
    path("rapporter/<int:pk>/download/", views_report.report_download, name="report_download"),
]
