"""Django admin for the organisation and the plan; every change keeps its history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from activities.models import Activity, Budget, Partnership, ReportingRound, StatusResponse, Unit


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "district", "first_year", "last_year", "baseline_year"]
    search_fields = ["name", "slug", "district"]
    list_filter = ["district"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators", "readers"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "kind", "email"]
    search_fields = ["short_name", "name", "email"]
    list_filter = ["kind"]
    filter_horizontal = ["members"]


class BudgetInline(admin.TabularInline):
    model = Budget
    extra = 0
    fields = ["year", "amount"]
    verbose_name_plural = _("Budgetter (tomt beløb = ikke finansieret; ingen række = ikke besluttet)")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "partnership", "order", "responsible_list"]
    list_display_links = ["__str__"]
    list_filter = ["partnership", "responsible_units", "partner_units"]
    search_fields = ["title", "description", "=number"]
    filter_horizontal = ["responsible_units", "partner_units"]
    list_select_related = ["partnership"]
    inlines = [BudgetInline]
    ordering = ["partnership", "order", "number"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsible_units")

    @admin.display(description=_("ansvarlige"))
    def responsible_list(self, activity):
        return ", ".join(unit.short_name for unit in activity.responsible_units.all())


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """The midtvejsstatus changes only through its workflow; the admin may look, not touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "partnership", "year", "deadline", "is_open"]
    list_filter = ["partnership", "is_open", "year"]
    search_fields = ["title"]


@admin.register(StatusResponse)
class StatusResponseAdmin(ReadOnlyAdmin):
    list_display = ["activity", "round", "status", "updated_at"]
    list_filter = ["round", "status"]
    search_fields = ["activity__title"]
    list_select_related = ["activity", "round"]
