"""The administrators' audit page: who changed what, when, across every model with history."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from activities import audit, permissions

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
