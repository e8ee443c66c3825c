"""The administrators' audit page: who changed what, when, across every model with history."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from activities import audit, permissions
from activities.spreadsheets import csv_response, xlsx_response

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
    changes = "; ".join(f"{change['field']}: {change['old']} → {change['new']}" for change in row.changes)
    return [timezone.localtime(row.date), user, str(row.action), row.kind, row.label, changes, row.reason]
