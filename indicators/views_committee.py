"""A reporting year across partnerships, and the committee package built from it."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.models import Partnership
from indicators import committee

FIRST_YEAR = 2000
LAST_YEAR = 2100


def _rows(request, year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Året findes ikke."))
    return committee.reporting_year(Partnership.objects.visible_to(request.user), year)


@require_GET
def reporting_year(request, year):
    """Every partnership the user may read: report state, round progress and each goal's
    status side by side, with what the committee package still lacks."""
    rows = _rows(request, year)
    return render(
        request,
        "indicators/committee/year.html",
        {
            "year": year,
            "rows": rows,
            "table": committee.goal_table(rows),
            "problems": committee.package_problems(rows),
            "covered": [row for row in rows if row.covered],
        },
    )


@require_POST
def package(request, year):
    """The committee package as a ZIP: the final one, or a draft marked UDKAST."""
    rows = _rows(request, year)
    draft = request.POST.get("udkast") == "1"
    problems = committee.package_problems(rows)
    covered = [row for row in rows if row.covered]
    if not covered or (problems and not draft):
        context = {
            "year": year,
            "rows": rows,
            "table": committee.goal_table(rows),
            "problems": problems
            or [_("Ingen partnerskaber har en aftale, der dækker %(year)s.") % {"year": year}],
            "covered": covered,
            "refused": True,
        }
        return render(request, "indicators/committee/year.html", context, status=409)
    content = committee.committee_package(rows, year, draft=draft, user=request.user)
    name = f"udvalgspakke-{year}{'-udkast' if draft else ''}.zip"
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
