"""The status report: the coordinator's page, the HTML preview, the PDF and the archive."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities import permissions
from activities.models import Partnership
from indicators import dossier, pdf, report_docx
from indicators import report as report_data
from indicators.forms_report import StatusReportForm
from indicators.models import ReportExport
from indicators.overview import latest_report_year

FIRST_YEAR = 2000
LAST_YEAR = 2100


def _partnership_and_report(request, slug, year):
    """The partnership through the user's visible set (404 for outsiders) and the year's report."""
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Året findes ikke."))
    return partnership, report_data.report_for(partnership, year)


def report_latest(request, slug):
    """The newest report of the partnership, or the year the latest data are for."""
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    return redirect("indicators:report", slug=partnership.slug, year=latest_report_year(partnership))


def report(request, slug, year):
    """The report of one year: meta block and commentary (coordinators edit), the state of
    the midtvejsstatus, missing data, the buttons and the archived final versions."""
    partnership, status_report = _partnership_and_report(request, slug, year)
    can_edit = permissions.can_edit_report(request.user, partnership)
    form = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(can_edit.reason)
        form = StatusReportForm(request.POST, instance=status_report)
        if form.is_valid():
            report_data.status_report_save(form.save(commit=False))
            messages.success(request, _("Rapportens oplysninger er gemt."))
            return redirect("indicators:report", slug=partnership.slug, year=year)
        messages.error(request, _("Rapportens oplysninger er ikke gemt. Ret fejlene markeret nedenfor."))
    elif can_edit:
        form = StatusReportForm(instance=status_report)
    state, problems = report_data.report_status(status_report)
    exports = []
    if status_report.pk:
        exports = status_report.exports.select_related("exported_by").order_by("-version")
    return render(
        request,
        "indicators/report/report_page.html",
        {
            "partnership": partnership,
            "year": year,
            "report": status_report,
            "form": form,
            "can_edit": can_edit,
            "round_state": state,
            "problems": problems,
            "exports": exports,
            "years": partnership.plan_years,
            "stale": report_data.stale_commentary(status_report),
        },
    )


@require_GET
def report_preview(request, slug, year):
    """The report document as HTML: the same template the PDF is made from."""
    _partnership, status_report = _partnership_and_report(request, slug, year)
    return HttpResponse(report_data.render_report_html(status_report, preview=True, request=request))


@require_GET
def report_pdf(request, slug, year):
    """A PDF on demand. It carries the UDKAST mark: only archived final versions are without."""
    partnership, status_report = _partnership_and_report(request, slug, year)
    html = report_data.render_report_html(status_report, user=request.user, draft=True)
    response = HttpResponse(pdf.html_to_pdf_cached(html), content_type="application/pdf")
    filename = f"statusrapport-{partnership.slug}-{year}-udkast.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def report_docx_draft(request, slug, year):
    """The report as a Word document, from the same content as the draft PDF."""
    partnership, status_report = _partnership_and_report(request, slug, year)
    document = report_docx.render_report_docx(status_report, user=request.user, draft=True)
    response = HttpResponse(document, content_type=report_docx.CONTENT_TYPE)
    filename = f"statusrapport-{partnership.slug}-{year}-udkast.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def report_final(request, slug, year):
    """Export the final PDF and archive it as a new version (coordinators only): a GET shows
    what will be archived and how it differs from the last final; the POST confirms."""
    partnership, status_report = _partnership_and_report(request, slug, year)
    decision = permissions.can_edit_report(request.user, partnership)
    if not decision:
        raise PermissionDenied(decision.reason)
    if request.method == "GET" or request.POST.get("confirm") != "1":
        check = report_data.final_export_check(status_report)
        return render(
            request,
            "indicators/report/final_confirm.html",
            {"partnership": partnership, "year": year, "report": status_report, "check": check},
        )
    try:
        export, created = report_data.status_report_export(report=status_report, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                _("Den endelige rapport er gemt som version %(version)s (SHA-256 %(sha)s).")
                % {"version": export.version, "sha": export.sha256},
            )
        else:
            messages.info(
                request,
                _("Indholdet er det samme som i version %(version)s; der er ikke oprettet en ny version.")
                % {"version": export.version},
            )
    return redirect("indicators:report", slug=partnership.slug, year=year)


def _visible_export(request, pk):
    """An archived final of a partnership the user may read (404 for outsiders)."""
    return get_object_or_404(
        ReportExport.objects.select_related("report__partnership").filter(
            report__partnership__in=Partnership.objects.visible_to(request.user)
        ),
        pk=pk,
    )


def _archived_pdf(request, export, read, filename, sha256):
    try:
        content = read()
    except (OSError, ValueError):  # ValueError: no file recorded
        report_data.report_file_missing(export)
        return render(request, "indicators/report/file_missing.html", {"export": export}, status=404)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-SHA256"] = sha256
    return response


@require_GET
def report_download(request, pk):
    """An archived final PDF, byte for byte as it was exported."""
    export = _visible_export(request, pk)
    return _archived_pdf(request, export, export.read_bytes, export.filename, export.sha256)


@require_GET
def report_download_pdfa(request, pk):
    """The archive copy (PDF/A-2b) of a final, byte for byte as it was exported."""
    export = _visible_export(request, pk)
    if not export.pdfa_file:
        raise Http404(_("Versionen blev eksporteret, før arkivkopien (PDF/A) blev lavet."))
    return _archived_pdf(request, export, export.read_pdfa_bytes, export.pdfa_filename, export.pdfa_sha256)


@require_GET
def report_download_docx(request, pk):
    """An archived final as a Word document, when today's data still give its content."""
    export = _visible_export(request, pk)
    document = report_docx.final_docx(export)
    if document is None:
        return render(request, "indicators/report/docx_unavailable.html", {"export": export}, status=409)
    response = HttpResponse(document, content_type=report_docx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.filename.removesuffix(".pdf")}.docx"'
    return response


@require_GET
def report_dossier(request, pk):
    """The final's dossier for the case file (coordinators and administrators)."""
    export = _visible_export(request, pk)
    decision = permissions.can_edit_report(request.user, export.report.partnership)
    if not decision:
        raise PermissionDenied(decision.reason)
    try:
        content = dossier.final_dossier(export, user=request.user)
    except OSError:
        report_data.report_file_missing(export)
        return render(request, "indicators/report/file_missing.html", {"export": export}, status=404)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"{export.filename.removesuffix('.pdf')}-sagsmappe.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
