"""The indicator page, its exports, the upload with preview and hand corrections."""

from pathlib import PurePath

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from activities import permissions
from amager_partnerskab.pending_uploads import PendingUploads
from amager_partnerskab.spreadsheets import csv_response, xlsx_response
from indicators import charts
from indicators.forms import CORRECTION_FORMS, DataSourceForm, IndicatorImportForm
from indicators.importers import (
    COLUMNS,
    ImportRefused,
    accepted_values,
    apply_import,
    compare_with_stored,
    export_rows,
    parse_rows,
    template_rows,
)
from indicators.importers import read_rows as read_import_rows
from indicators.models import DataSource, PoliceCount, Population, SurveyResult
from indicators.summary import default_report_year, indicator_summary
from indicators.tables import PoliceCountTable, PopulationTable, SurveyResultTable

INDICATOR_UPLOADS = PendingUploads(session_key="indicator_import", folder="imports/indicators")
VALUES_PER_PAGE = 25
VALUE_MODELS = {"tryghed": SurveyResult, "anmeldelser": PoliceCount, "indbyggere": Population}


def _report_year(request, partnership):
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        return default_report_year(partnership)
    return year if 2000 <= year <= 2100 else default_report_year(partnership)


@require_GET
def overview(request, slug):
    """Goals with status, Figur 1–3, Tabel 1 and 2, the sources and every stored value."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    report_year = _report_year(request, partnership)
    summary = indicator_summary(partnership, report_year)
    can_edit = bool(permissions.can_edit_indicators(request.user, partnership))
    table_options = {"partnership_slug": partnership.slug, "can_edit": can_edit}
    # Each table is read in one query and paged in Python: a page of values is what a reader
    # looks at (every value is in the export), and paging a list needs no count query.
    tables = [
        (
            _("Tryghedsundersøgelsen"),
            SurveyResultTable(
                list(SurveyResult.objects.for_partnership(partnership)),
                comparable_from_year=summary.comparable_from_year,
                **table_options,
            ),
        ),
        (
            _("Anmeldelser"),
            PoliceCountTable(list(PoliceCount.objects.for_partnership(partnership)), **table_options),
        ),
        (
            _("Befolkningstal"),
            PopulationTable(list(Population.objects.for_partnership(partnership)), **table_options),
        ),
    ]
    for _title, table in tables:
        RequestConfig(request, paginate={"per_page": VALUES_PER_PAGE}).configure(table)
    survey = [(measure, charts.survey_chart(measure)) for measure in summary.survey.values()]
    sources = {source.dataset: source for source in summary.sources.values()}
    return render(
        request,
        "indicators/overview.html",
        {
            "partnership": partnership,
            "summary": summary,
            "report_year": report_year,
            "year_choices": _year_choices(partnership, summary),
            "survey": survey,
            "crime_chart": charts.crime_rate_chart(summary.police),
            "tables": tables,
            "sources": [(value, label, sources.get(value)) for value, label in DataSource.Dataset.choices],
            "can_edit": can_edit,
        },
    )


def _year_choices(partnership, summary):
    years = set(range(partnership.first_year, partnership.last_year + 1))
    for measure in summary.survey.values():
        years.update(measure.years)
    years.update(point.year + 1 for point in summary.police.rates)
    years.add(summary.report_year)
    return sorted(years, reverse=True)


# --- Export ----------------------------------------------------------------------------------


@require_GET
def export(request, slug, fmt):
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    filename = f"indikatorer-{partnership.slug}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, COLUMNS, export_rows(partnership))
    if fmt == "xlsx":
        return xlsx_response(filename, COLUMNS, export_rows(partnership), sheet_title=_("Indikatorer"))
    raise Http404


# --- Upload with preview -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_view(request, slug):
    """Upload → preview of rows to add, change (old → new) and leave → confirm.

    The file waits in the media imports folder between preview and confirm; the confirm reads
    it again, checks it against the database and saves only if the outcome is still what was shown.
    """
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    permissions.require(permissions.can_edit_indicators(request.user, partnership))
    context = {"partnership": partnership, "accepted": accepted_values()}

    if request.method == "POST" and request.POST.get("action") in ("confirm", "cancel"):
        return INDICATOR_UPLOADS.confirm_or_cancel(
            request,
            partnership,
            _confirm_import,
            upload_url="indicators:import",
            cancelled_url="indicators:overview",
        )

    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            comparison = compare_with_stored(parse_rows(read_import_rows(upload), partnership=partnership))
        except ImportRefused as refused:
            context.update({"errors": refused.errors, "file_name": PurePath(upload.name).name})
        else:
            pending = INDICATOR_UPLOADS.store(request, partnership, upload, digest=comparison.digest)
            context.update(
                {"comparison": comparison, "token": pending["token"], "file_name": pending["name"]}
            )
            return render(request, "indicators/import_preview.html", context)
    context["form"] = form
    return render(request, "indicators/import_form.html", context)


@require_GET
def import_template(request, slug, fmt):
    """An indicator file to fill in: the import's columns and two example rows."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    permissions.require(permissions.can_edit_indicators(request.user, partnership))
    filename = f"indikatorer-skabelon-{partnership.slug}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, COLUMNS, template_rows(partnership))
    if fmt == "xlsx":
        return xlsx_response(filename, COLUMNS, template_rows(partnership), sheet_title=_("Indikatorer"))
    raise Http404


