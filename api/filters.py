"""The API's filters: by partnership (its slug) and by year."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Partnership, ReportingRound, Unit
from indicators.models import PoliceCount, Population, ReportExport, SurveyResult

YEAR = {"min_value": 2000, "max_value": 2100, "help_text": _("Året, fx 2024.")}
SLUG = {"max_length": 50, "help_text": _("Partnerskabets kort navn (slug).")}


class PartnershipFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method="in_plan_period", **YEAR)

    class Meta:
        model = Partnership
        fields = []

    def in_plan_period(self, queryset, name, value):
        return queryset.filter(first_year__lte=value, last_year__gte=value)


class UnitFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(method="in_partnership", **SLUG)

    class Meta:
        model = Unit
        fields = []

    def in_partnership(self, queryset, name, value):
        activities = Activity.objects.filter(partnership__slug=value).order_by()
        return queryset.filter(
            Q(pk__in=activities.values("responsible_units")) | Q(pk__in=activities.values("partner_units"))
        )


class ActivityFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="partnership__slug", **SLUG)
    year = django_filters.NumberFilter(method="active_in", **YEAR)

    class Meta:
        model = Activity
        fields = []

    def active_in(self, queryset, name, value):
        return queryset.active_in(int(value))


def partnership_and_year(model_class, partnership="partnership__slug", year="year"):
    class Filter(django_filters.FilterSet):
        class Meta:
            model = model_class
            fields = []

    Filter.base_filters["partnership"] = django_filters.CharFilter(field_name=partnership, **SLUG)
    Filter.base_filters["year"] = django_filters.NumberFilter(field_name=year, **YEAR)
    Filter.__name__ = f"{model_class.__name__}Filter"
    return Filter


RoundFilter = partnership_and_year(ReportingRound)
SurveyResultFilter = partnership_and_year(SurveyResult)
PoliceCountFilter = partnership_and_year(PoliceCount)
PopulationFilter = partnership_and_year(Population)
FinalReportFilter = partnership_and_year(ReportExport, "report__partnership__slug", "report__year")
