"""django-tables2 tables of the stored indicator values, each row with its correction link."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from amager_partnerskab.tables import LeanTable
from indicators import calculations as calc
from indicators.models import Level, PoliceCount, Population, SurveyResult

HEADER = {"th": {"scope": "col"}}
NUMERIC = {"th": {"class": "num", "scope": "col"}, "td": {"class": "num"}}


class CorrectionColumn(tables.Column):
    """A "Ret" link to the hand-correction form; only rendered for users who may edit."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        super().__init__(
            verbose_name=_("Ret"),
            empty_values=(),
            orderable=False,
            exclude_from_export=True,
            attrs=HEADER,
            **kwargs,
        )

    def render(self, record, table):
        url = reverse("indicators:value_edit", args=[table.partnership_slug, self.kind, record.pk])
        return format_html('<a href="{}">{}</a>', url, _("Ret"))


class _ValueTable(LeanTable):
    level = tables.Column(verbose_name=_("Niveau"), attrs=HEADER)
    year = tables.Column(verbose_name=_("År"), attrs=HEADER)

    def __init__(self, *args, partnership_slug, can_edit=False, comparable_from_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership_slug = partnership_slug
        self.comparable_from_year = comparable_from_year
        if not can_edit:
            self.columns.hide("edit")

    def render_year(self, value):
        return str(value)


class SurveyResultTable(_ValueTable):
    measure = tables.Column(verbose_name=_("Måling"), attrs=HEADER)
    percent = tables.Column(verbose_name=_("Andel"), attrs=NUMERIC)
    respondents = tables.Column(verbose_name=_("Respondenter"), attrs=NUMERIC)
    significant = tables.Column(verbose_name=_("Signifikant"), attrs=HEADER)
    edit = CorrectionColumn("tryghed")

    class Meta:
        model = SurveyResult
        fields = ["measure", "level", "year", "percent", "respondents", "significant"]
        order_by = ("measure", "level", "year")
        prefix = "tryghed-"
        attrs = {"class": "table table-sm"}

    def render_percent(self, value, record):
        # Area values from before the series break stay visible but are marked.
        if (
            self.comparable_from_year
            and record.level == Level.AREA
            and record.year < self.comparable_from_year
        ):
            return format_html(
                '{}<sup aria-hidden="true">*</sup><span class="visually-hidden"> ({})</span>',
                calc.format_percent(value),
                _("ikke direkte sammenlignelig"),
            )
        return calc.format_percent(value)

    def render_significant(self, value):
        return _("ja") if value else _("nej")

    def render_respondents(self, value):
        return calc.format_number(value)


class PoliceCountTable(_ValueTable):
    category = tables.Column(verbose_name=_("Kategori"), attrs=HEADER)
    count = tables.Column(verbose_name=_("Anmeldelser"), attrs=NUMERIC)
    edit = CorrectionColumn("anmeldelser")

    class Meta:
        model = PoliceCount
        fields = ["category", "level", "year", "count"]
        order_by = ("category", "level", "year")
        prefix = "anmeldelser-"
        attrs = {"class": "table table-sm"}

    def render_count(self, value):
        return calc.format_number(value)


class PopulationTable(_ValueTable):
    population = tables.Column(verbose_name=_("Indbyggere"), attrs=NUMERIC)
    edit = CorrectionColumn("indbyggere")

    class Meta:
        model = Population
        fields = ["level", "year", "population"]
        order_by = ("level", "year")
        prefix = "indbyggere-"
        attrs = {"class": "table table-sm"}

    def render_population(self, value):
        return calc.format_number(value)
