"""The tryghedsplan: plan page with exports, activity pages, the budget grid and the upload."""

import hashlib

from django.contrib import messages
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from activities import permissions
from activities.filters import PlanFilter
from activities.forms import ActivityForm, BudgetGridForm, PlanImportForm
from activities.importers import (
    EXPORT_HEADER,
    PlanImportError,
    import_plan_file,
    preview_plan_file,
    template_rows,
)
from activities.models import Activity, Budget, Unit
from activities.plan import Amount, PlanCells, activity_changes, budget_changes, collaboration, year_totals
from activities.services import budgets_update
from activities.tables import PlanTable
from amager_partnerskab.pending_uploads import PendingUploads
from amager_partnerskab.spreadsheets import SpreadsheetError, csv_response, xlsx_response


@require_GET
def plan(request, slug):
    """Tabel 3 with units and partners, SUM per year, filters, sorting and CSV/XLSX export."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    years = partnership.plan_years
    plan_filter = PlanFilter(
        request.GET or None,
        queryset=Activity.objects.filter(partnership=partnership).in_plan_order(),
    )
    activities = plan_filter.qs
    cells = PlanCells.read(activities, years)
    totals = cells.totals
    table = PlanTable(activities.prefetch_related("responsible_units", "partner_units"), cells=cells)
    RequestConfig(request, paginate=False).configure(table)

    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(partnership, table, cells, export)

    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "activities/plan.html",
        {
            "partnership": partnership,
            "table": table,
            "filter": plan_filter,
            "is_filtered": plan_filter.is_filtered,
            "totals": totals,
            "has_open_totals": any(not total.is_complete for total in totals),
            "collaboration": collaboration(partnership),
            "export_query": query.urlencode(),
            "can_edit_activities": permissions.can_edit_activities(request.user, partnership),
            "can_edit_budgets": permissions.can_edit_budgets(request.user, partnership),
            "can_import_plan": permissions.can_import_plan(request.user, partnership),
        },
    )


def _export(partnership, table, cells, kind):
    """The table as shown (filter and sorting included) in the import format, with the SUM line."""
    totals = cells.totals
    rows = []
    for activity in table.data.data:
        rows.append(
            [
                activity.number if activity.number is not None else "-",
                activity.title,
                " | ".join(unit.short_name for unit in activity.responsible_units.all()),
                " | ".join(unit.short_name for unit in activity.partner_units.all()),
            ]
            + [cells.cell(activity.pk, total.year).export_value for total in totals]
        )
    rows.append(["SUM", "", "", ""] + [total.total if total.is_complete else "" for total in totals])
    header = EXPORT_HEADER + [total.year for total in totals]
    filename = f"tryghedsplan-{partnership.slug}"
    if kind == "csv":
        return csv_response(f"{filename}.csv", header, rows)
    return xlsx_response(f"{filename}.xlsx", header, rows, sheet_title=_("Tryghedsplan"))


@require_GET
def activity_detail(request, pk):
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user)
        .select_related("partnership")
        .prefetch_related("responsible_units", "partner_units", "budgets"),
        pk=pk,
    )
    partnership = activity.partnership
    stored = {budget.year: Amount.of_budget(budget) for budget in activity.budgets.all()}
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "partnership": partnership,
            "amounts": [(year, stored.get(year, Amount(decided=False))) for year in partnership.plan_years],
            "budget_changes": budget_changes(activity),
            "activity_changes": activity_changes(activity),
            "can_edit_activities": permissions.can_edit_activities(request.user, partnership),
            "can_edit_budgets": permissions.can_edit_budgets(request.user, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )
    permissions.require(permissions.can_edit_activities(request.user, activity.partnership))
    form = ActivityForm(request.POST or None, instance=activity, partnership=activity.partnership)
    if form.is_valid():
        form.save()
        messages.success(request, _("Aktiviteten er gemt."))
        return redirect(activity)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": activity, "partnership": activity.partnership},
    )


@require_http_methods(["GET", "POST"])
def activity_create(request, slug):
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    permissions.require(permissions.can_edit_activities(request.user, partnership))
    next_order = (partnership.activities.aggregate(last=Max("order"))["last"] or 0) + 1
    next_number = (partnership.activities.aggregate(last=Max("number"))["last"] or 0) + 1
    form = ActivityForm(
        request.POST or None,
        partnership=partnership,
        initial={"order": next_order, "number": next_number},
    )
    if form.is_valid():
        activity = form.save()
        messages.success(request, _("Aktiviteten er oprettet."))
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form, "partnership": partnership})


@require_http_methods(["GET", "POST"])
def budget_grid(request, slug):
    """Every budget of the plan on one page; a save writes all changed cells or none."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    permissions.require(permissions.can_edit_budgets(request.user, partnership))
    years = partnership.plan_years
    activities = Activity.objects.filter(partnership=partnership).in_plan_order()
    if request.method == "POST":
        # Locked so the values compared below are still the stored ones when written.
        activities = activities.select_for_update()
    activities = list(activities)
    current = {
        (budget.activity_id, budget.year): Amount.of_budget(budget)
        for budget in Budget.objects.filter(activity__partnership=partnership, year__in=years)
    }
    form = BudgetGridForm(request.POST or None, activities=activities, years=years, current=current)
    if form.is_valid():
        written = budgets_update(
            partnership=partnership,
            cells=form.changes,
            acting_user=request.user,
            reason=form.cleaned_data["reason"].strip() or _("Budgetredigering"),
        )
        if written:
            messages.success(
                request,
                ngettext("%(count)s beløb er gemt.", "%(count)s beløb er gemt.", written)
                % {"count": written},
            )
        else:
            messages.info(request, _("Ingen beløb var ændret."))
        return redirect("activities:budget_grid", partnership.slug)
    return render(
        request,
        "activities/budget_grid.html",
        {
            "partnership": partnership,
            "form": form,
            "years": years,
            "totals": year_totals(Activity.objects.filter(partnership=partnership), years),
            "error_count": sum(len(errors) for errors in form.errors.values()) if form.is_bound else 0,
        },
    )


