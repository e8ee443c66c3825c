"""Start pages, the partnership overview and the health check."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from activities import permissions
from activities.models import Partnership

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
        },
    )
