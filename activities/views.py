"""Start pages, the partnership overview and the health check."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from activities import permissions, roles
from activities.forms import PartnershipExtendForm
from activities.models import Partnership
from activities.services import partnership_extend as partnership_extend_service

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request):
    """200 "ok" when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def partnership_detail(request, slug):
    """Overview of one partnership: the plan, the rounds, the indicators and the report."""
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    return render(
        request,
        "activities/partnership_detail.html",
        {
            "partnership": partnership,
            "can_edit_activities": permissions.can_edit_activities(request.user, partnership),
            "can_edit_budgets": permissions.can_edit_budgets(request.user, partnership),
            "can_extend": permissions.can_extend_partnership(request.user, partnership),
            "can_see_members": roles.is_administrator(request.user)
            or roles.is_coordinator_of(request.user, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def partnership_extend(request, slug):
    """Extend the partnership into its next agreement: the form, a confirmation page that
    says what will change, then the change."""
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    permissions.require(permissions.can_extend_partnership(request.user, partnership))
    form = PartnershipExtendForm(request.POST or None, partnership=partnership)
    context = {"partnership": partnership, "form": form}
    if request.method != "POST" or not form.is_valid() or "back" in request.POST:
        return render(request, "activities/partnership_extend.html", context)
    if "confirm" not in request.POST:
        return render(request, "activities/partnership_extend_confirm.html", context)
    data = form.cleaned_data
    try:
        period = partnership_extend_service(
            partnership,
            last_year=data["last_year"],
            baseline_year=data["baseline_year"],
            comparable_from_year=data["comparable_from_year"],
            continuing=data["continuing"],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:partnership_extend", partnership.slug)
    messages.success(
        request,
        _("%(name)s er forlænget med aftaleperioden %(first)s–%(last)s.")
        % {"name": partnership.name, "first": period.first_year, "last": period.last_year},
    )
    return redirect(partnership)