PLAN_UPLOADS = PendingUploads(session_key="plan_import", folder="imports/plan")


@require_http_methods(["GET", "POST"])
def plan_import_view(request, slug):
    """Upload → preview of what would change → confirm; nothing is saved before the confirm."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    permissions.require(permissions.can_import_plan(request.user, partnership))
    context = {"partnership": partnership}

    if request.method == "POST" and request.POST.get("action") in ("confirm", "cancel"):
        return PLAN_UPLOADS.confirm_or_cancel(
            request,
            partnership,
            _confirm_import,
            upload_url="activities:plan_import",
            cancelled_url="activities:plan",
        )

    form = PlanImportForm(request.POST or None, request.FILES or None)
    context["units"] = Unit.objects.order_by("short_name")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = preview_plan_file(partnership=partnership, source=upload)
        except (SpreadsheetError, PlanImportError) as error:
            context["errors"] = getattr(error, "errors", [str(error)])
            context["file_name"] = upload.name
        else:
            pending = PLAN_UPLOADS.store(request, partnership, upload, fingerprint=_fingerprint(result))
            context.update({"result": result, "token": pending["token"], "file_name": pending["name"]})
            return render(request, "activities/import_preview.html", context)
    context["form"] = form
    return render(request, "activities/import_form.html", context)


@require_GET
def plan_import_template(request, slug, fmt):
    """An empty plan file to fill in: the import's columns and two example rows."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    permissions.require(permissions.can_import_plan(request.user, partnership))
    header, rows = template_rows(partnership)
    filename = f"tryghedsplan-skabelon-{partnership.slug}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows, sheet_title=_("Tryghedsplan"))
    raise Http404


def _confirm_import(request, partnership, pending):
    try:
        with PLAN_UPLOADS.open(pending) as stored:
            preview = preview_plan_file(partnership=partnership, source=stored)
            if _fingerprint(preview) != pending["fingerprint"]:
                # The plan changed since the preview; show what the file would do now.
                pending["fingerprint"] = _fingerprint(preview)
                PLAN_UPLOADS.remember(request, partnership, pending)
                messages.warning(
                    request,
                    _(
                        "Planen er ændret, siden forhåndsvisningen blev lavet. Se ændringerne igen, og bekræft."
                    ),
                )
                return render(
                    request,
                    "activities/import_preview.html",
                    {
                        "partnership": partnership,
                        "result": preview,
                        "token": pending["token"],
                        "file_name": pending["name"],
                    },
                )
            result = import_plan_file(
                partnership=partnership,
                source=stored,
                acting_user=request.user,
                file_name=pending["name"],
            )
    except (SpreadsheetError, PlanImportError):
        PLAN_UPLOADS.forget(request, partnership)
        messages.error(request, _("Filen kunne ikke længere indlæses. Vælg filen igen."))
        return redirect("activities:plan_import", partnership.slug)
    PLAN_UPLOADS.forget(request, partnership)
    messages.success(request, _("Tryghedsplanen er indlæst: %(summary)s") % {"summary": result.summary()})
    return redirect("activities:plan", partnership.slug)


def _fingerprint(result):
    """What the preview promised, so a confirm never does something else."""
    summary = repr(
        (
            [(o.row_number, o.changes) for o in result.added],
            [(o.row_number, o.changes) for o in result.changed],
            result.new_units,
        )
    )
    return hashlib.sha256(summary.encode()).hexdigest()
