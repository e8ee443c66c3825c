"""The administrators' audit page: who changed what, when, across every model with history."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities import permissions, privacy
from activities.models import PersonalDataAccess
from amager_partnerskab.spreadsheets import csv_response, xlsx_response
from records import audit

PAGE_SIZE = 50


@require_GET
def audit_log(request):
    """Historical records, newest first, filtered by user, date range and object."""
    decision = permissions.can_view_audit(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = audit.AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    entries = [] if form.errors else audit.audit_entries(**filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "activities/audit.html",
        {
            "form": form,
            "page": page,
            "rows": audit.describe(page.object_list),
            "query": query.urlencode(),
        },
    )


EXPORT_BATCH = 500


@require_GET
def audit_export(request, fmt):
    """The history page's current filter as XLSX or CSV, newest first, every row."""
    decision = permissions.can_view_audit(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    if fmt not in ("xlsx", "csv"):
        raise Http404(_("Ukendt filformat."))
    form = audit.AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404(_("Filteret er ugyldigt."))
    filters = {}
    if form.is_bound:
        filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    header = [
        _("Tidspunkt"),
        _("Bruger"),
        _("Handling"),
        _("Slags"),
        _("Objekt"),
        _("Hvad blev ændret"),
        _("Begrundelse"),
    ]
    rows = (_export_row(row) for row in _all_rows(audit.audit_entries(**filters)))
    filename = f"historik-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, sheet_title=_("Historik"))


def _all_rows(entries):
    """Every entry described, a batch at a time (a few queries per batch)."""
    paginator = Paginator(entries, EXPORT_BATCH)
    for number in paginator.page_range:
        yield from audit.describe(paginator.page(number).object_list)


def _export_row(row):
    if row.user is None:
        user = _("system")
    else:
        user = row.user.get_full_name() or row.user.get_username()
    return [
        timezone.localtime(row.date),
        user,
        str(row.action),
        row.kind,
        row.label,
        row.changes_text,
        row.reason,
    ]


@require_http_methods(["GET", "POST"])
def personal_data(request, pk):
    """What is stored about one user, for an administrator answering a request; opening it
    and exporting it are both logged."""
    decision = permissions.can_view_audit(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    subject = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        PersonalDataAccess.objects.create(
            accessed_by=request.user, subject=subject, what=PersonalDataAccess.What.EXPORT
        )
        response = HttpResponse(privacy.personal_data_zip(subject), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"persondata-{subject.pk}-{timezone.localdate():%Y-%m-%d}.zip"
        )
        return response
    if subject != request.user:
        PersonalDataAccess.objects.create(
            accessed_by=request.user, subject=subject, what=PersonalDataAccess.What.PROFILE
        )
    profile = privacy.personal_data_summary(subject)
    return render(request, "activities/personal_data.html", {"subject": subject, "profile": profile})


@require_GET
def personal_data_log(request):
    """The append-only log of who opened or exported another user's personal data."""
    decision = permissions.can_view_audit(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    entries = PersonalDataAccess.objects.select_related("accessed_by", "subject")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "activities/personal_data_log.html", {"page": page})
