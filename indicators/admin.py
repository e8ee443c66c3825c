"""Django admin for the indicator data and goals; every change keeps its history."""

from django.contrib import admin

from indicators.models import DataSource, Goal, PoliceCount, Population, SurveyResult
from records.admin import HistoryReadOnlyAdmin


@admin.register(SurveyResult)
class SurveyResultAdmin(HistoryReadOnlyAdmin):
    list_display = ["partnership", "measure", "level", "year", "percent", "respondents", "significant"]
    list_filter = ["partnership", "measure", "level", "year"]
    list_select_related = ["partnership"]


@admin.register(PoliceCount)
class PoliceCountAdmin(HistoryReadOnlyAdmin):
    list_display = ["partnership", "category", "level", "year", "count"]
    list_filter = ["partnership", "category", "level", "year"]
    list_select_related = ["partnership"]


@admin.register(Population)
class PopulationAdmin(HistoryReadOnlyAdmin):
    list_display = ["partnership", "level", "year", "population"]
    list_filter = ["partnership", "level", "year"]
    list_select_related = ["partnership"]


@admin.register(DataSource)
class DataSourceAdmin(HistoryReadOnlyAdmin):
    list_display = ["partnership", "dataset", "source", "as_of"]
    list_filter = ["partnership", "dataset"]
    list_select_related = ["partnership"]


@admin.register(Goal)
class GoalAdmin(HistoryReadOnlyAdmin):
    list_display = [
        "partnership",
        "order",
        "indicator",
        "category",
        "rule",
        "baseline_year",
        "target_year",
        "threshold",
    ]
    list_display_links = ["indicator"]
    list_filter = ["partnership", "indicator", "rule"]
    list_select_related = ["partnership"]
