from django.urls import path

from indicators import views, views_committee, views_report

app_name = "indicators"

# Indicator data: the page, exports, the upload and hand corrections.
urlpatterns = [
    path("partnerskaber/<slug:slug>/indikatorer/", views.overview, name="overview"),
    path("partnerskaber/<slug:slug>/indikatorer/eksport.<str:fmt>", views.export, name="export"),
    path("partnerskaber/<slug:slug>/indikatorer/import/", views.import_view, name="import"),
    path(
        "partnerskaber/<slug:slug>/indikatorer/import/skabelon.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path(
        "partnerskaber/<slug:slug>/indikatorer/<str:kind>/<int:pk>/ret/",
        views.value_edit,
        name="value_edit",
    ),
    path(
        "partnerskaber/<slug:slug>/indikatorer/kilder/<str:dataset>/",
        views.source_edit,
        name="source_edit",
    ),
]

# The reporting year across partnerships and the committee package.
urlpatterns += [
    path("aar/<int:year>/", views_committee.reporting_year, name="reporting_year"),
    path("aar/<int:year>/udvalgspakke/", views_committee.package, name="reporting_year_package"),
]

# The status report.
urlpatterns += [
    path("partnerskaber/<slug:slug>/rapport/", views_report.report_latest, name="report_latest"),
    path("partnerskaber/<slug:slug>/rapport/<int:year>/", views_report.report, name="report"),
    path(
        "partnerskaber/<slug:slug>/rapport/<int:year>/preview/",
        views_report.report_preview,
        name="report_preview",
    ),
    path("partnerskaber/<slug:slug>/rapport/<int:year>/pdf/", views_report.report_pdf, name="report_pdf"),
    path(
        "partnerskaber/<slug:slug>/rapport/<int:year>/docx/",
        views_report.report_docx_draft,
        name="report_docx",
    ),
    path(
        "partnerskaber/<slug:slug>/rapport/<int:year>/endelig/",
        views_report.report_final,
        name="report_final",
    ),
    path("rapporter/<int:pk>/download/", views_report.report_download, name="report_download"),
    path("rapporter/<int:pk>/pdfa/", views_report.report_download_pdfa, name="report_download_pdfa"),
    path("rapporter/<int:pk>/sagsmappe/", views_report.report_dossier, name="report_dossier"),
    path("rapporter/<int:pk>/docx/", views_report.report_download_docx, name="report_download_docx"),
]
