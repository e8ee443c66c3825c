"""The start page of each role: a unit's work, or what needs doing per partnership."""

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import sso
from activities import permissions, roles
from activities.models import Partnership, StatusResponse
from indicators.overview import partnership_overviews

OLDER_ANSWERS_PER_PAGE = 25
LAST_PAGE_READ_DIRECTLY = 10_000


def page_with_total(queryset, per_page, number):
    """``Paginator(queryset, per_page).get_page(number)`` read in one query: each row of
    the page carries the total (a window count), so no separate count is needed. Only a
    page number past the end costs the paginator's own count, to find the last page."""
    paginator = Paginator(queryset, per_page)
    try:
        number = max(int(number or 1), 1)
    except ValueError:
        number = 1
    if number > LAST_PAGE_READ_DIRECTLY:
        # A number no one pages to (typed in, or past what the database takes as an offset).
        return paginator.get_page(number)
    start = (number - 1) * per_page
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[start : start + per_page])
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].total_rows if rows else 0
    return Page(rows, number, paginator)


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
        # Closed rounds pile up year after year: the newest answers first, a page at a time.
        older = answers.filter(round__is_open=False).order_by(
            "-round__year", "activity__order", "activity__number", "pk"
        )
        context["older"] = page_with_total(older, OLDER_ANSWERS_PER_PAGE, request.GET.get("side"))
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
