"""The start page of each role: a unit's work, or what needs doing per partnership."""

from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import sso
from activities import permissions, roles
from activities.models import Partnership, StatusResponse
from indicators.overview import partnership_overviews


@require_GET
def home(request):
    """The start page of the user's role."""
    user = request.user
    role = permissions.primary_role(user)
    partnerships = Partnership.objects.visible_to(user)
    today = timezone.localdate()
    context = {"role": role, "partnerships": partnerships, "today": today}
    if role == roles.ROLE_UNIT_MEMBER:
        answers = (
            StatusResponse.objects.of_units_of(user)
            .select_related("round", "round__partnership", "activity")
            .order_by("round__deadline", "activity__order", "activity__number", "pk")
        )
        context["open_tasks"] = answers.filter(round__is_open=True)
        context["older"] = answers.filter(round__is_open=False).order_by(
            "-round__year", "activity__order", "activity__number", "pk"
        )
        return render(request, "activities/home_unit_member.html", context)
    if role == roles.ROLE_COORDINATOR:
        partnerships = context["partnerships"] = Partnership.objects.coordinated_by(user)
    if role == roles.ROLE_ADMINISTRATOR:
        context["awaiting_approval"] = sso.awaiting_approval(get_user_model().objects).count()
    context["overviews"] = partnership_overviews(partnerships, today=today)
    context["partnerships"] = [row.partnership for row in context["overviews"]]  # read once
    context["has_open_round"] = any(row.open_rounds for row in context["overviews"])
    context["next_deadline"] = min(
        (row.next_deadline for row in context["overviews"] if row.next_deadline), default=None
    )
    template = {
        roles.ROLE_COORDINATOR: "activities/home_coordinator.html",
        roles.ROLE_ADMINISTRATOR: "activities/home_administrator.html",
    }.get(role, "activities/home_reader.html")
    return render(request, template, context)