def _confirm_import(request, partnership, pending):
    try:
        with INDICATOR_UPLOADS.open(pending) as stored:
            raw_rows = read_import_rows(stored)
        comparison = compare_with_stored(parse_rows(raw_rows, partnership=partnership))
    except ImportRefused as refused:
        # A partnership was renamed or removed since the preview.
        INDICATOR_UPLOADS.forget(request, partnership)
        context = {"partnership": partnership, "errors": refused.errors, "file_name": pending["name"]}
        context.update({"form": IndicatorImportForm(), "accepted": accepted_values()})
        return render(request, "indicators/import_form.html", context)
    if comparison.digest != pending["digest"]:
        pending["digest"] = comparison.digest
        INDICATOR_UPLOADS.remember(request, partnership, pending)
        messages.warning(
            request,
            _("Tallene er ændret, siden forhåndsvisningen blev lavet. Se ændringerne igen, og bekræft."),
        )
        return render(
            request,
            "indicators/import_preview.html",
            {
                "partnership": partnership,
                "comparison": comparison,
                "token": pending["token"],
                "file_name": pending["name"],
            },
        )
    added, changed = apply_import(
        comparison, acting_user=request.user, reason=_("Indlæst fra %(name)s") % {"name": pending["name"]}
    )
    INDICATOR_UPLOADS.forget(request, partnership)
    messages.success(
        request,
        _("%(name)s er indlæst: %(added)s tilføjet, %(changed)s ændret.")
        % {"name": pending["name"], "added": added, "changed": changed},
    )
    return redirect("indicators:overview", partnership.slug)


# --- Hand corrections --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def value_edit(request, slug, kind, pk):
    """Correct one stored value; the form asks for a reason, which the history keeps."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    if kind not in VALUE_MODELS:
        raise Http404
    value = get_object_or_404(VALUE_MODELS[kind].objects.for_partnership(partnership), pk=pk)
    permissions.require(permissions.can_edit_indicators(request.user, partnership))
    form = CORRECTION_FORMS[kind](request.POST or None, instance=value)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            messages.success(request, _("%(value)s er rettet.") % {"value": value})
        else:
            messages.info(request, _("Intet er ændret."))
        return redirect("indicators:overview", partnership.slug)
    history = value.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "indicators/value_form.html",
        {"partnership": partnership, "value": value, "form": form, "history": history, "kind": kind},
    )


@require_http_methods(["GET", "POST"])
def source_edit(request, slug, dataset):
    """The "Kilde:" text, the "data pr." date and the caveats of one data set."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    if dataset not in DataSource.Dataset.values:
        raise Http404
    permissions.require(permissions.can_edit_indicators(request.user, partnership))
    source = DataSource.objects.filter(partnership=partnership, dataset=dataset).first()
    if source is None:
        source = DataSource(partnership=partnership, dataset=dataset)
    form = DataSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Kilden for %(dataset)s er gemt.") % {"dataset": source.get_dataset_display().lower()}
        )
        return redirect("indicators:overview", partnership.slug)
    return render(
        request,
        "indicators/source_form.html",
        {"partnership": partnership, "form": form, "source": source},
    )
