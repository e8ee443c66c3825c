"""Start pages, the partnership overview and the health check."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from activities import permissions
from activities.models import Partnership, ReportingRound, StatusResponse

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
def home(request):
    """The start page of the user's role."""
    user = request.user
    role = permissions.primary_role(user)
    partnerships = Partnership.objects.visible_to(user)
    context = {"role": role, "partnerships": partnerships}
    if role == permissions.ROLE_UNIT_MEMBER:
        answers = (
            StatusResponse.objects.of_units_of(user)
            .select_related("round", "round__partnership", "activity")
            .order_by("round__deadline", "activity__order", "activity__number", "pk")
        )
        context["open_tasks"] = answers.filter(round__is_open=True)
        context["older"] = answers.filter(round__is_open=False).order_by(
            "-round__year", "activity__order", "activity__number", "pk"
        )
        context["today"] = timezone.localdate()
        return render(request, "activities/home_unit_member.html", context)
    if role == permissions.ROLE_COORDINATOR:
        context["partnerships"] = Partnership.objects.coordinated_by(user)
        context["open_rounds"] = (
            ReportingRound.objects.open()
            .filter(partnership__in=context["partnerships"])
            .with_status_counts()
            .select_related("partnership")
            .order_by("deadline")
        )
        today = timezone.localdate()
        context["today"] = today
        context["next_deadline"] = next(
            (round.deadline for round in context["open_rounds"] if round.deadline >= today), None
        )
        return render(request, "activities/home_coordinator.html", context)
    if role == permissions.ROLE_ADMINISTRATOR:
        return render(request, "activities/home_administrator.html", context)
    return render(request, "activities/home_reader.html", context)


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
